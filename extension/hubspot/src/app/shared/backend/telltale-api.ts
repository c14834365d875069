/**
 * Telltale's card API as the cards call it: one function per endpoint, typed with the shared
 * contract. The backend decides the portal from HubSpot's signature, so no call names it.
 */
import type {
  AcceptInterventionResponse,
  DismissInterventionRequest,
  DismissInterventionResponse,
  InsightsResponse,
  PortfolioResponse,
} from '../insights-contract';
import { requestJson } from './request-json';

/** Reads answer from stored scores; a rescore runs the models for one account and takes longer. */
const READ_TIMEOUT_MS = 8_000;
const WRITE_TIMEOUT_MS = 10_000;
const RESCORE_TIMEOUT_MS = 15_000;

export interface TelltaleApi {
  /** GET /api/v1/hubspot/companies/:id/insights */
  insights(companyId: string): Promise<InsightsResponse>;
  /** POST /api/v1/hubspot/companies/:id/rescore: scores the account now and answers its new insights. */
  rescore(companyId: string): Promise<InsightsResponse>;
  /** POST /api/v1/hubspot/interventions/:id/accept: creates the intervention's CRM task. */
  acceptIntervention(interventionId: string): Promise<AcceptInterventionResponse>;
  /** POST /api/v1/hubspot/interventions/:id/dismiss */
  dismissIntervention(interventionId: string, request: DismissInterventionRequest): Promise<DismissInterventionResponse>;
  /** POST /api/v1/hubspot/companies/:id/upsell-task: the upsell task for the deal's (or company's) owner. */
  createUpsellTask(companyId: string, dealId?: string): Promise<AcceptInterventionResponse>;
  /** GET /api/v1/hubspot/portfolio */
  portfolio(): Promise<PortfolioResponse>;
}

export function telltaleApi(backendUrl: string): TelltaleApi {
  const base = `${backendUrl}/api/v1/hubspot`;
  const company = (id: string) => `${base}/companies/${encodeURIComponent(id)}`;
  const intervention = (id: string) => `${base}/interventions/${encodeURIComponent(id)}`;
  return {
    insights: (companyId) => requestJson(`${company(companyId)}/insights`, { method: 'GET', timeoutMs: READ_TIMEOUT_MS }),
    rescore: (companyId) => requestJson(`${company(companyId)}/rescore`, { method: 'POST', timeoutMs: RESCORE_TIMEOUT_MS }),
    acceptIntervention: (interventionId) =>
      requestJson(`${intervention(interventionId)}/accept`, { method: 'POST', timeoutMs: WRITE_TIMEOUT_MS }),
    dismissIntervention: (interventionId, request) =>
      requestJson(`${intervention(interventionId)}/dismiss`, { method: 'POST', body: { reason: request.reason }, timeoutMs: WRITE_TIMEOUT_MS }),
    createUpsellTask: (companyId, dealId) =>
      requestJson(`${company(companyId)}/upsell-task`, { method: 'POST', body: dealId ? { dealId } : {}, timeoutMs: WRITE_TIMEOUT_MS }),
    portfolio: () => requestJson(`${base}/portfolio`, { method: 'GET', timeoutMs: READ_TIMEOUT_MS }),
  };
}
