import { Alert, Flex, LoadingButton, Text, useExtensionContext } from '@hubspot/ui-extensions';
import { formatMoment } from '../../shared/format/dates';
import type { ScoredInsights } from '../../shared/insights-contract';
import type { ActionFailure } from '../../shared/data/use-backend-action';
import { refreshKey } from './use-account-health';

/** When the account was scored and by which models, with "Refresh" to score it again now. */
export function ScoringFooter({ insights, pending, failure, onRefresh }: {
  insights: ScoredInsights;
  pending: string | null;
  failure: ActionFailure | null;
  onRefresh: () => void;
}) {
  const { portal } = useExtensionContext();
  const { models } = insights;
  return (
    <Flex direction="column" gap="xs">
      {failure?.key === refreshKey ? (
        <Alert title="Refresh failed" variant="error" testId="refresh-error">
          {failure.message}
        </Alert>
      ) : null}
      <Flex direction="row" justify="between" align="center" gap="sm" wrap>
        <Flex direction="column" gap="flush">
          <Text variant="microcopy" testId="scored-at">{`Scored ${formatMoment(insights.scoredAt, portal.timezone)}`}</Text>
          <Text variant="microcopy" testId="model-versions">{`Models: churn ${models.churn}, expansion ${models.expansion}, health ${models.health}`}</Text>
        </Flex>
        <LoadingButton size="sm" loading={pending === refreshKey} disabled={pending !== null} onClick={onRefresh} testId="refresh">
          Refresh
        </LoadingButton>
      </Flex>
    </Flex>
  );
}
