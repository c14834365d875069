import express, { Router } from 'express';
import { systemClock, type Clock } from '../../clock/clock.js';
import type { PortalData } from './portal-data.js';
import { accountInfoRoutes } from './account-info-routes.js';
import { adminRoutes } from './admin-routes.js';
import { associationsRoutes } from './associations-routes.js';
import { requireBearer } from './auth.js';
import { batchRoutes } from './batch-routes.js';
import { hubSpotErrorHandler, notFoundError } from './errors.js';
import { FaultInjector, type FaultPlan } from './faults.js';
import { OAuthGrants, type SandboxOAuthOptions } from './oauth-grants.js';
import { oauthRoutes } from './oauth-routes.js';
import { objectsRoutes } from './objects-routes.js';
import { ownersRoutes } from './owners-routes.js';
import { PortalStore } from './portal-store.js';
import { propertiesRoutes } from './properties-routes.js';
import { DEFAULT_RATE_LIMIT, rateLimitBody, rateLimiter, type RateLimitOptions } from './rate-limit.js';
import type { RouteContext } from './routing.js';
import { requireScopes } from './scopes.js';
import { searchRoutes } from './search-routes.js';
import { simulateRoutes } from './simulate-routes.js';
import { StatsRecorder, type SandboxStats } from './stats.js';
import { WebhookSender } from './webhook-sender.js';

export type { SandboxStats } from './stats.js';
export type { FaultPlan } from './faults.js';
export { PortalStore } from './portal-store.js';

export interface HubSpotSandboxOptions {
  data: PortalData;
  /** The private-app token the sandbox accepts as `Authorization: Bearer <token>`. */
  accessToken: string;
  /** Reported by GET /sandbox (used for request signatures). */
  clientSecret: string;
  /** Per-token limits; default 100 per 10 s and 5 searches per second. `false` turns limiting off. */
  rateLimit?: Pick<RateLimitOptions, 'perTenSeconds' | 'searchPerSecond'> | false;
  clock?: Clock;
  /** The scopes the token was granted; requests needing another answer 403 MISSING_SCOPES. Default: every scope. */
  grantedScopes?: readonly string[];
  /** The app id webhook events carry (default 1). */
  appId?: number;
  /** The OAuth app (client id, redirect URLs, token lifetimes; see oauth-grants.ts); its client secret is `clientSecret`. */
  oauth?: SandboxOAuthOptions;
}

/** An emulated HubSpot portal: an express router to mount at /sandbox/hubspot, plus test hooks. */
export interface HubSpotSandbox {
  router: express.Router;
  stats(): SandboxStats;
  resetStats(): void;
  /** The next `count` requests whose path contains `route` get `status` with HubSpot's body. */
  injectFaults(plan: FaultPlan): void;
  /** The in-memory portal (records, associations, properties, owners) tests may change. */
  store: PortalStore;
  readonly portalId: number;
  readonly accessToken: string;
  readonly clientSecret: string;
  /** Change events to the app's target URL (none until `setTarget`); see webhook-sender.ts. */
  webhooks: Pick<WebhookSender, 'setTarget' | 'snapshot' | 'drain' | 'close'>;
  /** The OAuth server: codes, access and refresh tokens it issued (`clientId`, `revokeRefreshToken`…). */
  oauth: OAuthGrants;
}

/** Builds the HubSpot emulation over a portal's data. */
export function createHubSpotSandbox(options: HubSpotSandboxOptions): HubSpotSandbox {
  const clock = options.clock ?? systemClock;
  const store = new PortalStore(options.data, clock);
  const stats = new StatsRecorder();
  const faults = new FaultInjector();
  const ctx: RouteContext = { store, stats, clock };
  const webhooks = new WebhookSender({ portalId: options.data.portalId, appId: options.appId ?? 1, clientSecret: options.clientSecret, clock, subscribesTo: (name) => !name.startsWith('telltale_') });
  store.onChange((change) => webhooks.record(change));

  const router = Router();
  router.use(express.json({ limit: '20mb' }));
  const oauth = new OAuthGrants({ appId: options.appId ?? 1, ...options.oauth, portalId: options.data.portalId, clientSecret: options.clientSecret, clock });
  // HubSpot's OAuth endpoints take client credentials, not a bearer token.
  router.use(oauthRoutes(ctx, oauth));
  router.use(requireBearer(options.accessToken, oauth));
  router.use(adminRoutes(stats, faults, webhooks));
  router.use(simulateRoutes(store));
  if (options.rateLimit !== false) router.use(rateLimiter({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit }, clock, stats));
  router.use(faults.middleware(stats, () => rateLimitBody('TEN_SECONDLY_ROLLING')));
  if (options.grantedScopes) router.use(requireScopes(options.grantedScopes));
  router.use(accountInfoRoutes(ctx));
  router.use(searchRoutes(ctx));
  router.use(batchRoutes(ctx));
  router.use(objectsRoutes(ctx));
  router.use(associationsRoutes(ctx));
  router.use(propertiesRoutes(ctx));
  router.use(ownersRoutes(ctx));
  router.use((req) => {
    throw notFoundError(`Unable to route ${req.method} ${req.path}`);
  });
  router.use(hubSpotErrorHandler);

  return {
    router,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    injectFaults: (plan) => faults.add(plan),
    store,
    portalId: options.data.portalId,
    accessToken: options.accessToken,
    clientSecret: options.clientSecret,
    webhooks,
    oauth,
  };
}
