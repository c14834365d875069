import { EmptyState, Text } from '@hubspot/ui-extensions';
import { UNSCORED_TITLE } from '../../shared/format/labels';
import type { UnscoredInsights } from '../../shared/insights-contract';

/** An account Telltale knows but has not scored, with the backend's reason. */
export function UnscoredAccount({ insights, compact }: { insights: UnscoredInsights; compact: boolean }) {
  return (
    <EmptyState
      title={UNSCORED_TITLE[insights.reason]}
      imageName={insights.reason === 'not_a_customer' ? 'companies' : 'emptyStateCharts'}
      layout={compact ? 'vertical' : 'horizontal'}
      imageWidth={compact ? 120 : 200}
      testId={`unscored-${insights.reason}`}
    >
      <Text>{insights.message}</Text>
    </EmptyState>
  );
}
