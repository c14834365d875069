import { Flex, Heading, Statistics, StatisticsItem } from '@hubspot/ui-extensions';
import { formatCount } from '../../shared/format/numbers';
import type { PortfolioResponse } from '../../shared/insights-contract';

const COUNTS = [
  { key: 'open', label: 'Open' },
  { key: 'accepted', label: 'Accepted' },
  { key: 'dismissed', label: 'Dismissed' },
  { key: 'holdout', label: 'Holdout' },
] as const;

/** How the recommended interventions are faring across the portfolio. */
export function InterventionCounts({ counts }: { counts: PortfolioResponse['interventions'] }) {
  return (
    <Flex direction="column" gap="xs">
      <Heading>Interventions</Heading>
      <Statistics>
        {COUNTS.map(({ key, label }) => (
          <StatisticsItem key={key} label={label} number={formatCount(counts[key])} testId={`interventions-${key}`} />
        ))}
      </Statistics>
    </Flex>
  );
}
