import { randomUUID } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, QUEUE_OF, type JobName, type JobPayloads, type QueueName } from './job-types.js';

/** Retries with exponential backoff and jitter; finished jobs are removed so Redis stays small. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/** When every tenant is re-scored: 03:00 UTC daily. */
export const NIGHTLY_SCORE_PATTERN = '0 3 * * *';

/** The dedupe key every requested sync of a tenant shares (the periodic scheduler has its own). */
const syncDedupeKey = (tenantId: string) => `sync:${tenantId}`;

/** The queues of one deployment, sharing a hash-tagged prefix (Redis Cluster keeps each queue in one slot). */
export class JobQueues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    readonly prefix: string,
    connection: Redis,
  ) {
    for (const name of QUEUE_NAMES) {
      this.queues.set(name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }));
    }
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  /** Adds a job; jobs with the same dedupe key collapse while one is waiting or running. */
  async add<N extends JobName>(name: N, payload: JobPayloads[N], options: { dedupeKey?: string; delayMs?: number } = {}) {
    return this.queue(QUEUE_OF[name]).add(name, payload, {
      ...(options.dedupeKey ? { deduplication: { id: options.dedupeKey } } : {}),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
    });
  }

  /** Enqueues a tenant sync; a second request while one is queued or running is collapsed into it. */
  enqueueSync(tenantId: string, mode: 'full' | 'incremental', reason: JobPayloads['sync-tenant']['reason']) {
    return this.add('sync-tenant', { tenantId, mode, reason }, { dedupeKey: syncDedupeKey(tenantId) });
  }

  /**
   * Enqueues the sync a change in the CRM asks for. A new job, or one collapsed into a waiting sync,
   * reads the change; collapsed into a running one, the change may have come after that run's reads,
   * so one follow-up sync is queued (its own dedupe key: every change meanwhile collapses into it). The
   * follow-up waits for the running sync (see the sync job), then reads from the cursor that run left.
   */
  async enqueueSyncForChange(tenantId: string, reason: 'webhook' | 'change-event'): Promise<void> {
    const payload = { tenantId, mode: 'incremental', reason } as const;
    const jobId = randomUUID();
    const job = await this.queue('sync').add('sync-tenant', payload, { jobId, deduplication: { id: syncDedupeKey(tenantId) } });
    if (job.id === jobId) return;
    const state = job.id ? await this.queue('sync').getJobState(job.id) : 'unknown';
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') return;
    await this.add('sync-tenant', payload, { dedupeKey: `sync-follow-up:${tenantId}` });
  }

  /**
   * The periodic incremental sync of a tenant (one scheduler per tenant, upserted at every start). Its
   * first run is one interval from now: a start enqueues its own sync.
   */
  async scheduleSync(tenantId: string, everyMinutes: number, now = new Date()): Promise<void> {
    const every = everyMinutes * 60_000;
    await this.queue('sync').upsertJobScheduler(
      `sync:${tenantId}`,
      { every, startDate: new Date(now.getTime() + every) },
      { name: 'sync-tenant', data: { tenantId, mode: 'incremental', reason: 'schedule' }, opts: DEFAULT_JOB_OPTIONS },
    );
  }

  /** Enqueues a scoring of a tenant; a second request while one is queued or running is collapsed into it. */
  enqueueScore(tenantId: string, reason: JobPayloads['score-tenant']['reason'], accountIds?: string[]) {
    return this.add('score-tenant', { tenantId, reason, ...(accountIds ? { accountIds } : {}) }, { dedupeKey: `score:${tenantId}` });
  }

  /**
   * Enqueues the CRM update of a tenant after scoring. One queued job per tenant: it acts on every
   * scored account (the write-back sends only what changed), so collapsing requests loses nothing.
   */
  enqueueAct(tenantId: string, reason: JobPayloads['act-tenant']['reason'], delayMs?: number) {
    return this.add('act-tenant', { tenantId, reason }, { dedupeKey: `act:${tenantId}`, ...(delayMs ? { delayMs } : {}) });
  }

  /**
   * The CRM update right after an install: the properties are created before the first sync. Its own
   * dedupe key: an install-time run still going when the first after-score one is queued must not
   * swallow it.
   */
  enqueueInstallAct(tenantId: string) {
    return this.add('act-tenant', { tenantId, reason: 'install' }, { dedupeKey: `act-install:${tenantId}` });
  }

  /** The nightly scoring of every active account of a tenant (one scheduler per tenant, cron in UTC). */
  async scheduleNightlyScore(tenantId: string, pattern = NIGHTLY_SCORE_PATTERN): Promise<void> {
    await this.queue('score').upsertJobScheduler(
      `score:${tenantId}`,
      { pattern, tz: 'UTC' },
      { name: 'score-tenant', data: { tenantId, reason: 'nightly' }, opts: DEFAULT_JOB_OPTIONS },
    );
  }

  async close(): Promise<void> {
    for (const queue of this.queues.values()) {
      try {
        await queue.close();
      } catch {
        // Closing is best effort: the connection may already be gone.
      }
    }
  }
}
