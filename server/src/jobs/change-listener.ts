import type { Redis } from 'ioredis';
import { loadFieldCatalogue } from '../actions/fields-catalogue.js';
import {
  CHANGE_EVENT_CHANNELS,
  isCustomerChange,
  REPLAY_ALL_RETAINED,
  REPLAY_NEW_EVENTS,
  subscribeToChanges,
  type ChangeEventChannel,
  type ChangeEventSummary,
  type ChangeSubscription,
  type ReplayFrom,
  type SubscriptionDown,
} from '../connectors/salesforce/change-events.js';
import { createSalesforceRateLimiter } from '../connectors/salesforce/rate-limit.js';
import { SalesforceApi } from '../connectors/salesforce/salesforce-api.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { getCursors, setCursor } from '../store/sync-state.js';
import type { Tenant } from '../store/tenants.js';
import type { JobQueues } from './queues.js';
import type { SalesforceOrgFor } from './sync-job.js';
import { withTenantLock } from './tenant-lock.js';

/** Where each channel's last handled replay id is kept (sync_cursors, one row per channel). */
export const CHANGE_EVENTS_SOURCE = 'salesforce-change-events';
/** A channel's cursor once subscribed, until its first event is handled. */
const SUBSCRIBED = 'subscribed';

export interface ChangeListenerOptions {
  db: Database;
  redis: Redis;
  queues: Pick<JobQueues, 'enqueueSyncForChange' | 'scheduleSync'>;
  logger: Logger;
  redisKeyPrefix: string;
  salesforceOrgFor: SalesforceOrgFor;
  /** Minutes between the safety-net syncs while change events arrive. */
  liveSyncMinutes: number;
  /** Minutes between syncs while they do not (the org is polled). */
  pollMinutes: number;
  /** Changes arriving within this window ask for one sync (default 250 ms). */
  batchWindowMs?: number;
  /** Pause before subscribing again after a failure (doubles up to maxRetryMs). */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Keeps one Change Data Capture subscription per Salesforce org, in one process of the deployment
 * at a time (a Redis lease per tenant: another process takes over within a lease period when this one
 * dies). A customer's change to an Account, Opportunity or Case asks for an incremental sync, which
 * rescores the accounts whose data changed and writes the new values back; Telltale's own writes are
 * ignored. While the subscription is live the org is synced every `liveSyncMinutes` as a safety net;
 * while it is down (refused, not enabled for an entity, disconnected) every `pollMinutes`.
 */
export class SalesforceChangeListener {
  private stopped = false;
  private readonly running: Promise<void>[] = [];
  private readonly stop = new AbortController();
  private readonly outputFields = new Set(loadFieldCatalogue().fields.map((field) => field.salesforce.apiName));

  constructor(private readonly options: ChangeListenerOptions) {}

  /** Starts listening to each Salesforce tenant's org (other tenants are ignored). */
  start(tenants: readonly Tenant[]): void {
    for (const tenant of tenants.filter((t) => t.crm === 'salesforce')) this.running.push(this.holdLease(tenant));
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.stop.abort();
    await Promise.all(this.running);
  }

  /** Waits for the tenant's lease (another process may hold it), then listens until closed. */
  private async holdLease(tenant: Tenant): Promise<void> {
    const log = this.options.logger.child({ tenant: tenant.id });
    while (!this.stopped) {
      try {
        const held = await withTenantLock(this.options.redis, { prefix: this.options.redisKeyPrefix, tenantId: tenant.id, work: 'change-events', ttlMs: 30_000 }, () =>
          this.listen(tenant, log),
        );
        // Ran: closed, or no access to the org (nothing to listen to); otherwise another process holds the lease.
        if (held.ran) return;
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'change listener failed; starting again');
      }
      await this.pause(15_000);
    }
  }

  /** Subscribes and resubscribes until closed; returns at once when this deployment cannot reach the org. */
  private async listen(tenant: Tenant, log: Logger): Promise<void> {
    const org = await this.options.salesforceOrgFor(tenant);
    if (!org) {
      log.warn('no access to the org in this deployment: its changes are not listened to');
      return;
    }
    const api = new SalesforceApi({
      tenantId: tenant.id,
      orgId: tenant.externalId,
      ...org,
      limiter: createSalesforceRateLimiter(this.options.redis, { keyPrefix: this.options.redisKeyPrefix }),
      signal: this.stop.signal,
      logger: log,
    });
    const retryMs = this.options.retryMs ?? 5_000;
    let pause = retryMs;
    let renew = false;
    while (!this.stopped) {
      const down = await this.subscribeOnce(tenant, api, renew, log);
      if (this.stopped) break;
      renew = down.reason === 'auth';
      log.warn({ reason: down.reason, err: down.message, retryInMs: pause }, 'salesforce change events down; polling meanwhile');
      await this.pause(pause);
      pause = Math.min(pause * 2, this.options.maxRetryMs ?? 10 * 60_000);
    }
  }

  /** One subscription, from the stored replay ids, until it goes down for good or the listener closes. */
  private async subscribeOnce(tenant: Tenant, api: SalesforceApi, renew: boolean, log: Logger): Promise<SubscriptionDown> {
    const replay = await this.storedReplay(tenant.id);
    let connection: Awaited<ReturnType<SalesforceApi['withSession']>>;
    try {
      connection = await api.withSession({ renew });
    } catch (error) {
      return { reason: 'auth', message: (error as Error).message };
    }
    const batch = new ChangeBatch(this.options.batchWindowMs ?? 250, async (changes, customerChanges) => {
      try {
        if (customerChanges > 0) await this.options.queues.enqueueSyncForChange(tenant.id, 'change-event');
        // Stored only once the sync request is in Redis: a crash before this replays the events (a harmless extra sync).
        await this.saveReplay(tenant.id, changes);
        log.info({ events: changes.length, customerChanges }, customerChanges > 0 ? 'salesforce changes: sync queued' : "salesforce changes: only Telltale's own");
      } catch (error) {
        // Their replay ids stay unsaved: the next subscription replays them; the scheduled sync reads them meanwhile.
        log.warn({ events: changes.length, err: (error as Error).message }, 'salesforce changes not handed over');
      }
    });
    let subscription: ChangeSubscription | undefined;
    const onAbort: { settle?: () => void } = {};
    const down = await new Promise<SubscriptionDown>((settle) => {
      onAbort.settle = () => settle({ reason: 'transport', message: 'listener closed' });
      if (this.stop.signal.aborted) return onAbort.settle();
      this.stop.signal.addEventListener('abort', onAbort.settle, { once: true });
      subscription = subscribeToChanges(connection, {
        replayFrom: (channel) => replay.get(channel) ?? REPLAY_NEW_EVENTS,
        onEvent: (change) => batch.add(change, isCustomerChange(change, this.outputFields)),
        onMalformed: (channel) => log.warn({ channel }, 'a delivery on a change event channel is not a change event; skipped'),
        onUp: () => {
          log.info({ channels: CHANGE_EVENT_CHANNELS }, 'salesforce change events live');
          void this.markSubscribed(tenant.id).catch((error: Error) => log.warn({ err: error.message }, 'could not record the subscription'));
          void this.options.queues.scheduleSync(tenant.id, this.options.liveSyncMinutes).catch((error: Error) => log.warn({ err: error.message }, 'could not reschedule syncs'));
        },
        onDown: (failure) => {
          void this.options.queues.scheduleSync(tenant.id, this.options.pollMinutes).catch((error: Error) => log.warn({ err: error.message }, 'could not reschedule syncs'));
          // faye reconnects a dropped transport on its own; refusals need a new subscription.
          if (failure.reason === 'transport') log.warn({ err: failure.message }, 'salesforce change events interrupted');
          else settle(failure);
        },
      });
    });
    if (onAbort.settle) this.stop.signal.removeEventListener('abort', onAbort.settle);
    subscription?.close();
    await batch.flush();
    if (down.reason === 'subscribe' && /replayId/i.test(down.message)) {
      // The stored position is past Salesforce's retention: start from new events, and let one sync read the gap.
      await this.resetReplay(tenant.id, down.channel);
      await this.options.queues.enqueueSyncForChange(tenant.id, 'change-event');
    }
    return down;
  }

  /**
   * Where each channel's replay starts: after its last handled event; every retained event when the
   * channel was subscribed before but no event came (changes made while no listener ran are retained
   * events; at worst older ones cause one extra sync); only new events on the very first subscription
   * (the first sync reads everything before it).
   */
  private async storedReplay(tenantId: string): Promise<Map<string, ReplayFrom>> {
    const cursors = await getCursors(this.options.db, tenantId, CHANGE_EVENTS_SOURCE);
    const replay = new Map<string, ReplayFrom>();
    for (const [channel, { cursor }] of cursors) {
      if (cursor === SUBSCRIBED) replay.set(channel, REPLAY_ALL_RETAINED);
      else if (cursor !== null) replay.set(channel, Number(cursor));
    }
    return replay;
  }

  /** Records that each channel without a handled event is subscribed (see storedReplay). */
  private async markSubscribed(tenantId: string): Promise<void> {
    const cursors = await getCursors(this.options.db, tenantId, CHANGE_EVENTS_SOURCE);
    for (const channel of CHANGE_EVENT_CHANNELS) {
      if (cursors.get(channel)?.cursor == null) await setCursor(this.options.db, { tenantId, source: CHANGE_EVENTS_SOURCE, stream: channel }, SUBSCRIBED);
    }
  }

  private async saveReplay(tenantId: string, changes: readonly ChangeEventSummary[]): Promise<void> {
    const last = new Map<ChangeEventChannel, number>();
    for (const change of changes) last.set(change.channel, Math.max(last.get(change.channel) ?? change.replayId, change.replayId));
    await this.options.db.transaction(async (tx) => {
      for (const [channel, replayId] of last) await setCursor(tx, { tenantId, source: CHANGE_EVENTS_SOURCE, stream: channel }, String(replayId));
    });
  }

  private async resetReplay(tenantId: string, channel: ChangeEventChannel): Promise<void> {
    await setCursor(this.options.db, { tenantId, source: CHANGE_EVENTS_SOURCE, stream: channel }, null);
  }

  private pause(ms: number): Promise<void> {
    if (this.stop.signal.aborted) return Promise.resolve();
    return new Promise((done) => {
      const wake = () => {
        clearTimeout(timer);
        this.stop.signal.removeEventListener('abort', wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      this.stop.signal.addEventListener('abort', wake, { once: true });
    });
  }
}

/** Collects the events of a short window and hands them over together, one hand-over at a time. */
class ChangeBatch {
  private changes: ChangeEventSummary[] = [];
  private customerChanges = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly windowMs: number,
    private readonly handle: (changes: ChangeEventSummary[], customerChanges: number) => Promise<void>,
  ) {}

  add(change: ChangeEventSummary, byCustomer: boolean): void {
    this.changes.push(change);
    if (byCustomer) this.customerChanges += 1;
    this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
  }

  /** Hands over what is collected; resolves when every hand-over so far is done (the handler catches its own failures). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const changes = this.changes;
    const customerChanges = this.customerChanges;
    this.changes = [];
    this.customerChanges = 0;
    if (changes.length > 0) this.chain = this.chain.then(() => this.handle(changes, customerChanges));
    return this.chain;
  }
}
