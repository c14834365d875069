import type { RequestHandler } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UsageDay } from '../../../server/src/sandbox/hubspot/portal-data.js';
import { feedSandboxUsage, UsageFeedError } from '../../../server/src/sandbox/usage-feed.js';
import type { Database } from '../../../server/src/store/database.js';
import { unmappedUsage } from '../../../server/src/store/usage.js';
import { dailyRows, insertAccounts, startUsageApp, type UsageApp } from './usage-harness.js';
import { createTestDatabase } from '../../support/test-databases.js';

const day = (companyId: string, groupKey: string, date: string, activeUsers: number, sessions: number, events: number, features: string[], advancedFeatures: string[] = []): UsageDay => ({
  companyId,
  groupKey,
  day: date,
  activeUsers,
  sessions,
  events,
  features,
  advancedFeatures,
});

/** Account 201 keyed by id, 202 by domain (as a URL), and one workspace no account matches. */
const history: UsageDay[] = [
  day('201', '201', '2025-03-05', 3, 5, 40, ['reports', 'search']),
  day('201', '201', '2025-03-06', 4, 6, 30, ['reports', 'search', 'automation'], ['automation']),
  day('201', '201', '2025-03-07', 2, 3, 9, ['reports', 'sso'], ['sso']),
  day('201', '201', '2025-03-08', 3, 4, 12, ['dashboard']),
  day('202', 'https://www.beta.example/', '2025-03-05', 1, 1, 5, ['reports']),
  day('202', 'https://www.beta.example/', '2025-03-07', 2, 2, 6, ['reports', 'search']),
  // Too big to tell as raw calls within the per-day limit: goes as a summary even on a recent day.
  day('202', 'https://www.beta.example/', '2025-03-08', 30, 60, 900, ['reports', 'search', 'export']),
  day('999', 'nobody.example', '2025-03-06', 2, 2, 4, ['reports']),
];

const expected = (row: UsageDay, accountId: string, source: 'summary' | 'events') => ({
  account_id: accountId,
  day: row.day,
  active_users: row.activeUsers,
  sessions: row.sessions,
  events: row.events,
  distinct_features: new Set([...row.features, ...row.advancedFeatures]).size,
  advanced_features: row.advancedFeatures.length,
  source,
});

describe('feedSandboxUsage through POST /v1/usage/events', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: UsageApp | undefined;

  beforeAll(async () => {
    ({ db, drop } = await createTestDatabase('pglite'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await drop();
  });

  async function start(before?: RequestHandler): Promise<UsageApp> {
    app = await startUsageApp(db, { before });
    await insertAccounts(db, app.tenant.id, [{ id: '201' }, { id: '202', domain: 'beta.example' }]);
    return app;
  }

  it('stores every account-day as generated: history as summaries, the last two days as raw events', async () => {
    const { baseUrl, tenant } = await start();
    const progress: Array<[number, number | undefined]> = [];
    const result = await feedSandboxUsage({ baseUrl, writeKey: tenant.usageWriteKey, days: history, onProgress: (sent, total) => progress.push([sent, total]) });

    const raw = new Set(['201:2025-03-07', '201:2025-03-08', '202:2025-03-07']);
    const source = (row: UsageDay) => (raw.has(`${row.companyId}:${row.day}`) ? 'events' : 'summary');
    const [h0, h1, h2, h3, h4, h5, h6] = history as [UsageDay, UsageDay, UsageDay, UsageDay, UsageDay, UsageDay, UsageDay];
    expect(await dailyRows(db, tenant.id)).toEqual([h0, h1, h2, h3, h4, h5, h6].map((row) => expected(row, row.companyId, source(row))));
    expect(result.rawAccountDays).toBe(3);
    expect(result.unmapped).toBe(1);
    expect(await unmappedUsage(db, tenant.id)).toMatchObject({ events: 1, topKeys: [{ groupKey: 'nobody.example', events: 1 }] });
    expect(progress.at(-1)).toEqual([history.length, history.length]);
    const { rows } = await db.query('select count(*)::int as n from usage_user_accounts where tenant_id = $1', [tenant.id]);
    // One user mapping per distinct user of the raw days (201: users 0-2 on the 7th/8th; 202: users 0-1).
    expect(rows).toEqual([{ n: 5 }]);
  });

  it('changes nothing when the same history is sent twice', async () => {
    const { baseUrl, tenant } = await start();
    const mapped = history.filter((row) => row.companyId !== '999');
    await feedSandboxUsage({ baseUrl, writeKey: tenant.usageWriteKey, days: mapped });
    const before = await db.query('select * from usage_daily where tenant_id = $1 order by account_id, day', [tenant.id]);
    const again = await feedSandboxUsage({ baseUrl, writeKey: tenant.usageWriteKey, days: mapped });
    const after = await db.query('select * from usage_daily where tenant_id = $1 order by account_id, day', [tenant.id]);
    expect(after.rows).toEqual(before.rows);
    // Every summary and raw track call is a duplicate; only group calls (one per user and raw day) count as applied again.
    const groupCalls = 2 + 3 + 2;
    expect(again.duplicates).toBe(again.events - groupCalls);
  });

  it('retries 429 and 503 answers until the batch is stored', async () => {
    let refusals = 0;
    const flaky: RequestHandler = (_req, res, next) => {
      refusals += 1;
      if (refusals === 1) res.status(429).set('Retry-After', '0').json({ error: 'slow down' });
      else if (refusals === 2) res.status(503).json({ error: 'unavailable' });
      else next();
    };
    const { baseUrl, tenant } = await start(flaky);
    const result = await feedSandboxUsage({ baseUrl, writeKey: tenant.usageWriteKey, days: history.slice(0, 2), rawDays: 0 });
    expect(refusals).toBe(3);
    expect(result).toMatchObject({ batches: 1, events: 2 });
    expect(await dailyRows(db, tenant.id)).toHaveLength(2);
  });

  it('stops with a UsageFeedError naming the status when the write key is refused', async () => {
    const { baseUrl } = await start();
    const failure = feedSandboxUsage({ baseUrl, writeKey: 'tt_wk_not_a_key', days: history.slice(0, 1) });
    await expect(failure).rejects.toBeInstanceOf(UsageFeedError);
    await expect(failure).rejects.toThrow(/refused a batch with 401/);
  });
});
