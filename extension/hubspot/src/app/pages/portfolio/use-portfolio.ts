/** The home page's data hook: the portfolio summary of the portal the request is signed for. */
import type { PortfolioResponse } from '../../shared/insights-contract';
import { type BackendData, useBackendData } from '../../shared/data/use-backend-data';
import { useTelltaleApi } from '../../shared/data/use-telltale-api';

export interface Portfolio {
  state: BackendData<PortfolioResponse>;
  reload: () => void;
}

export function usePortfolio(): Portfolio {
  const { api, error } = useTelltaleApi();
  const data = useBackendData(api ? 'portfolio' : null, () => (api ? api.portfolio() : Promise.reject(error)));
  return { state: error ? { status: 'error', error } : data.state, reload: data.reload };
}
