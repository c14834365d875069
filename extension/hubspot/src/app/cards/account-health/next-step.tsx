import { Alert } from '@hubspot/ui-extensions';
import { INTERVENTION_WINDOW_LABEL } from '../../shared/format/labels';
import type { ScoredInsights } from '../../shared/insights-contract';

/** The next best action and, for holdout accounts, why Telltale creates no tasks for them. */
export function NextStep({ insights }: { insights: ScoredInsights }) {
  return (
    <>
      {insights.nextBestAction ? (
        <Alert title="Next best action" variant="tip" testId="next-best-action">
          {insights.interventionWindow
            ? `${insights.nextBestAction} (${INTERVENTION_WINDOW_LABEL[insights.interventionWindow].toLowerCase()} window)`
            : insights.nextBestAction}
        </Alert>
      ) : null}
      {insights.holdout ? (
        <Alert title="Measurement holdout" variant="info" testId="holdout">
          This account is scored but gets no automatic tasks, so Telltale can measure what its interventions change.
        </Alert>
      ) : null}
    </>
  );
}
