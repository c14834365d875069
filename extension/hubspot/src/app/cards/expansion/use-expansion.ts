/**
 * The expansion card's data hook: the company's insights (the expansion part is what the card
 * shows) and the upsell task it creates for the deal's owner, or the company's when there is no deal.
 */
import type { Intervention, InsightsResponse } from '../../shared/insights-contract';
import { type BackendAction, useBackendAction } from '../../shared/data/use-backend-action';
import type { BackendData } from '../../shared/data/use-backend-data';
import { useState } from 'react';
import { useCompanyInsights } from '../common/use-company-insights';

export interface Expansion {
  state: BackendData<InsightsResponse>;
  retry: () => void;
  createUpsellTask: () => void;
  action: Pick<BackendAction, 'pending' | 'failure'>;
  /** The upsell task created from this card, once there is one. */
  upsellTask: Intervention | null;
}

export const upsellKey = 'upsell-task';

export function useExpansion(companyId: string, dealId?: string): Expansion {
  const { api, state, data } = useCompanyInsights(companyId);
  const action = useBackendAction();
  const [upsellTask, setUpsellTask] = useState<Intervention | null>(null);

  function createUpsellTask() {
    if (!api) return;
    action.run(upsellKey, () => api.createUpsellTask(companyId, dealId), (answer) => setUpsellTask(answer.intervention));
  }

  return {
    state,
    retry: data.reload,
    createUpsellTask,
    action: { pending: action.pending, failure: action.failure },
    upsellTask,
  };
}
