/**
 * The sandbox's webhook deliveries, as HubSpot's Webhooks API sends them to an app's target URL:
 * change events of subscribed object types (company, contact, deal, ticket: creation, deletion,
 * propertyChange, associationChange) batched up to 100 per POST, signed with the v3 signature of the
 * app's client secret, retried with growing delays when the target does not answer 2xx
 * (`attemptNumber` counts the retries). Property changes made through the API carry
 * `changeSource: "INTEGRATION"`; changes from `__simulate` carry `"CRM_UI"`.
 */
import { signatureV3 } from '../../api/hubspot-signature.js';
import type { Clock } from '../../clock/clock.js';
import { SINGULAR_NAME } from './object-types.js';
import type { HubSpotObjectType } from './portal-data.js';

/** A write to the portal, as the store reports it. */
export interface RecordChange {
  type: HubSpotObjectType;
  objectId: string;
  kind: 'creation' | 'deletion' | 'propertyChange' | 'associationChange';
  propertyName?: string;
  propertyValue?: string | null;
  changeSource: 'INTEGRATION' | 'CRM_UI';
}

export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  propertyName?: string;
  propertyValue?: string;
}

const SUBSCRIBED: ReadonlySet<HubSpotObjectType> = new Set(['companies', 'contacts', 'deals', 'tickets']);
const SUBSCRIPTION_IDS: Record<RecordChange['kind'], number> = { creation: 1001, deletion: 1002, propertyChange: 1003, associationChange: 1004 };
/** HubSpot batches up to 100 events per request. */
export const MAX_EVENTS_PER_REQUEST = 100;
/** Delays before the 2nd, 3rd... attempt (HubSpot spreads up to 10 attempts over a day; shortened here). */
const RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 60_000];

export interface WebhookSenderOptions {
  portalId: number;
  appId: number;
  clientSecret: string;
  clock: Clock;
  /** How long events gather before a batch is sent. */
  flushAfterMs?: number;
  /**
   * The property changes the app subscribed to (HubSpot's propertyChange subscriptions name their
   * properties); default: all. Telltale subscribes to the CRM's own properties, not to those it writes.
   */
  subscribesTo?: (propertyName: string) => boolean;
  fetch?: typeof fetch;
}

export interface WebhookStats {
  target: string | undefined;
  delivered: number;
  failedAttempts: number;
  pending: number;
}

export class WebhookSender {
  private target: string | undefined;
  private queue: WebhookEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextEventId = 1;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stats = { delivered: 0, failedAttempts: 0 };

  constructor(private readonly options: WebhookSenderOptions) {}

  /** Where events go (the app's target URL); undefined stops deliveries (events are dropped, as for an app without a target). */
  setTarget(url: string | undefined): void {
    this.target = url;
  }

  /** Turns a store change into an event for a subscribed object type and schedules its delivery. */
  record(change: RecordChange): void {
    if (!this.target || !SUBSCRIBED.has(change.type)) return;
    if (change.propertyName !== undefined && this.options.subscribesTo && !this.options.subscribesTo(change.propertyName)) return;
    const objectId = Number(change.objectId);
    if (!Number.isSafeInteger(objectId)) return;
    const event: WebhookEvent = {
      eventId: this.nextEventId++,
      subscriptionId: SUBSCRIPTION_IDS[change.kind],
      portalId: this.options.portalId,
      appId: this.options.appId,
      occurredAt: this.options.clock.now().getTime(),
      subscriptionType: `${SINGULAR_NAME[change.type]}.${change.kind}`,
      attemptNumber: 0,
      objectId,
      changeSource: change.changeSource,
      ...(change.propertyName !== undefined ? { propertyName: change.propertyName, propertyValue: change.propertyValue ?? '' } : {}),
    };
    this.queue.push(event);
    if (this.queue.length >= MAX_EVENTS_PER_REQUEST) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushAfterMs ?? 250);
  }

  snapshot(): WebhookStats {
    return { target: this.target, ...this.stats, pending: this.queue.length + this.inFlight.size };
  }

  /** Sends what is queued now (in batches of 100). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_EVENTS_PER_REQUEST);
      const delivery = this.deliver(batch, 0).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  /** Resolves when every queued and in-flight delivery has finished (tests, shutdown). */
  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops timers; pending events are dropped. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.target = undefined;
  }

  private async deliver(events: WebhookEvent[], attempt: number): Promise<void> {
    const target = this.target;
    if (!target) return;
    const body = JSON.stringify(events.map((e) => ({ ...e, attemptNumber: attempt })));
    const timestamp = String(this.options.clock.now().getTime());
    const signature = signatureV3({ clientSecret: this.options.clientSecret, method: 'POST', url: target, body, timestamp });
    try {
      const response = await (this.options.fetch ?? fetch)(target, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp, 'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (sandbox)' },
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) {
        this.stats.delivered += events.length;
        return;
      }
    } catch {
      // Unreachable target or timeout: retried below like a non-2xx answer.
    }
    this.stats.failedAttempts++;
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined) return;
    await new Promise((done) => setTimeout(done, delay).unref());
    await this.deliver(events, attempt + 1);
  }
}
