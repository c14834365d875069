import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotObjectType, PortalData } from '../../../server/src/sandbox/hubspot/portal-data.js';
import { generatePortfolio, toPortalData } from '../../../server/src/sandbox/portfolio/index.js';
import type { Database } from '../../../server/src/store/database.js';
import { connectRedis, count, newTenant, openTestStore, runSync, startSandbox, type StoreKind } from './harness.js';

const ENGAGEMENTS: HubSpotObjectType[] = ['emails', 'meetings', 'calls', 'notes', 'tasks'];
const live = (data: PortalData, type: HubSpotObjectType) => data.records[type].filter((record) => !record.archived);

/** Companies each record is associated with, and its primary company when one is labelled. */
function companyLinks(data: PortalData, type: HubSpotObjectType) {
  const all = new Map<string, Set<string>>();
  const primary = new Map<string, string>();
  for (const a of data.associations) {
    if (a.fromType !== type || a.toType !== 'companies') continue;
    all.set(a.fromId, (all.get(a.fromId) ?? new Set()).add(a.toId));
    if (a.label === 'Primary') primary.set(a.fromId, a.toId);
  }
  return { all, primary };
}

describe.each<StoreKind>(['postgres', 'pglite'])('HubSpot sync of the synthetic portfolio into %s', (kind) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let db: Database;
  let redis: Redis;
  const prefix = `tt-test-connector-${randomUUID()}:`;
  const data = toPortalData(generatePortfolio({ seed: 11, accounts: 40, asOf: '2025-06-30' }));

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

  it('lands every live record linked to its primary company, using only the requests paging and batching need', async () => {
    const server = await startSandbox(structuredClone(data));
    try {
      const tenant = await newTenant(db, String(data.portalId));
      const report = await runSync({ db, redis, basePath: server.basePath, tenant, prefix });

      expect(await count(db, 'accounts', tenant.id)).toBe(live(data, 'companies').length);
      expect(await count(db, 'contacts', tenant.id)).toBe(live(data, 'contacts').length);
      expect(await count(db, 'deals', tenant.id)).toBe(live(data, 'deals').length);
      expect(await count(db, 'tickets', tenant.id)).toBe(live(data, 'tickets').length);
      expect(await count(db, 'engagements', tenant.id)).toBe(ENGAGEMENTS.reduce((n, type) => n + live(data, type).length, 0));

      for (const [type, table] of [['contacts', 'contacts'], ['deals', 'deals'], ['tickets', 'tickets'], ['emails', 'engagements']] as const) {
        const links = companyLinks(data, type);
        const { rows } = await db.query<{ id: string; account_id: string | null }>(`select id, account_id from ${table} where tenant_id = $1`, [tenant.id]);
        const ids = new Set(live(data, type).map((record) => record.id));
        for (const row of rows.filter((r) => ids.has(r.id))) {
          const expected = links.primary.get(row.id);
          if (expected) expect(row.account_id).toBe(expected);
          else if (links.all.has(row.id)) expect(links.all.get(row.id)?.has(row.account_id ?? '')).toBe(true);
          else expect(row.account_id).toBeNull();
        }
      }
      const { rows: history } = await db.query<{ n: number }>(`select count(*)::int as n from account_history where tenant_id = $1 and field = 'arr'`, [tenant.id]);
      expect(history[0]?.n).toBeGreaterThanOrEqual(live(data, 'companies').length);

      // Pages of 200, history reads of 50, one association read per page and target type.
      const pages = (type: HubSpotObjectType) => Math.max(1, Math.ceil(live(data, type).length / 200));
      const companies = live(data, 'companies').length;
      expect(report.streams.companies.requests).toBe(pages('companies') + Math.ceil(companies / 50));
      expect(report.streams.contacts.requests).toBe(2 * pages('contacts'));
      for (const type of ENGAGEMENTS) expect(report.streams[type as 'emails'].requests).toBe(3 * pages(type));
    } finally {
      await server.close();
    }
  });
});
