import { Flex, Heading, Statistics, StatisticsItem, Text } from '@hubspot/ui-extensions';
import { EXPANSION_WINDOW_LABEL } from '../../shared/format/labels';
import { formatAmount } from '../../shared/format/numbers';
import type { PortfolioResponse } from '../../shared/insights-contract';

const WINDOWS = ['30_days', '90_days', '12_months'] as const;

/** Expected expansion ARR and the accounts behind it, by when the expansion is likely. */
export function ExpansionPipeline({ pipeline, currency }: { pipeline: PortfolioResponse['expansionPipeline']; currency?: string }) {
  return (
    <Flex direction="column" gap="xs">
      <Heading>Expansion pipeline</Heading>
      <Statistics>
        {WINDOWS.map((window) => (
          <StatisticsItem key={window} label={EXPANSION_WINDOW_LABEL[window]} number={formatAmount(pipeline[window].expectedAmount, currency)} testId={`pipeline-${window}`}>
            <Text variant="microcopy">{`${pipeline[window].accounts} accounts`}</Text>
          </StatisticsItem>
        ))}
      </Statistics>
    </Flex>
  );
}
