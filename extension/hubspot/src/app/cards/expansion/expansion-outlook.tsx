import { Alert, Flex, Heading, LoadingButton, Statistics, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import { formatDay } from '../../shared/format/dates';
import { EXPANSION_WINDOW_LABEL, EXPANSION_WINDOW_TAG } from '../../shared/format/labels';
import { formatAmount, formatProbability } from '../../shared/format/numbers';
import type { ScoredInsights } from '../../shared/insights-contract';
import { DriverRow } from '../common/driver-row';
import { type Expansion, upsellKey } from './use-expansion';

/** How likely the account is to expand and when, how much, why, and the button that hands it to the owner. */
export function ExpansionOutlook({ insights, expansion, onDeal }: { insights: ScoredInsights; expansion: Expansion; onDeal: boolean }) {
  const outlook = insights.expansion;
  const signals = [...outlook.signals].sort((a, b) => b.points - a.points);
  const { pending, failure } = expansion.action;
  return (
    <Flex direction="column" gap="sm">
      <Statistics>
        <StatisticsItem label="Next 30 days" number={formatProbability(outlook.p30d)} testId="p30d" />
        <StatisticsItem label="Next 90 days" number={formatProbability(outlook.p90d)} testId="p90d" />
        <StatisticsItem label="Next 12 months" number={formatProbability(outlook.p365d)} testId="p365d" />
      </Statistics>
      <Flex direction="row" gap="xs" align="center" wrap>
        <Tag variant={EXPANSION_WINDOW_TAG[outlook.window]} testId="expansion-window">
          {`Expansion window: ${EXPANSION_WINDOW_LABEL[outlook.window]}`}
        </Tag>
        <Text testId="expected-amount">{`Potential: ${formatAmount(outlook.expectedAmount, insights.account.currency)} ARR within 12 months`}</Text>
      </Flex>
      <Heading>Signals behind it</Heading>
      {signals.length === 0 ? <Text variant="microcopy">No signal stands out for this account.</Text> : null}
      {signals.map((signal) => (
        <DriverRow key={signal.group} driver={signal} tone="opportunity" showFeatures />
      ))}
      {failure?.key === upsellKey ? (
        <Alert title="The upsell task was not created" variant="error" testId="upsell-error">
          {failure.message}
        </Alert>
      ) : null}
      {expansion.upsellTask ? (
        <Alert title="Upsell task created" variant="success" testId="upsell-created">
          {`${expansion.upsellTask.title}, due ${formatDay(expansion.upsellTask.dueDate)}, for the ${onDeal ? "deal's" : "company's"} owner.`}
        </Alert>
      ) : (
        <LoadingButton
          variant="primary"
          loading={pending === upsellKey}
          disabled={pending !== null}
          onClick={expansion.createUpsellTask}
          testId="create-upsell-task"
        >
          Create upsell task
        </LoadingButton>
      )}
    </Flex>
  );
}
