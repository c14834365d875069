/**
 * The card API the HubSpot app calls through `hubspot.fetch` (contract:
 * extension/hubspot/src/app/shared/insights-contract.d.ts; document: GET /api/v1/openapi.json).
 * Every route but the document checks HubSpot's v3 signature itself, so the router is mounted at the
 * app root before the admin-only /api/v1 routes. The verified `portalId` decides the tenant; a record
 * of another tenant is a 404.
 * - GET  /api/v1/hubspot/companies/:id/insights        InsightsResponse
 * - POST /api/v1/hubspot/companies/:id/rescore         score the account now, queue a sync; InsightsResponse
 * - POST /api/v1/hubspot/companies/:id/upsell-task     {dealId?} → AcceptInterventionResponse (card-upsell.ts)
 * - POST /api/v1/hubspot/interventions/:id/accept      AcceptInterventionResponse (the CRM task is created now)
 * - POST /api/v1/hubspot/interventions/:id/dismiss     {reason} (1–500 characters) → DismissInterventionResponse
 * - GET  /api/v1/hubspot/portfolio                     PortfolioResponse
 * - GET  /api/v1/openapi.json                          the OpenAPI 3.1 document (no signature)
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type {
  AcceptInterventionResponse,
  ApiError,
  DismissInterventionResponse,
  InsightsResponse,
  PortfolioResponse,
} from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { accountFacts } from '../store/account-facts.js';
import type { Database } from '../store/database.js';
import { accountInsights } from './card-insights.js';
import { acceptFromCard, dismissFromCard, type TasksFor } from './card-intervention-actions.js';
import { portfolioOf } from './card-portfolio.js';
import { CardRequestError, verifiedBody, verifiedCaller, type CardCaller } from './card-request.js';
import { dismissInterventionRequestSchema, upsellTaskRequestSchema } from './card-schemas.js';
import { upsellFromCard } from './card-upsell.js';
import { cardOpenApiDocument } from './openapi.js';
import { requireHubSpotSignature } from './require-hubspot-signature.js';

export type { TasksFor };

export interface CardRouterDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** The HubSpot app's client secret; undefined when no app is configured (every card request is refused). */
  clientSecret: () => string | undefined;
  /** The origin HubSpot calls when the service sits behind a proxy that rewrites Host (TELLTALE_PUBLIC_URL). */
  publicOrigin?: string | undefined;
  /** The tenant's CRM task gateway (connectors/hubspot/tasks.ts with its credentials); undefined without credentials. */
  tasksFor: TasksFor;
  /** Queues an incremental sync of the tenant (rescore: later CRM changes reach the scores through after-sync scoring). */
  enqueueSync: (tenantId: string) => Promise<unknown>;
  /** Scores these accounts of the tenant now and stores their predictions (rescore). */
  scoreAccountsNow: (tenantId: string, accountIds: string[]) => Promise<unknown>;
}

const BASE = '/api/v1/hubspot';

/** Sends a contract type; the type argument makes each route name what it answers. */
function answer<T extends InsightsResponse | AcceptInterventionResponse | DismissInterventionResponse | PortfolioResponse>(res: Response, body: T): void {
  res.json(body);
}

export function createCardRouter(deps: CardRouterDeps): Router {
  const router = Router();
  const signed = requireHubSpotSignature({ clientSecret: deps.clientSecret, clock: deps.clock, limit: '16kb', ...(deps.publicOrigin ? { publicOrigin: deps.publicOrigin } : {}) });
  const caller = (req: Request): Promise<CardCaller> => verifiedCaller(deps.db, req);
  const actionContext = (who: CardCaller) => ({ db: deps.db, tenant: who.tenant, tasksFor: deps.tasksFor, logger: deps.logger });
  let openApi: Record<string, unknown> | undefined;

  router.get('/api/v1/openapi.json', (_req, res) => {
    openApi ??= cardOpenApiDocument();
    res.json(openApi);
  });

  router.get(`${BASE}/companies/:id/insights`, ...signed, async (req: Request<{ id: string }>, res) => {
    const who = await caller(req);
    answer<InsightsResponse>(res, await insightsOrNotFound(deps, who, req.params.id));
  });

  router.post(`${BASE}/companies/:id/rescore`, ...signed, async (req: Request<{ id: string }>, res) => {
    const who = await caller(req);
    const id = req.params.id;
    if (!(await accountFacts(deps.db, who.tenant.id, [id])).has(id)) throw companyNotFound(id);
    deps.enqueueSync(who.tenant.id).catch((error: Error) => deps.logger.warn({ tenantId: who.tenant.id, err: error.message }, 'rescore: sync not queued'));
    await deps.scoreAccountsNow(who.tenant.id, [id]);
    answer<InsightsResponse>(res, await insightsOrNotFound(deps, who, id));
  });

  router.post(`${BASE}/companies/:id/upsell-task`, ...signed, async (req: Request<{ id: string }>, res) => {
    const who = await caller(req);
    const body = verifiedBody(res.locals.rawBody, upsellTaskRequestSchema);
    answer<AcceptInterventionResponse>(res, await upsellFromCard({ ...actionContext(who), clock: deps.clock, caller: who }, { companyId: req.params.id, dealId: body.dealId }));
  });

  router.post(`${BASE}/interventions/:id/accept`, ...signed, async (req: Request<{ id: string }>, res) => {
    const who = await caller(req);
    answer<AcceptInterventionResponse>(res, await acceptFromCard(actionContext(who), req.params.id));
  });

  router.post(`${BASE}/interventions/:id/dismiss`, ...signed, async (req: Request<{ id: string }>, res) => {
    const who = await caller(req);
    const body = verifiedBody(res.locals.rawBody, dismissInterventionRequestSchema);
    answer<DismissInterventionResponse>(res, await dismissFromCard(actionContext(who), req.params.id, body.reason));
  });

  router.get(`${BASE}/portfolio`, ...signed, async (req, res) => {
    const who = await caller(req);
    answer<PortfolioResponse>(res, await portfolioOf({ db: deps.db, tenantId: who.tenant.id, clock: deps.clock }));
  });

  // Only errors raised inside this router reach this handler: every failure answers an ApiError.
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof CardRequestError) {
      res.status(error.status).json(error.body());
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // express.raw's refusals (body too large, bad encoding): the client's fault, said as such.
      res.status(status).json({ error: 'bad_request', message: (error as Error).message } satisfies ApiError);
      return;
    }
    deps.logger.error({ err: (error as Error).message, stack: (error as Error).stack, path: req.path }, 'card request failed');
    res.status(500).json({ error: 'internal_error', message: 'internal error' } satisfies ApiError);
  });

  return router;
}

async function insightsOrNotFound(deps: CardRouterDeps, who: CardCaller, companyId: string): Promise<InsightsResponse> {
  const insights = await accountInsights({ db: deps.db, tenant: who.tenant, clock: deps.clock }, companyId);
  if (!insights) throw companyNotFound(companyId);
  return insights;
}

function companyNotFound(id: string): CardRequestError {
  return new CardRequestError(404, 'not_found', `Telltale does not know company ${id} in this portal (it appears after the next sync)`);
}
