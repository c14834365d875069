import { Alert, Flex, ProgressBar, Statistics, StatisticsItem, StatisticsTrend, Tag, Text } from '@hubspot/ui-extensions';
import { BAND_LABEL, BAND_PROGRESS, BAND_TAG, TRAJECTORY_LABEL, TRAJECTORY_TAG } from '../../shared/format/labels';
import { formatChange, formatProbability } from '../../shared/format/numbers';
import type { ScoredInsights } from '../../shared/insights-contract';

/**
 * The churn risk score as a bar coloured by the model's band (HubSpot's ScoreCircle colours high
 * scores green, which would read a high risk as good news), its change over 30 days, and where
 * the account's health is heading.
 */
export function RiskSummary({ insights }: { insights: ScoredInsights }) {
  const { churn, health } = insights;
  return (
    <Flex direction="column" gap="sm">
      <ProgressBar
        title="Churn risk"
        value={churn.riskScore}
        maxValue={100}
        valueDescription={`${churn.riskScore} of 100`}
        variant={BAND_PROGRESS[churn.band]}
        testId="risk-score"
      />
      <Flex direction="row" gap="xs" wrap>
        <Tag variant={BAND_TAG[churn.band]} testId="risk-band">
          {BAND_LABEL[churn.band]}
        </Tag>
        <Tag variant={TRAJECTORY_TAG[health.trajectory]} testId="trajectory">
          {`${TRAJECTORY_LABEL[health.trajectory]} health, ${health.confidence}% confidence`}
        </Tag>
      </Flex>
      <Statistics>
        <StatisticsItem label="Churn risk" number={churn.riskScore} testId="risk-change">
          <RiskChange change={churn.change30d} />
        </StatisticsItem>
        <StatisticsItem label="Churn probability" number={formatProbability(churn.probability)} />
        <StatisticsItem label="Health score" number={health.score === null ? 'n/a' : Math.round(health.score)}>
          <Text variant="microcopy">{health.source === 'crm' ? 'From the CRM' : "Telltale's pulse score"}</Text>
        </StatisticsItem>
      </Statistics>
      {churn.lowConfidence ? (
        <Alert title="Some inputs were missing" variant="warning" testId="low-confidence">
          Telltale filled them with typical values, so treat this score with more caution than usual.
        </Alert>
      ) : null}
    </Flex>
  );
}

function RiskChange({ change }: { change: number | null }) {
  if (change === null) return <Text variant="microcopy">No score 30 days ago</Text>;
  if (Math.round(change) === 0) return <Text variant="microcopy">Unchanged over 30 days</Text>;
  // A rising risk is bad news: red up, green down.
  return (
    <StatisticsTrend
      value={`${formatChange(change)} pts in 30 days`}
      direction={change > 0 ? 'increase' : 'decrease'}
      color={change > 0 ? 'red' : 'green'}
    />
  );
}
