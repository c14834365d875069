import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeatureRows } from '../../../server/src/features/build-features.js';
import { loadFeatureManifest } from '../../../server/src/features/features-manifest.js';
import { exportTrainingTable } from '../../../server/src/features/training-table.js';
import type { Database } from '../../../server/src/store/database.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';
import { TENANT_ID, insertDeals, insertEngagements, insertHistory, insertTickets, insertUsage, seedSmallTenant } from './small-tenant.js';

const backends = [
  { name: 'PGlite', kind: 'pglite' },
  { name: 'PostgreSQL', kind: 'postgres' },
] as const;

async function exportRows(db: Database, progress?: [number, number][]) {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const result = await exportTrainingTable({
    db,
    tenantId: TENANT_ID,
    out: sink,
    chunkSize: 2,
    ...(progress ? { onProgress: (done: number, total: number) => progress.push([done, total]) } : {}),
  });
  const [header, ...lines] = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  const columns = (header ?? '').split(',');
  const rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i] as string, cell])));
  const find = (account: string, date: string) => rows.find((r) => r.account_id === account && r.snapshot_date === date);
  return { result, columns, rows, find };
}

describe.each(backends)('training table export on $name', (backend) => {
  let db: Database;
  let handle: TestDatabase | undefined;

  beforeAll(async () => {
    handle = await createTestDatabase(backend.kind);
    db = handle.db;
    await seedSmallTenant(db);
  });

  afterAll(async () => {
    await handle?.drop();
  });

  it('writes one row per account per month while it is an active customer', async () => {
    const progress: [number, number][] = [];
    const { result, rows, columns } = await exportRows(db, progress);
    const manifest = loadFeatureManifest();
    expect(columns.slice(0, 4)).toEqual(['tenant_id', 'account_id', 'snapshot_date', 'segment']);
    expect(columns.slice(4, 4 + manifest.features.length)).toEqual(manifest.features.map((f) => f.name));
    expect(columns.slice(4 + manifest.features.length)).toEqual([
      'churned_by_renewal', 'days_to_churn', 'expanded_30d', 'expanded_90d', 'expanded_365d',
      'expansion_amount_30d', 'expansion_amount_90d', 'expansion_amount_365d',
    ]);
    const dates = (account: string) => rows.filter((r) => r.account_id === account).map((r) => r.snapshot_date);
    expect(dates('acc-a')).toEqual(['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01', '2024-07-01']);
    // Churn dated 2024-03-01 was only recorded on 2024-03-10: the March snapshot still saw a customer.
    expect(dates('acc-b')).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect(dates('acc-c')).toEqual(['2024-04-01', '2024-05-01', '2024-06-01', '2024-07-01']);
    expect(result).toMatchObject({ rows: 14, snapshots: 7, accounts: 3 });
    expect(result.dataEnd?.toISOString()).toBe('2024-07-01T00:00:00.000Z');
    expect(progress.at(-1)).toEqual([3, 3]);
  });

  it('exports feature values that match a hand computation', async () => {
    const { find } = await exportRows(db);
    const a = find('acc-a', '2024-04-01');
    expect(a).toMatchObject({
      segment: 'mid_market',
      active_users_30d: '10',
      seat_utilisation_30d: '0.5',
      sessions_per_user_30d: '2',
      tickets_90d: '2',
      open_tickets: '1',
      csat_avg_180d: '4',
      days_to_renewal: '45',
      arr: '24000',
      seats: '20',
      meetings_90d: '1',
      days_since_last_executive_touch: String(11 + 9 / 24),
      active_users_trend_90d: '',
    });
    expect(Number(a?.tenure_days)).toBe((Date.parse('2024-04-01') - Date.parse('2023-05-16')) / 86_400_000);
    const c = find('acc-c', '2024-04-01');
    // 17 tracked days (Mar 15 - Mar 31) at 4 users/day over 8 seats; ARR has no history: the current value.
    expect(c).toMatchObject({ active_users_30d: '4', seat_utilisation_30d: '0.5', tenure_days: '17', arr: '6000' });
  });

  it('exports outcomes known after each snapshot', async () => {
    const { find } = await exportRows(db);
    expect(find('acc-a', '2024-04-01')).toMatchObject({
      churned_by_renewal: '0',
      days_to_churn: '',
      expanded_30d: '0',
      expanded_90d: '1',
      expanded_365d: '',
      expansion_amount_30d: '0',
      expansion_amount_90d: '6000',
    });
    expect(find('acc-a', '2024-06-01')).toMatchObject({ churned_by_renewal: '', expanded_30d: '0', expanded_90d: '' });
    expect(find('acc-b', '2024-02-01')).toMatchObject({ churned_by_renewal: '1', days_to_churn: '29' });
    expect(find('acc-b', '2024-03-01')).toMatchObject({ churned_by_renewal: '1', days_to_churn: '0' });
  });

  it('keeps outcomes free of changes made before the snapshot and features free of data after it', async () => {
    const t = new Date('2024-05-01T00:00:00Z');
    const vectors = async () => {
      const out = new Map<string, number[]>();
      for await (const row of buildFeatureRows({ db, tenantId: TENANT_ID, asOfDates: [t] })) out.set(row.accountId, Array.from(row.values));
      return out;
    };
    const featuresBefore = await vectors();
    expect([...featuresBefore.keys()].sort()).toEqual(['acc-a', 'acc-c']);

    // Records dated at or after t.
    await insertUsage(db, 'acc-a', '2024-05-01', 20, { activeUsers: 500, sessions: 900, events: 9000, distinct: 30, advanced: 20 });
    await insertHistory(db, [
      ['acc-a', 'arr', '2024-05-01T00:00:00Z', '99000'],
      ['acc-a', 'seats', '2024-05-02T00:00:00Z', '2'],
      ['acc-c', 'churned_at', '2024-05-01T00:00:00Z', '2024-04-20'],
    ]);
    await insertTickets(db, [{ id: 't9', account_id: 'acc-a', priority: 'urgent', status: 'open', created_at: '2024-05-01T00:00:00Z', escalated: true }]);
    await insertEngagements(db, [{ id: 'e9', account_id: 'acc-c', kind: 'email', direction: 'inbound', occurred_at: '2024-05-01T00:00:00Z', contact_id: 'c7', with_executive: true }]);
    await insertDeals(db, [{ id: 'd9', account_id: 'acc-a', kind: 'upsell', is_closed: false, is_won: false, amount: 7000, close_date: '2024-06-30', crm_created_at: '2024-05-01T00:00:00Z' }]);
    expect(await vectors()).toEqual(featuresBefore);
    const before = await exportRows(db);

    // Records dated before t: an upsell won and a seat increase in April.
    await insertDeals(db, [{ id: 'd8', account_id: 'acc-a', kind: 'upsell', is_closed: true, is_won: true, amount: 4000, close_date: '2024-04-20', crm_created_at: '2024-04-01T00:00:00Z' }]);
    await insertHistory(db, [['acc-a', 'seats', '2024-04-25T00:00:00Z', '25']]);
    const after = await exportRows(db);
    const outcomes = (row: Record<string, string> | undefined) =>
      Object.fromEntries(Object.entries(row ?? {}).filter(([k]) => k.startsWith('expan') || k.includes('churn')));
    expect(outcomes(after.find('acc-a', '2024-05-01'))).toEqual(outcomes(before.find('acc-a', '2024-05-01')));
    // ...while the April snapshot's outcomes do see them.
    expect(after.find('acc-a', '2024-04-01')?.expanded_30d).toBe('1');
  });
});
