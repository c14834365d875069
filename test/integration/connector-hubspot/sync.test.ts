import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../../server/src/connectors/crm-error.js';
import { MappingValidationError } from '../../../server/src/connectors/hubspot/validate-mapping.js';
import type { Database } from '../../../server/src/store/database.js';
import { getCursor, listSyncRuns } from '../../../server/src/store/sync-state.js';
import { getTenant } from '../../../server/src/store/tenants.js';
import { FIXTURE_COUNTS, fixturePortal, PORTAL_ID } from './fixture-portal.js';
import { connectRedis, count, dumpStore, newTenant, openTestStore, runSync, startSandbox, type StoreKind } from './harness.js';

const SEARCH = 'POST /crm/v3/objects/{objectType}/search';

describe.each<StoreKind>(['postgres', 'pglite'])('HubSpot sync into %s', (kind) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let db: Database;
  let redis: Redis;
  const prefix = `tt-test-connector-${randomUUID()}:`;

  beforeAll(async () => {
    store = await openTestStore(kind);
    db = store.db;
    redis = connectRedis();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await store.close();
  });

  it('lands every record of the portal with its mapped values and history on a first sync', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, String(PORTAL_ID));
      const report = await runSync({ db, redis, basePath: server.basePath, tenant, prefix });
      expect(await count(db, 'accounts', tenant.id)).toBe(FIXTURE_COUNTS.accounts);
      expect(await count(db, 'contacts', tenant.id)).toBe(FIXTURE_COUNTS.contacts);
      expect(await count(db, 'deals', tenant.id)).toBe(FIXTURE_COUNTS.deals);
      expect(await count(db, 'tickets', tenant.id)).toBe(FIXTURE_COUNTS.tickets);
      expect(await count(db, 'engagements', tenant.id)).toBe(FIXTURE_COUNTS.engagements);
      expect(report.streams.owners.records).toBe(FIXTURE_COUNTS.owners);
      // Every request the sandbox served is one the report counted (no retries were needed here).
      expect(report.requests).toBe(server.sandbox.stats().total);

      const dump = await dumpStore(db, tenant.id);
      expect(dump.accounts?.find((a) => a.id === '1001')).toMatchObject({ domain: 'acme-one.com', segment: 'smb', arr: 12000, seats: 10, owner_id: '101' });
      expect(dump.accounts?.find((a) => a.id === '1002')).toMatchObject({ segment: 'mid_market', industry: null });
      expect(dump.accounts?.find((a) => a.id === '1003')).toMatchObject({ renewal_date: '2026-03-01', segment: 'enterprise' });
      expect(dump.accounts?.find((a) => a.id === '1006')).toMatchObject({ churned_at: '2025-05-31', lifecycle: 'other' });
      const arrHistory = dump.account_history?.filter((h) => h.account_id === '1001' && h.field === 'arr').map((h) => h.value);
      expect(arrHistory).toEqual(['10000', '12000']);
      expect(dump.contacts?.find((c) => c.id === '2030')).toMatchObject({ account_id: null });
      expect(dump.contacts?.find((c) => c.id === '2001')).toMatchObject({ seniority: 'executive', is_champion: true, account_id: '1001' });
      expect(dump.deals?.find((d) => d.id === '3001')).toMatchObject({ kind: 'renewal', is_closed: true, is_won: true, account_id: '1001' });
      expect(dump.deals?.find((d) => d.id === '3010')).toMatchObject({ account_id: null });
      expect(dump.tickets?.find((t) => t.id === '4004')).toMatchObject({ status: 'closed', priority: 'urgent', escalated: true, csat: 4 });
      // Email 5001 reached contact 2001 (the CEO): an executive engagement.
      expect(dump.engagements?.find((e) => e.id === '5001')).toMatchObject({ kind: 'email', direction: 'outbound', contact_id: '2001', with_executive: true });
      expect(dump.engagements?.find((e) => e.id === '5010')).toMatchObject({ account_id: null, direction: 'inbound' });

      const runs = await listSyncRuns(db, tenant.id, 'hubspot');
      expect(runs[0]).toMatchObject({ status: 'succeeded', mode: 'incremental', requests: report.requests, records: report.records });
      expect((await getCursor(db, { tenantId: tenant.id, source: 'hubspot', stream: 'contacts' }))?.fullSyncCompletedAt).not.toBeNull();
    } finally {
      await server.close();
    }
  });

  it('reads nothing again when nothing changed: one empty search per stream', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-unchanged`);
      const context = { db, redis, basePath: server.basePath, tenant, prefix };
      await runSync(context);
      const before = await dumpStore(db, tenant.id);
      server.sandbox.resetStats();
      const report = await runSync(context);
      const stats = server.sandbox.stats();
      expect(stats.requests[SEARCH]).toBe(9);
      expect(Object.keys(stats.requests).sort()).toEqual(['GET /crm/v3/owners', SEARCH]);
      for (const stream of ['companies', 'contacts', 'deals', 'tickets', 'emails', 'meetings', 'calls', 'notes', 'tasks'] as const) {
        expect(report.streams[stream]).toEqual({ records: 0, pages: 1, requests: 1 });
      }
      expect(await dumpStore(db, tenant.id)).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('picks up a change made in HubSpot on the next incremental sync', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-changed`);
      const context = { db, redis, basePath: server.basePath, tenant, prefix };
      await runSync(context);
      server.sandbox.store.updateRecord('companies', '1003', { arr: '99000', customer_segment: 'mid_market' });
      server.sandbox.store.updateRecord('contacts', '2005', { jobtitle: 'Chief Customer Officer' });
      const report = await runSync(context);
      expect(report.streams.companies.records).toBe(1);
      expect(report.streams.contacts.records).toBe(1);
      expect(report.streams.deals.records).toBe(0);
      const dump = await dumpStore(db, tenant.id);
      expect(dump.accounts?.find((a) => a.id === '1003')).toMatchObject({ arr: 99000, segment: 'mid_market' });
      expect(dump.account_history?.filter((h) => h.account_id === '1003' && h.field === 'arr').map((h) => h.value)).toEqual(['250000', '99000']);
      expect(dump.contacts?.find((c) => c.id === '2005')).toMatchObject({ seniority: 'executive', job_title: 'Chief Customer Officer' });
    } finally {
      await server.close();
    }
  });

  it('runs a full sync again over a synced tenant without changing the store', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-full`);
      const context = { db, redis, basePath: server.basePath, tenant, prefix };
      await runSync(context);
      const before = await dumpStore(db, tenant.id);
      const report = await runSync(context, { mode: 'full' });
      expect(report.streams.contacts.records).toBe(FIXTURE_COUNTS.contacts);
      expect(await dumpStore(db, tenant.id)).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('stops on a rejected token with a reconnect message, marks the tenant disconnected and writes nothing', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, `${PORTAL_ID}-auth`);
      const failure = runSync({ db, redis, basePath: server.basePath, tenant, prefix }, { client: { accessToken: 'pat-na1-wrong', basePath: server.basePath } });
      await expect(failure).rejects.toMatchObject({ kind: 'AUTH', message: expect.stringMatching(/Reconnect HubSpot/) });
      await expect(failure).rejects.toBeInstanceOf(CrmError);
      const dump = await dumpStore(db, tenant.id);
      expect(Object.values(dump).every((rows) => rows.length === 0)).toBe(true);
      expect(await getCursor(db, { tenantId: tenant.id, source: 'hubspot', stream: 'companies' })).toBeUndefined();
      expect((await getTenant(db, tenant.id))?.status).toBe('disconnected');
      expect((await listSyncRuns(db, tenant.id, 'hubspot'))[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/401/) });
    } finally {
      await server.close();
    }
  });

  it('refuses a mapping that names properties the portal lacks, naming each one', async () => {
    const server = await startSandbox(fixturePortal());
    try {
      const tenant = await newTenant(db, String(PORTAL_ID + 1), { company: { arr: 'annual_recurring_revenue' }, ticket: { csat: 'nps_score' } });
      const failure = runSync({ db, redis, basePath: server.basePath, tenant, prefix });
      await expect(failure).rejects.toBeInstanceOf(MappingValidationError);
      await expect(failure).rejects.toThrow(`company property 'annual_recurring_revenue' (mapping company.arr) does not exist in portal ${PORTAL_ID + 1}`);
      await expect(failure).rejects.toThrow(`ticket property 'nps_score' (mapping ticket.csat)`);
      expect(await count(db, 'accounts', tenant.id)).toBe(0);
    } finally {
      await server.close();
    }
  });
});
