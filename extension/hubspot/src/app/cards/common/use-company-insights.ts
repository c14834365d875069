/** A company's insights from Telltale, with the API client the card's actions write through. */
import type { InsightsResponse } from '../../shared/insights-contract';
import type { TelltaleApi } from '../../shared/backend/telltale-api';
import { type BackendData, type BackendDataHandle, useBackendData } from '../../shared/data/use-backend-data';
import { useTelltaleApi } from '../../shared/data/use-telltale-api';

export interface CompanyInsights {
  /** Null when the build has no usable backend URL (the state then says why). */
  api: TelltaleApi | null;
  state: BackendData<InsightsResponse>;
  data: BackendDataHandle<InsightsResponse>;
}

export function useCompanyInsights(companyId: string): CompanyInsights {
  const { api, error } = useTelltaleApi();
  const data = useBackendData(api ? `insights:${companyId}` : null, () => (api ? api.insights(companyId) : Promise.reject(error)));
  return { api, state: error ? { status: 'error', error } : data.state, data };
}
