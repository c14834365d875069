import type { Connection } from 'jsforce';

/**
 * Change Data Capture over the Streaming API (CometD long polling, through jsforce's faye client).
 * One subscription per tracked entity channel; each subscribe asks to replay from the last event
 * this org's listener handled, so a reconnect or a restart within Salesforce's 72-hour retention
 * misses nothing.
 */

/** The objects whose changes move an account's scores soonest: the account itself, its deals, its cases. */
export const CHANGE_EVENT_CHANNELS = ['/data/AccountChangeEvent', '/data/OpportunityChangeEvent', '/data/CaseChangeEvent'] as const;
export type ChangeEventChannel = (typeof CHANGE_EVENT_CHANNELS)[number];

/** Replay from: -1 = only events after the subscription, -2 = every retained event, else after that replay id. */
export type ReplayFrom = number;
export const REPLAY_NEW_EVENTS = -1;
export const REPLAY_ALL_RETAINED = -2;

/**
 * The `client` Telltale names in `Sforce-Call-Options` on every REST call. Salesforce puts it in a
 * change event's `changeOrigin`, so the listener can tell Telltale's own writes (scores written back)
 * from the customer's changes and does not sync and rescore because of itself.
 */
export const TELLTALE_API_CLIENT = 'Telltale';

/** What the listener needs from one change event. */
export interface ChangeEventSummary {
  channel: ChangeEventChannel;
  replayId: number;
  entity: string;
  changeType: string;
  recordIds: string[];
  changedFields: string[];
  /** True when Telltale's own API calls made the change. */
  madeByTelltale: boolean;
  committedAt: Date | undefined;
}

/** Reads one CometD delivery; undefined when it is not a change event (the caller logs and skips it). */
export function readChangeEvent(channel: ChangeEventChannel, message: unknown): ChangeEventSummary | undefined {
  if (!isObject(message)) return undefined;
  const event = message.event;
  const payload = message.payload;
  if (!isObject(event) || typeof event.replayId !== 'number' || !isObject(payload) || !isObject(payload.ChangeEventHeader)) return undefined;
  const header = payload.ChangeEventHeader;
  const origin = typeof header.changeOrigin === 'string' ? header.changeOrigin : '';
  return {
    channel,
    replayId: event.replayId,
    entity: typeof header.entityName === 'string' ? header.entityName : '',
    changeType: typeof header.changeType === 'string' ? header.changeType : '',
    recordIds: strings(header.recordIds),
    changedFields: strings(header.changedFields),
    madeByTelltale: new RegExp(`;\\s*client=${TELLTALE_API_CLIENT}(?:$|[;,\\s])`).test(origin),
    committedAt: typeof header.commitTimestamp === 'number' ? new Date(header.commitTimestamp) : undefined,
  };
}

/**
 * Whether a change can move anything Telltale reads. Telltale's own writes cannot (they are its
 * outputs); neither can an update that touched only Telltale's output fields or audit fields
 * (a workflow copying a score, a user clearing one).
 */
export function isCustomerChange(change: ChangeEventSummary, outputFields: ReadonlySet<string>): boolean {
  if (change.madeByTelltale) return false;
  if (change.changeType !== 'UPDATE' || change.changedFields.length === 0) return true;
  return change.changedFields.some((field) => !outputFields.has(field) && !AUDIT_FIELDS.has(field));
}

const AUDIT_FIELDS = new Set(['LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);

/** Why the subscription is not (or no longer) receiving events. */
export type SubscriptionDown =
  /** The session was refused (handshake denied, or 401::Authentication invalid on connect): log in again and resubscribe. */
  | { reason: 'auth'; message: string }
  /** A channel refused the subscription (Change Data Capture not enabled for the entity, an invalid replay id…). */
  | { reason: 'subscribe'; channel: ChangeEventChannel; message: string }
  /** The long-polling connection is down; faye keeps reconnecting on its own. */
  | { reason: 'transport'; message: string };

export interface ChangeSubscriptionHandlers {
  /** Where each channel's replay starts (its last handled replay id, or REPLAY_NEW_EVENTS). */
  replayFrom(channel: ChangeEventChannel): ReplayFrom;
  /** Every delivery in arrival order; the subscription does not wait for it. */
  onEvent(change: ChangeEventSummary): void;
  /** A delivery that is not a change event. */
  onMalformed?(channel: ChangeEventChannel, message: unknown): void;
  /** Every channel subscribed (again, after a transport failure). */
  onUp(): void;
  onDown(down: SubscriptionDown): void;
}

/** The parts of faye's client used here (faye ships no types). */
interface FayeClient {
  subscribe(channel: string, listener: (message: unknown) => void): FayeSubscription;
  disconnect(): void;
  on(event: 'transport:up' | 'transport:down', listener: () => void): void;
}
interface FayeSubscription {
  then(onSubscribed: () => void, onRefused: (error: unknown) => void): void;
  cancel(): void;
}
interface BayeuxMessage {
  channel?: string;
  subscription?: string;
  successful?: boolean;
  error?: string;
  advice?: { reconnect?: string };
  ext?: Record<string, unknown> & { sfdc?: { failureReason?: string } };
  data?: { event?: { replayId?: unknown } };
}

/** A live subscription; `close` disconnects (idempotent). */
export interface ChangeSubscription {
  close(): void;
}

/**
 * Subscribes `connection` (which must hold a session) to every channel of CHANGE_EVENT_CHANNELS.
 * faye re-handshakes and resubscribes by itself after a dropped client (403::Unknown client); the
 * replay extension then asks for the events after the last one delivered on that channel. A refused
 * session is not retried here: the caller logs in again and subscribes anew.
 */
export function subscribeToChanges(connection: Connection, handlers: ChangeSubscriptionHandlers): ChangeSubscription {
  const lastReplay = new Map<string, number>(CHANGE_EVENT_CHANNELS.map((channel) => [channel, handlers.replayFrom(channel)]));
  let closed = false;
  let authFailed = false;
  const subscribed = new Set<string>();

  const extension = {
    // Salesforce's replay extension: which event each subscribe starts after.
    outgoing(message: BayeuxMessage, callback: (message: BayeuxMessage) => void) {
      if (message.channel === '/meta/subscribe' && message.subscription && lastReplay.has(message.subscription)) {
        message.ext = { ...message.ext, replay: { [message.subscription]: lastReplay.get(message.subscription) } };
      }
      callback(message);
    },
    incoming(message: BayeuxMessage, callback: (message: BayeuxMessage) => void) {
      if ((message.channel === '/meta/handshake' || message.channel === '/meta/connect') && message.successful === false && message.advice?.reconnect === 'none') {
        // Swallowed: faye would otherwise stop silently; the owner renews the session instead.
        if (!authFailed && !closed) {
          authFailed = true;
          handlers.onDown({ reason: 'auth', message: message.ext?.sfdc?.failureReason ?? message.error ?? 'authentication refused' });
        }
        return;
      }
      const replayId = message.data?.event?.replayId;
      if (message.channel && lastReplay.has(message.channel) && typeof replayId === 'number') lastReplay.set(message.channel, replayId);
      callback(message);
    },
  };

  const client = connection.streaming.createClient([extension]) as unknown as FayeClient;
  client.on('transport:down', () => {
    if (!closed && !authFailed) handlers.onDown({ reason: 'transport', message: 'the Streaming API connection is down; reconnecting' });
  });
  client.on('transport:up', () => {
    if (!closed && !authFailed && subscribed.size === CHANGE_EVENT_CHANNELS.length) handlers.onUp();
  });

  const subscriptions = CHANGE_EVENT_CHANNELS.map((channel) => {
    const subscription = client.subscribe(channel, (message) => {
      if (closed) return;
      const change = readChangeEvent(channel, message);
      if (change) handlers.onEvent(change);
      else handlers.onMalformed?.(channel, message);
    });
    subscription.then(
      () => {
        subscribed.add(channel);
        if (!closed && subscribed.size === CHANGE_EVENT_CHANNELS.length) handlers.onUp();
      },
      (error: unknown) => {
        if (!closed && !authFailed) handlers.onDown({ reason: 'subscribe', channel, message: fayeErrorText(error) });
      },
    );
    return subscription;
  });

  return {
    close() {
      if (closed) return;
      closed = true;
      for (const subscription of subscriptions) subscription.cancel();
      client.disconnect();
    },
  };
}

/** faye parses "400::text" into { code, message }; keep both. */
function fayeErrorText(error: unknown): string {
  if (isObject(error)) {
    const code = typeof error.code === 'number' ? `${error.code}: ` : '';
    if (typeof error.message === 'string') return `${code}${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
