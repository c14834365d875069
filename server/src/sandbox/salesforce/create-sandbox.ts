import express, { Router } from 'express';
import type { FieldCatalogue } from '../../actions/fields-catalogue.js';
import { systemClock, type Clock } from '../../clock/clock.js';
import { adminRoutes } from './admin-routes.js';
import { API_VERSIONS, parseVersionSegment } from './api-versions.js';
import { ApiUsage, apiUsageLimiter, DEFAULT_DAILY_API_LIMIT } from './api-usage.js';
import { requireSession } from './auth.js';
import { compositeRoutes } from './composite-routes.js';
import { notFound, salesforceErrorHandler } from './errors.js';
import { FaultInjector, parseFaultPlan, type FaultPlan } from './faults.js';
import { limitsRoutes } from './limits-routes.js';
import { orgSchema } from './object-definitions.js';
import { OAuthServer } from './oauth-server.js';
import { oauthRoutes } from './oauth-routes.js';
import type { OrgData } from './org-data.js';
import { OrgStore } from './org-store.js';
import { QueryCursors } from './query-cursors.js';
import { queryRoutes } from './query-routes.js';
import type { RouteContext } from './routing.js';
import { SessionRegistry } from './sessions.js';
import { simulateRoutes } from './simulate-routes.js';
import { sobjectsRoutes } from './sobjects-routes.js';
import { StatsRecorder, type SalesforceSandboxStats } from './stats.js';
import type { ChangeEvent } from './streaming/change-event-bus.js';
import { streamingApi, type ChangeDataCaptureOptions, type StreamingOptions } from './streaming/streaming-api.js';
import { attributeApiWrites } from './streaming/write-transactions.js';

export type { SalesforceSandboxStats } from './stats.js';
export type { FaultPlan } from './faults.js';
export type { OrgData } from './org-data.js';
export { OrgStore } from './org-store.js';
export type { ChangeEvent } from './streaming/change-event-bus.js';
export type { ChangeEventData, ChangeEventHeader } from './streaming/change-event-payload.js';

/** Salesforce's default session timeout. */
export const DEFAULT_SESSION_TTL_SECONDS = 7_200;
export const SANDBOX_CONSUMER_KEY = '3MVG9TelltaleSandbox.ConnectedApp.ConsumerKey';

export interface SalesforceSandboxOptions {
  data: OrgData;
  /** The connected app's consumer key (JWT `iss`, OAuth `client_id`); default SANDBOX_CONSUMER_KEY. */
  consumerKey?: string;
  /** The connected app's consumer secret (refresh and authorization-code grants, token signatures, admin routes). */
  consumerSecret: string;
  /** PEM certificate or public key registered on the connected app; JWT bearer logins are refused without it. */
  certificate?: string;
  /** The user the app logs in as (JWT `sub`); default the org's integration user. Must be a User of `data`. */
  username?: string;
  /** Callback URLs of the web-server flow; any http(s) URL when absent. */
  callbackUrls?: readonly string[];
  /** JWT `aud` values accepted besides the login URL the token request reached. */
  audiences?: readonly string[];
  /** Seconds a session lives (default 7,200). */
  sessionTtlSeconds?: number;
  /** DailyApiRequests Max (default 15,000, a Developer Edition org's). */
  dailyApiLimit?: number;
  clock?: Clock;
  /** The Telltale fields on Account (default manifests/fields.json). */
  fieldCatalogue?: FieldCatalogue;
  /** The entities selected for Change Data Capture (default Account, Opportunity, Case; `[]` = off) and the bus's retention cap. */
  changeDataCapture?: ChangeDataCaptureOptions;
  /** The Streaming API's /meta/connect hold (default 110 s, Salesforce's; shorten it in tests). */
  streaming?: StreamingOptions;
}

/** An emulated Salesforce org: an express router to mount anywhere (its URL is the login and instance URL), plus test hooks. */
export interface SalesforceSandbox {
  router: express.Router;
  /** The org's records; tests may read them or change them with insert / update / delete. */
  org: OrgStore;
  stats(): SalesforceSandboxStats;
  resetStats(): void;
  /** Queued faults; `injectFaults(plan)` takes the same plans as POST /__faults. */
  faults: FaultInjector;
  injectFaults(plan: FaultPlan): void;
  readonly orgId: string;
  readonly username: string;
  readonly userId: string;
  readonly consumerKey: string;
  /** Sessions and refresh tokens; `issueSession` logs the app's user in without the token endpoint. */
  sessions: SessionRegistry;
  issueSession(options?: { withRefreshToken?: boolean }): { accessToken: string; refreshToken?: string };
  /** Ends every session (clients get 401 INVALID_SESSION_ID and must log in or refresh); returns how many ended. */
  expireAllSessions(): number;
  /** The daily API request counter (`setUsed` to bring the org near its limit). */
  apiUsage: ApiUsage;
  oauth: OAuthServer;
  /** The change events the org's bus retains (72 hours, capped), oldest first. */
  readonly changeEvents: readonly ChangeEvent[];
  /** Forgets every Streaming API client (as a server restart would): their next request gets 403::Unknown client. Returns how many. */
  dropStreamingClients(): number;
}

/** Builds the Salesforce emulation over an org's data. */
export function createSalesforceSandbox(options: SalesforceSandboxOptions): SalesforceSandbox {
  const clock = options.clock ?? systemClock;
  const store = new OrgStore(options.data, orgSchema(options.fieldCatalogue), clock);
  const username = options.username ?? options.data.integrationUser.username;
  const user = store.all('User').find((u) => String(u.Username).toLowerCase() === username.toLowerCase() && u.IsActive === true);
  if (!user) throw new Error(`createSalesforceSandbox: no active user ${username} in the org`);
  const consumerKey = options.consumerKey ?? SANDBOX_CONSUMER_KEY;
  const stats = new StatsRecorder();
  const faults = new FaultInjector();
  const sessions = new SessionRegistry(store.orgId, clock, options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS);
  const apiUsage = new ApiUsage(options.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT, clock);
  const oauth = new OAuthServer(
    { consumerKey, consumerSecret: options.consumerSecret, certificate: options.certificate, callbackUrls: options.callbackUrls, audiences: options.audiences },
    { id: user.Id, username: String(user.Username), orgId: store.orgId },
    sessions,
    clock,
  );
  const streaming = streamingApi({ store, sessions, stats, clock, apiUserId: user.Id, changeDataCapture: options.changeDataCapture, streaming: options.streaming });
  const ctx: RouteContext = { store, stats, clock, cursors: new QueryCursors(clock), faults };
  const injectFaults = (plan: FaultPlan): void => {
    const parsed = parseFaultPlan(plan);
    if ('status' in parsed) faults.addServerErrors(parsed);
    else if ('recordErrors' in parsed) faults.addRecordErrors(parsed.recordErrors);
    else sessions.expireAll();
  };

  const api = Router();
  api.get('/', (_req, res) => {
    const version = String(res.locals.apiVersion);
    const base = `/services/data/v${version}`;
    res.json({ limits: `${base}/limits`, sobjects: `${base}/sobjects`, query: `${base}/query`, queryAll: `${base}/queryAll`, composite: `${base}/composite` });
  });
  api.use(queryRoutes(ctx), sobjectsRoutes(ctx), compositeRoutes(ctx), limitsRoutes(ctx, apiUsage));

  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }), express.json({ limit: '20mb' }));
  router.use(oauthRoutes(oauth, store, stats));
  router.use(adminRoutes({ stats, sessions, apiUsage, consumerSecret: options.consumerSecret, injectFaults, faults }));
  router.use(simulateRoutes(ctx, sessions, options.consumerSecret));
  router.use(streaming.router);
  // The versions resource needs no session and is not counted against the API limit.
  router.get(['/services/data', '/services/data/'], (_req, res) => {
    res.json(API_VERSIONS);
  });
  router.use(
    '/services/data/:version',
    (req, res, next) => {
      const version = parseVersionSegment(String(req.params.version));
      if (!version) throw notFound();
      res.locals.apiVersion = version;
      res.on('finish', () => stats.answered(res.statusCode));
      next();
    },
    requireSession(sessions),
    attributeApiWrites(),
    faults.middleware(stats),
    apiUsageLimiter(apiUsage, stats),
    api,
  );
  router.use(() => {
    throw notFound();
  });
  router.use(salesforceErrorHandler);

  return {
    router,
    org: store,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    faults,
    injectFaults,
    orgId: store.orgId,
    username: String(user.Username),
    userId: user.Id,
    consumerKey,
    sessions,
    issueSession: (opts = {}) => {
      const session = sessions.issue(user.Id, { scope: opts.withRefreshToken ? 'refresh_token api' : 'api', withRefreshToken: opts.withRefreshToken ?? false });
      return { accessToken: session.accessToken, ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}) };
    },
    expireAllSessions: () => sessions.expireAll(),
    apiUsage,
    oauth,
    get changeEvents() {
      return [...streaming.changeEvents.retained()];
    },
    dropStreamingClients: () => streaming.clients.dropAll(),
  };
}
