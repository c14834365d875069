import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueues } from '../../../server/src/jobs/queues.js';
import { assertNoEviction, openRedis, RedisUnavailableError, type RedisHandle } from '../../../server/src/jobs/redis.js';
import type { JobPayloads } from '../../../server/src/jobs/job-types.js';
import { buildRegistry } from '../../../server/src/jobs/registry.js';
import { withTenantLock } from '../../../server/src/jobs/tenant-lock.js';
import { closeWorkers, PermanentJobError, startWorkers } from '../../../server/src/jobs/workers.js';
import { createLogger } from '../../../server/src/logging/logger.js';

const logger = createLogger('silent');

describe('job system on a private redis-server', () => {
  let dir: string;
  let redis: RedisHandle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-jobs-'));
    redis = await openRedis({ url: undefined, dataDir: dir, logger });
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts its own redis-server with the noeviction policy when REDIS_URL is unset', async () => {
    expect(redis.embedded).toBe(true);
    const client = redis.connect('probe');
    await expect(assertNoEviction(client)).resolves.toBeUndefined();
  });

  it('refuses a Redis whose maxmemory-policy would evict queue keys', async () => {
    const client = redis.connect('policy');
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      await expect(openRedis({ url: redis.url, dataDir: dir, logger })).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/);
    } finally {
      await client.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('collapses duplicate sync requests for a tenant while one is queued', async () => {
    const queues = new JobQueues(`{tt-test-${randomBytes(4).toString('hex')}}`, redis.connect('queues-dedupe'));
    try {
      const first = await queues.enqueueSync('hubspot-1', 'incremental', 'manual');
      const second = await queues.enqueueSync('hubspot-1', 'full', 'webhook');
      const other = await queues.enqueueSync('hubspot-2', 'incremental', 'manual');
      expect(second.id).toBe(first.id);
      expect(other.id).not.toBe(first.id);
      expect(await queues.queue('sync').getWaitingCount()).toBe(2);
    } finally {
      await queues.queue('sync').obliterate({ force: true });
      await queues.close();
    }
  });

  it('queues one follow-up sync for changes that arrive while a sync of the tenant is running', async () => {
    const prefix = `{tt-test-${randomBytes(4).toString('hex')}}`;
    const queues = new JobQueues(prefix, redis.connect('queues-follow-up'));
    let release!: () => void;
    const running = new Promise<void>((done) => (release = done));
    const started: string[] = [];
    const handlers = buildRegistry(['sync-tenant'], [
      [
        'sync-tenant',
        async (payload: JobPayloads['sync-tenant']) => {
          started.push(payload.reason);
          if (started.length === 1) await running;
        },
      ],
    ]);
    const workers = startWorkers({ prefix, connect: redis.connect, handlers, logger, concurrency: { sync: 1 } });
    try {
      await queues.enqueueSync('salesforce-1', 'incremental', 'schedule');
      await waitFor(async () => started.length === 1);
      // Three changes during the running sync: one follow-up, not three, and not none.
      await queues.enqueueSyncForChange('salesforce-1', 'change-event');
      await queues.enqueueSyncForChange('salesforce-1', 'change-event');
      await queues.enqueueSyncForChange('salesforce-1', 'change-event');
      expect(await queues.queue('sync').getWaitingCount()).toBe(1);
      release();
      await waitFor(async () => started.length === 2 && (await queues.queue('sync').getActiveCount()) === 0);
      expect(started).toEqual(['schedule', 'change-event']);
      // A change while a sync only waits is read by that sync: nothing more is queued.
      await workers[0]!.pause();
      await queues.enqueueSync('salesforce-1', 'incremental', 'schedule');
      await queues.enqueueSyncForChange('salesforce-1', 'change-event');
      expect(await queues.queue('sync').getWaitingCount()).toBe(1);
    } finally {
      release();
      await closeWorkers(workers, logger);
      await queues.queue('sync').obliterate({ force: true });
      await queues.close();
    }
  });

  it('upserts one periodic sync scheduler per tenant however often it starts', async () => {
    const queues = new JobQueues(`{tt-test-${randomBytes(4).toString('hex')}}`, redis.connect('queues-schedule'));
    try {
      await queues.scheduleSync('hubspot-1', 15);
      await queues.scheduleSync('hubspot-1', 15);
      await queues.scheduleSync('hubspot-1', 5);
      const schedulers = await queues.queue('sync').getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: 'sync:hubspot-1', every: 5 * 60_000 });
      // The first scheduled run waits one interval: start-up enqueues its own sync.
      expect(await queues.queue('sync').getWaitingCount()).toBe(0);
      const [next] = await queues.queue('sync').getDelayed();
      expect(next!.delay).toBeGreaterThan(4 * 60_000);
    } finally {
      await queues.queue('sync').obliterate({ force: true });
      await queues.close();
    }
  });

  it('lets one holder at a time run work for a tenant, and frees the lock afterwards', async () => {
    const client = redis.connect('lock');
    const prefix = `tt-test-${randomBytes(4).toString('hex')}`;
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    const first = withTenantLock(client, { prefix, tenantId: 'hubspot-1', work: 'sync' }, async () => {
      await held;
      return 'first';
    });
    const second = await withTenantLock(client, { prefix, tenantId: 'hubspot-1', work: 'sync' }, async () => 'second');
    const otherTenant = await withTenantLock(client, { prefix, tenantId: 'hubspot-2', work: 'sync' }, async () => 'other');
    release();
    expect(second).toEqual({ ran: false });
    expect(otherTenant).toEqual({ ran: true, value: 'other' });
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(await withTenantLock(client, { prefix, tenantId: 'hubspot-1', work: 'sync' }, async () => 'again')).toEqual({ ran: true, value: 'again' });
  });

  it('retries a failing job and fails a permanent error at once', async () => {
    const prefix = `{tt-test-${randomBytes(4).toString('hex')}}`;
    const queues = new JobQueues(prefix, redis.connect('queues-retry'));
    const attempts: Record<string, number> = {};
    const handlers = buildRegistry(['sync-tenant'], [
      [
        'sync-tenant',
        async (payload: JobPayloads['sync-tenant']) => {
          attempts[payload.tenantId] = (attempts[payload.tenantId] ?? 0) + 1;
          if (payload.tenantId === 'permanent') throw new PermanentJobError('token revoked');
          if (attempts[payload.tenantId]! < 3) throw new Error('503 from CRM');
          return { synced: payload.tenantId };
        },
      ],
    ]);
    const workers = startWorkers({ prefix, connect: redis.connect, handlers, logger });
    try {
      const flaky = await queues.queue('sync').add('sync-tenant', { tenantId: 'flaky', mode: 'incremental', reason: 'manual' }, { attempts: 5, backoff: { type: 'exponential', delay: 20, jitter: 0.5 } });
      const permanent = await queues.queue('sync').add('sync-tenant', { tenantId: 'permanent', mode: 'incremental', reason: 'manual' }, { attempts: 5, backoff: { type: 'fixed', delay: 20 } });
      await waitFor(async () => (await flaky.getState()) === 'completed' && (await permanent.getState()) === 'failed');
      expect(attempts).toEqual({ flaky: 3, permanent: 1 });
      const done = await queues.queue('sync').getJob(flaky.id!);
      expect(done?.returnvalue).toEqual({ synced: 'flaky' });
    } finally {
      await closeWorkers(workers, logger);
      await queues.queue('sync').obliterate({ force: true });
      await queues.close();
    }
  });

  it('reports a clear error when the configured Redis does not answer', async () => {
    await expect(openRedis({ url: 'redis://127.0.0.1:1', dataDir: dir, logger })).rejects.toThrow(RedisUnavailableError);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('condition not met in time');
}
