import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmError, SyncAbortedError } from '../../../server/src/connectors/crm-error.js';
import type { Database } from '../../../server/src/store/database.js';
import { getCursor, listSyncRuns } from '../../../server/src/store/sync-state.js';
import { FIXTURE_COUNTS, fixturePortal, PORTAL_ID } from './fixture-portal.js';
import { connectRedis, count, dumpStore, newTenant, openTestStore, runSync, startSandbox, type StoreKind } from './harness.js';

/** Small pages and a small result cap, so the fixture spans many pages and re-anchored searches. */
const SMALL_PAGES = { pageSize: 5, resultCap: 12 };

describe.each<StoreKind>(['postgres', 'pglite'])('HubSpot sync resilience on %s', (kind) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let db: Database;
  let redis: Redis;
  let baseline: Awaited<ReturnType<typeof dumpStore>>;
  const prefix = `tt-test-connector-${randomUUID()}:`;

  beforeAll(async () => {
    store = await openTestStore(kind);
    db = store.db;
    redis = connectRedis();
    // The reference: one uninterrupted sync with default paging.
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-baseline`);
      await runSync({ db, redis, basePath: server.basePath, tenant, prefix });
      baseline = await dumpStore(db, tenant.id);
    } finally {
      await server.close();
    }
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await store.close();
  });

  it('lands the same store content when paging re-anchors below the result cap', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-paged`);
      const report = await runSync({ db, redis, basePath: server.basePath, tenant, prefix }, { paging: SMALL_PAGES });
      expect(report.streams.contacts.pages).toBeGreaterThan(6);
      expect(await dumpStore(db, tenant.id)).toEqual(baseline);
    } finally {
      await server.close();
    }
  });

  it('retries through a 429 storm and 5xx answers with nothing lost or duplicated', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-faults`);
      server.sandbox.injectFaults({ status: 429, count: 6, route: '/search' });
      server.sandbox.injectFaults({ status: 503, count: 3, route: '/batch/read' });
      server.sandbox.injectFaults({ status: 502, count: 2, route: '/owners' });
      server.sandbox.injectFaults({ status: 500, count: 2, route: '/crm/v4/associations' });
      const report = await runSync({ db, redis, basePath: server.basePath, tenant, prefix }, { paging: SMALL_PAGES });
      const stats = server.sandbox.stats();
      expect(stats.faults).toBe(13);
      // Every answer, faulted or not, was a request the sync counted.
      expect(report.requests).toBe(stats.total + stats.faults + stats.rateLimited429);
      expect(await dumpStore(db, tenant.id)).toEqual(baseline);
    } finally {
      await server.close();
    }
  });

  it('resumes an aborted sync from its cursors and ends with the same store content', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-aborted`);
      const context = { db, redis, basePath: server.basePath, tenant, prefix };
      const controller = new AbortController();
      const aborted = runSync(context, {
        paging: SMALL_PAGES,
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.stream === 'contacts' && progress.records >= FIXTURE_COUNTS.owners + FIXTURE_COUNTS.accounts + 15) controller.abort('test stops the sync');
        },
      });
      await expect(aborted).rejects.toBeInstanceOf(SyncAbortedError);
      const partial = await count(db, 'contacts', tenant.id);
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(FIXTURE_COUNTS.contacts);
      expect(await count(db, 'deals', tenant.id)).toBe(0);
      const cursor = await getCursor(db, { tenantId: tenant.id, source: 'hubspot', stream: 'contacts' });
      expect(cursor?.cursor).toEqual(expect.any(String));
      expect((await listSyncRuns(db, tenant.id, 'hubspot'))[0]?.status).toBe('failed');

      server.sandbox.resetStats();
      const resumed = await runSync(context, { paging: SMALL_PAGES });
      // The resumed run starts from the cursor: it re-reads no company and fewer contacts than the portal has.
      expect(resumed.streams.companies.records).toBe(0);
      expect(resumed.streams.contacts.records).toBeLessThan(FIXTURE_COUNTS.contacts);
      expect(await dumpStore(db, tenant.id)).toEqual(baseline);
    } finally {
      await server.close();
    }
  });

  it('resumes after a failure that outlasts the retries and ends with the same store content', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-killed`);
      const context = { db, redis, basePath: server.basePath, tenant, prefix };
      // Deals' association reads fail past every retry: the sync dies in the middle of the concurrent streams.
      server.sandbox.injectFaults({ status: 503, count: 3, route: '/crm/v4/associations/deals' });
      const killed = runSync(context, { paging: SMALL_PAGES, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 } });
      await expect(killed).rejects.toMatchObject({ kind: 'TEMPORARY', status: 503 });
      await expect(killed).rejects.toBeInstanceOf(CrmError);
      expect(await count(db, 'accounts', tenant.id)).toBe(FIXTURE_COUNTS.accounts);
      expect(await count(db, 'deals', tenant.id)).toBe(0);

      await runSync(context, { paging: SMALL_PAGES });
      expect(await dumpStore(db, tenant.id)).toEqual(baseline);
    } finally {
      await server.close();
    }
  });
});
