/**
 * The Streaming API endpoint, `POST /cometd/{version}`, delivering the org's Change Data Capture
 * events to CometD long-polling clients (jsforce's `conn.streaming.createClient()`, faye 1.4). The body
 * is a JSON array of Bayeux messages (or one message); the session is the `Authorization: OAuth|Bearer`
 * header. Bayeux errors travel in 200 answers as Salesforce sends them; an unknown API version is a 404.
 */
import { Router } from 'express';
import type { Clock } from '../../../clock/clock.js';
import { parseVersionSegment } from '../api-versions.js';
import { accessTokenOf } from '../auth.js';
import { notFound } from '../errors.js';
import type { SObjectName } from '../org-data.js';
import type { OrgStore } from '../org-store.js';
import type { SessionRegistry } from '../sessions.js';
import type { StatsRecorder } from '../stats.js';
import { BayeuxEndpoint } from './bayeux-endpoint.js';
import { bayeuxRequestSchema, SALESFORCE_CONNECT_TIMEOUT_MS } from './bayeux-messages.js';
import { ChangeEventBus, DEFAULT_MAX_RETAINED_EVENTS } from './change-event-bus.js';
import { StreamingClients } from './streaming-clients.js';

/** The entities selected for change notifications unless the sandbox options say otherwise. */
export const DEFAULT_CHANGE_EVENT_ENTITIES: readonly SObjectName[] = ['Account', 'Opportunity', 'Case'];
/** History objects publish no change events. */
const WITHOUT_CHANGE_EVENTS: ReadonlySet<SObjectName> = new Set(['AccountHistory']);

export interface ChangeDataCaptureOptions {
  /** The entities selected for change notifications (default Account, Opportunity, Case); `[]` turns Change Data Capture off. */
  entities?: readonly SObjectName[];
  /** How many events the bus retains at most besides the 72-hour window (default 10,000). */
  maxRetainedEvents?: number;
}

export interface StreamingOptions {
  /** How long a /meta/connect is held when no event is waiting (default 110,000 ms; shorter in tests). */
  connectTimeoutMs?: number;
}

export interface StreamingApiDeps {
  store: OrgStore;
  sessions: SessionRegistry;
  stats: StatsRecorder;
  clock: Clock;
  /** The user the connected app logs in as (changes made outside the API are committed by another user). */
  apiUserId: string;
  changeDataCapture?: ChangeDataCaptureOptions;
  streaming?: StreamingOptions;
}

export interface StreamingApi {
  router: Router;
  changeEvents: ChangeEventBus;
  clients: StreamingClients;
}

/** The org's change event bus, fed by every save of the store, and the /cometd endpoint serving it. */
export function streamingApi(deps: StreamingApiDeps): StreamingApi {
  const entities = new Set(deps.changeDataCapture?.entities ?? DEFAULT_CHANGE_EVENT_ENTITIES);
  for (const entity of entities) if (WITHOUT_CHANGE_EVENTS.has(entity)) throw new Error(`createSalesforceSandbox: ${entity} has no change events`);
  const uiUser = deps.store.all('User').find((u) => u.IsActive === true && u.Id !== deps.apiUserId);
  const changeEvents = new ChangeEventBus({
    schema: deps.store.schema,
    clock: deps.clock,
    entities,
    maxRetained: deps.changeDataCapture?.maxRetainedEvents ?? DEFAULT_MAX_RETAINED_EVENTS,
    uiUserId: uiUser?.Id ?? deps.apiUserId,
  });
  const clients = new StreamingClients(deps.clock);
  deps.store.observeChanges((changes) => changeEvents.publish(changes));
  changeEvents.onPublish((event) => {
    deps.stats.changeEventPublished();
    clients.deliver(event);
  });
  const endpoint = new BayeuxEndpoint({ bus: changeEvents, clients, sessions: deps.sessions, stats: deps.stats, connectTimeoutMs: deps.streaming?.connectTimeoutMs ?? SALESFORCE_CONNECT_TIMEOUT_MS });

  const router = Router();
  router.post('/cometd/:version', async (req, res) => {
    if (!parseVersionSegment(`v${String(req.params.version)}`)) throw notFound();
    deps.stats.served('POST /cometd/XX.X');
    res.on('finish', () => deps.stats.answered(res.statusCode));
    const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    const requests = messages.map((message) => bayeuxRequestSchema.safeParse(message));
    if (messages.length === 0 || requests.some((r) => !r.success)) {
      res.status(400).json([{ channel: '', successful: false, error: '400::Each message must be a JSON object with a channel' }]);
      return;
    }
    res.json(await endpoint.handle(requests.flatMap((r) => (r.success ? [r.data] : [])), accessTokenOf(req)));
  });
  return { router, changeEvents, clients };
}
