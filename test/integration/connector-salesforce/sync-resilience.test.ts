import { beforeAll, describe, expect, it } from 'vitest';
import { CrmError, SyncAbortedError } from '../../../server/src/connectors/crm-error.js';
import { DAILY_BUDGET_CATEGORY } from '../../../server/src/connectors/salesforce/daily-api-budget.js';
import { generatePortfolio } from '../../../server/src/sandbox/portfolio/index.js';
import { toOrgData } from '../../../server/src/sandbox/portfolio/to-org-data.js';
import { getCursor, listSyncRuns } from '../../../server/src/store/sync-state.js';
import { getTenant } from '../../../server/src/store/tenants.js';
import { count, dumpStore, liveRecords, newTenant, PRIVATE_KEY_PEM, runSync, useSyncContext, withOrg, type RunningOrg, type StoreKind } from './harness.js';

const data = toOrgData(generatePortfolio({ seed: 11, accounts: 60, asOf: '2025-06-30' }));
/** Salesforce's smallest query batch: the org's records span many pages. */
const SMALL_PAGES = { pageSize: 200 };

/** The ids of an object's records in stream order (SystemModstamp, then Id), as the sync reads them. */
const streamOrder = (org: RunningOrg, type: 'Contact' | 'Task') =>
  [...liveRecords(org, type)].sort((a, b) => String(a.SystemModstamp).localeCompare(String(b.SystemModstamp)) || a.Id.localeCompare(b.Id)).map((r) => r.Id);

describe.each<StoreKind>(['postgres', 'pglite'])('Salesforce sync resilience on %s', (kind) => {
  const ctx = useSyncContext(kind);
  let baseline: Awaited<ReturnType<typeof dumpStore>>;

  beforeAll(async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'baseline');
      await runSync({ ...ctx, org, tenant });
      baseline = await dumpStore(ctx.db, tenant.id);
    });
  });

  it('renews an expired session through the JWT bearer flow and completes', async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'expired');
      let expired = false;
      await runSync({ ...ctx, org, tenant }, {
        paging: SMALL_PAGES,
        onProgress: (progress) => {
          if (!expired && progress.stream === 'contacts') expired = org.sandbox.expireAllSessions() > 0;
        },
      });
      expect(expired).toBe(true);
      const stats = org.sandbox.stats();
      expect(stats.byStatus['401']).toBeGreaterThanOrEqual(1);
      expect(stats.tokensIssued['urn:ietf:params:oauth:grant-type:jwt-bearer']).toBe(2);
      expect(await dumpStore(ctx.db, tenant.id)).toEqual(baseline);
    });
  });

  it('retries 503, 500 and 502 answers with nothing lost or duplicated', async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'faults');
      org.sandbox.injectFaults({ status: 503, count: 3, route: '/query' });
      org.sandbox.injectFaults({ status: 500, count: 2, route: '/queryAll' });
      org.sandbox.injectFaults({ status: 502, count: 2 });
      const report = await runSync({ ...ctx, org, tenant }, { paging: SMALL_PAGES });
      const stats = org.sandbox.stats();
      expect(stats.faults).toBe(7);
      const answered = Object.values(stats.byStatus).reduce((n, v) => n + v, 0);
      expect(report.requests).toBe(answered + 1);
      expect(await dumpStore(ctx.db, tenant.id)).toEqual(baseline);
    });
  });

  it('stops at REQUEST_LIMIT_EXCEEDED with a TEMPORARY error, whole pages only, and resumes once the limit frees up', async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'limit');
      const context = { ...ctx, org, tenant };
      let spent = false;
      const stopped = runSync(context, {
        paging: SMALL_PAGES,
        // Another integration of the org spends the rest of the allocation while the contacts are read.
        onProgress: (progress) => {
          if (!spent && progress.stream === 'contacts') {
            org.sandbox.apiUsage.setUsed(org.sandbox.apiUsage.max);
            spent = true;
          }
        },
      });
      const error: unknown = await stopped.then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(CrmError);
      expect(error).toMatchObject({ kind: 'TEMPORARY', category: 'REQUEST_LIMIT_EXCEEDED', status: 403 });
      expect((error as CrmError).retryAfterMs).toBeGreaterThanOrEqual(3_600_000);
      expect(org.sandbox.stats().requestLimitExceeded).toBe(1);
      expect((await listSyncRuns(ctx.db, tenant.id, 'salesforce'))[0]?.status).toBe('failed');
      expect((await getTenant(ctx.db, tenant.id))?.status).toBe('active');

      // The contacts stored are the first whole pages of the stream, and the cursor covers them.
      const order = streamOrder(org, 'Contact');
      const { rows } = await ctx.db.query<{ id: string }>('select id from contacts where tenant_id = $1', [tenant.id]);
      const stored = new Set(rows.map((r) => r.id));
      expect(stored.size % SMALL_PAGES.pageSize).toBe(0);
      expect(stored.size).toBeLessThan(order.length);
      expect(new Set(order.slice(0, stored.size))).toEqual(stored);
      expect(await count(ctx.db, 'deals', tenant.id)).toBe(0);

      org.sandbox.apiUsage.setUsed(0);
      await runSync(context, { paging: SMALL_PAGES });
      expect(await dumpStore(ctx.db, tenant.id)).toEqual(baseline);
    });
  });

  it("starts no call once the org has used Telltale's share of its daily allocation", async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'share');
      org.sandbox.apiUsage.setUsed(Math.ceil(org.sandbox.apiUsage.max / 2));
      const stopped = runSync({ ...ctx, org, tenant });
      await expect(stopped).rejects.toMatchObject({ kind: 'TEMPORARY', category: DAILY_BUDGET_CATEGORY });
      // The users query told the usage; nothing after it was sent.
      expect(org.sandbox.stats().total).toBe(1);
      expect(await count(ctx.db, 'accounts', tenant.id)).toBe(0);
    });
  });

  it('resumes an aborted sync from its cursors and ends with the same store', async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'aborted');
      const context = { ...ctx, org, tenant };
      const controller = new AbortController();
      const aborted = runSync(context, {
        paging: SMALL_PAGES,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.stream === 'tasks') controller.abort('test stops the sync');
        },
      });
      await expect(aborted).rejects.toBeInstanceOf(SyncAbortedError);
      const partial = await count(ctx.db, 'engagements', tenant.id);
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(liveRecords(org, 'Task').length);
      expect((await getCursor(ctx.db, { tenantId: tenant.id, source: 'salesforce', stream: 'tasks' }))?.cursor).toEqual(expect.any(String));
      expect(new Set(streamOrder(org, 'Task').slice(0, partial))).toEqual(new Set((await ctx.db.query<{ id: string }>(`select id from engagements where tenant_id = $1`, [tenant.id])).rows.map((r) => r.id)));

      const resumed = await runSync(context, { paging: SMALL_PAGES });
      expect(resumed.streams.accounts.records).toBe(0);
      expect(resumed.streams.tasks.records).toBeLessThan(liveRecords(org, 'Task').length);
      expect(await dumpStore(ctx.db, tenant.id)).toEqual(baseline);
    });
  });

  it('restarts a query from its cursor when Salesforce has let the query locator lapse', async () => {
    let skewMs = 0;
    let tasksPages = 0;
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'lapsed');
      const report = await runSync({ ...ctx, org, tenant }, {
        paging: SMALL_PAGES,
        concurrency: 1,
        // After the second page of tasks the sync sits idle for 16 minutes (for the org).
        onProgress: (progress) => {
          if (progress.stream === 'tasks' && skewMs === 0 && ++tasksPages === 2) skewMs = 16 * 60_000;
        },
      });
      expect(org.sandbox.stats().byStatus['400']).toBe(1);
      expect(report.streams.tasks.records).toBeGreaterThan(liveRecords(org, 'Task').length);
      expect(await dumpStore(ctx.db, tenant.id)).toEqual(baseline);
    }, { clock: { now: () => new Date(Date.now() + skewMs) } });
  });

  it('marks the tenant disconnected when the org refuses the JWT bearer grant', async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'refused');
      const jwt = { consumerKey: '3MVG9NotThisOrgsApp', username: org.sandbox.username, privateKeyPem: PRIVATE_KEY_PEM };
      const refused = runSync({ ...ctx, org, tenant }, { org: { instanceUrl: org.url, loginUrl: org.url, auth: { jwt } } });
      await expect(refused).rejects.toMatchObject({ kind: 'AUTH', category: 'invalid_client_id' });
      const stored = await getTenant(ctx.db, tenant.id);
      expect(stored?.status).toBe('disconnected');
      expect(stored?.statusReason).toMatch(/Reconnect Salesforce/);
      expect(org.sandbox.stats().total).toBe(0);
    });
  });
});
