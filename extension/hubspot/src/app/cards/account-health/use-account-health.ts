/**
 * The account health cards' data hook: the company's insights, plus the writes the cards offer —
 * rescore now, create an intervention's task, dismiss it with a reason — each updating the shown
 * answer with what the backend returned. When the backend refuses a task or dismissal because the
 * intervention's state moved on (409: someone else acted first), the insights are read again
 * behind the message, so the card shows where the intervention stands and which actions it allows.
 */
import { useExtensionActions, useExtensionContext } from '@hubspot/ui-extensions';
import type { BackendError } from '../../shared/backend/backend-error';
import type { Intervention, InsightsResponse } from '../../shared/insights-contract';
import { type BackendAction, useBackendAction } from '../../shared/data/use-backend-action';
import type { BackendData } from '../../shared/data/use-backend-data';
import { useCompanyInsights } from '../common/use-company-insights';

export interface AccountHealth {
  state: BackendData<InsightsResponse>;
  retry: () => void;
  /** Rescores the account now and shows the new insights. */
  refresh: () => void;
  /** Creates the intervention's CRM task. */
  accept: (intervention: Intervention) => void;
  dismiss: (intervention: Intervention, reason: string) => void;
  action: Pick<BackendAction, 'pending' | 'failure'>;
}

export const refreshKey = 'refresh';
export const acceptKey = (interventionId: string) => `accept:${interventionId}`;
export const dismissKey = (interventionId: string) => `dismiss:${interventionId}`;

export function useAccountHealth(): AccountHealth {
  const context = useExtensionContext<'crm.record.tab' | 'crm.record.sidebar'>();
  const actions = useExtensionActions<'crm.record.tab' | 'crm.record.sidebar'>();
  const companyId = String(context.crm.objectId);
  const { api, state, data } = useCompanyInsights(companyId);
  const action = useBackendAction();

  const refreshOnConflict = (error: BackendError) => {
    if (error.kind === 'conflict') data.refresh();
  };

  const replaceIntervention = (changed: Intervention) =>
    data.update((insights) =>
      insights.status === 'scored'
        ? { ...insights, interventions: insights.interventions.map((i) => (i.id === changed.id ? changed : i)) }
        : insights,
    );

  function refresh() {
    if (!api) return;
    action.run(refreshKey, () => api.rescore(companyId), (insights) => {
      data.replace(insights);
      // The rescore wrote Telltale's properties on the record: show their new values.
      actions.refreshObjectProperties();
    });
  }

  function accept(intervention: Intervention) {
    if (!api) return;
    action.run(acceptKey(intervention.id), () => api.acceptIntervention(intervention.id), (answer) => {
      replaceIntervention(answer.intervention);
      actions.addAlert({ type: 'success', title: 'Task created', message: answer.intervention.title });
    }, refreshOnConflict);
  }

  function dismiss(intervention: Intervention, reason: string) {
    if (!api) return;
    action.run(dismissKey(intervention.id), () => api.dismissIntervention(intervention.id, { reason }), (answer) => {
      replaceIntervention(answer.intervention);
      actions.addAlert({ type: 'info', title: 'Intervention dismissed', message: `${answer.intervention.title}: ${reason}` });
    }, refreshOnConflict);
  }

  return {
    state,
    retry: data.reload,
    refresh,
    accept,
    dismiss,
    action: { pending: action.pending, failure: action.failure },
  };
}
