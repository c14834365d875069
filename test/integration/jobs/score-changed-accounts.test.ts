import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import { latestPredictions } from '../../../server/src/store/predictions.js';
import { getScoringState } from '../../../server/src/store/scoring-state.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';
import { insertTickets, insertUsage } from '../features/small-tenant.js';
import { TENANT_ID, scoreAt, smallTenantDatabase } from '../scoring/tenant-scoring.js';

let pool: OnnxPool;
beforeAll(() => {
  pool = new OnnxPool({ threads: 2 });
});
afterAll(async () => pool?.close());

const exact = { changeMarginMs: 0 };

/** Moves every stored change stamp of the tenant back by `hours`, as if the data had been synced earlier. */
async function ageStoredData(test: TestDatabase, hours: number): Promise<void> {
  for (const table of ['accounts', 'contacts', 'deals', 'tickets', 'engagements']) {
    await test.db.query(`update ${table} set synced_at = synced_at - make_interval(hours => $2) where tenant_id = $1`, [TENANT_ID, hours]);
  }
  await test.db.query('update usage_daily set updated_at = updated_at - make_interval(hours => $2) where tenant_id = $1', [TENANT_ID, hours]);
}

describe.each(DATABASE_KINDS)('scoring after a sync on %s', (kind) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await smallTenantDatabase(kind);
    await ageStoredData(test, 24);
  });
  afterEach(async () => test?.drop());

  it('scores every active customer on the first scoring after a sync', async () => {
    const report = await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'after-sync' }, exact);
    expect(report).toMatchObject({ scope: 'all', scored: 2 });
    expect((await getScoringState(test.db, TENANT_ID))?.changesThrough).not.toBeNull();
  });

  it('then scores only the accounts whose stored data changed, and none when nothing did', async () => {
    await scoreAt(test.db, pool, '2024-07-01T03:00:00Z', { reason: 'nightly' }, exact);
    expect(await scoreAt(test.db, pool, '2024-07-01T09:00:00Z', { reason: 'after-sync' }, exact)).toMatchObject({ scope: 'changed', scored: 0 });

    await insertTickets(test.db, [{ id: 't-new', account_id: 'acc-c', priority: 'high', status: 'open', created_at: '2024-07-01T08:00:00Z' }]);
    const changed = await scoreAt(test.db, pool, '2024-07-01T10:00:00Z', { reason: 'after-sync' }, exact);
    expect(changed).toMatchObject({ scope: 'changed', scored: 1 });
    const latest = new Map((await latestPredictions(test.db, TENANT_ID, 'churn')).map((p) => [p.accountId, p.scoredAt.toISOString()]));
    expect(latest.get('acc-c')).toBe('2024-07-01T10:00:00.000Z');
    expect(latest.get('acc-a')).toBe('2024-07-01T03:00:00.000Z');
    expect(await scoreAt(test.db, pool, '2024-07-01T11:00:00Z', { reason: 'after-sync' }, exact)).toMatchObject({ scored: 0 });
  });

  it('counts a finished usage day as a change, and the day in progress not', async () => {
    await scoreAt(test.db, pool, '2024-07-01T03:00:00Z', { reason: 'nightly' }, exact);
    await insertUsage(test.db, 'acc-a', '2024-07-01', 1, { activeUsers: 9 });
    expect(await scoreAt(test.db, pool, '2024-07-01T09:00:00Z', { reason: 'after-sync' }, exact)).toMatchObject({ scored: 0 });
    // The usage store rewrites a day's rollup and its updated_at when late events arrive.
    await test.db.query("update usage_daily set active_users = 9, updated_at = now() where tenant_id = $1 and account_id = 'acc-a' and day = '2024-06-30'", [TENANT_ID]);
    const report = await scoreAt(test.db, pool, '2024-07-01T10:00:00Z', { reason: 'after-sync' }, exact);
    expect(report).toMatchObject({ scored: 1 });
    expect((await latestPredictions(test.db, TENANT_ID, 'churn')).find((p) => p.accountId === 'acc-a')!.scoredAt.toISOString()).toBe('2024-07-01T10:00:00.000Z');
  });

  it('counts data stored within the margin before the last scoring began as changed again', async () => {
    await scoreAt(test.db, pool, '2024-07-01T03:00:00Z', { reason: 'nightly' });
    // Every seeded row was stored within seconds of the newest one, which set the marker.
    expect(await scoreAt(test.db, pool, '2024-07-01T09:00:00Z', { reason: 'after-sync' })).toMatchObject({ scope: 'changed', scored: 2 });
    expect(await scoreAt(test.db, pool, '2024-07-01T09:05:00Z', { reason: 'after-sync' }, exact)).toMatchObject({ scored: 0 });
  });

  it('leaves the marker alone when only named accounts are scored', async () => {
    await scoreAt(test.db, pool, '2024-07-01T03:00:00Z', { reason: 'nightly' }, exact);
    const before = await getScoringState(test.db, TENANT_ID);
    await insertTickets(test.db, [{ id: 't-new', account_id: 'acc-c', priority: 'low', status: 'open', created_at: '2024-07-01T08:00:00Z' }]);
    await scoreAt(test.db, pool, '2024-07-01T09:00:00Z', { reason: 'manual', accountIds: ['acc-a'] }, exact);
    expect((await getScoringState(test.db, TENANT_ID))?.changesThrough).toEqual(before?.changesThrough);
    expect(await scoreAt(test.db, pool, '2024-07-01T10:00:00Z', { reason: 'after-sync' }, exact)).toMatchObject({ scored: 1 });
  });
});
