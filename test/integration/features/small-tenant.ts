import { upsertRows, type BulkColumn } from '../../../server/src/store/bulk.js';
import type { Queryable } from '../../../server/src/store/database.js';

export const TENANT_ID = 'hubspot-777';

type Row = Record<string, unknown>;

/** Bulk-writes rows whose keys are column names, with the given Postgres types. */
export async function insertRows(db: Queryable, table: string, key: string[], types: Record<string, BulkColumn<Row>['type']>, rows: Row[]) {
  const columns = Object.entries(types).map(([name, type]) => ({ name, type, value: (row: Row) => row[name] }));
  await upsertRows(db, rows, { table, columns, key });
}

const day = (start: string, offset: number) => new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

export async function insertUsage(db: Queryable, accountId: string, from: string, days: number, values: { activeUsers: number; sessions?: number; events?: number; distinct?: number; advanced?: number }) {
  const rows = Array.from({ length: days }, (_, i) => ({
    tenant_id: TENANT_ID,
    account_id: accountId,
    day: day(from, i),
    active_users: values.activeUsers,
    sessions: values.sessions ?? 0,
    events: values.events ?? 0,
    distinct_features: values.distinct ?? 0,
    advanced_features: values.advanced ?? 0,
    source: 'summary',
  }));
  await insertRows(db, 'usage_daily', ['tenant_id', 'account_id', 'day'], {
    tenant_id: 'text', account_id: 'text', day: 'date', active_users: 'integer', sessions: 'integer', events: 'integer',
    distinct_features: 'integer', advanced_features: 'integer', source: 'text',
  }, rows);
}

export async function insertHistory(db: Queryable, rows: [accountId: string, field: string, validFrom: string, value: string | null][]) {
  await insertRows(db, 'account_history', ['tenant_id', 'account_id', 'field', 'valid_from'], {
    tenant_id: 'text', account_id: 'text', field: 'text', valid_from: 'timestamptz', value: 'text',
  }, rows.map(([account_id, field, valid_from, value]) => ({ tenant_id: TENANT_ID, account_id, field, valid_from, value })));
}

export async function insertTickets(db: Queryable, rows: Row[]) {
  await insertRows(db, 'tickets', ['tenant_id', 'id'], {
    tenant_id: 'text', id: 'text', account_id: 'text', priority: 'text', status: 'text', created_at: 'timestamptz',
    first_response_at: 'timestamptz', resolved_at: 'timestamptz', escalated: 'boolean', csat: 'smallint',
  }, rows.map((r) => ({ tenant_id: TENANT_ID, escalated: false, ...r })));
}

export async function insertEngagements(db: Queryable, rows: Row[]) {
  await insertRows(db, 'engagements', ['tenant_id', 'id'], {
    tenant_id: 'text', id: 'text', account_id: 'text', kind: 'text', direction: 'text', occurred_at: 'timestamptz',
    contact_id: 'text', with_executive: 'boolean', crm_updated_at: 'timestamptz',
  }, rows.map((r) => ({ tenant_id: TENANT_ID, with_executive: false, crm_updated_at: r.occurred_at, ...r })));
}

export async function insertDeals(db: Queryable, rows: Row[]) {
  await insertRows(db, 'deals', ['tenant_id', 'id'], {
    tenant_id: 'text', id: 'text', account_id: 'text', kind: 'text', is_closed: 'boolean', is_won: 'boolean',
    amount: 'numeric', close_date: 'date', crm_created_at: 'timestamptz',
  }, rows.map((r) => ({ tenant_id: TENANT_ID, ...r })));
}

/**
 * Three accounts, data from 2023-12-01 to 2024-07-01:
 * - acc-a: 20 seats, $24,000 ARR, renewal 2024-05-16 (renewed at $30,000), 10 daily users all along;
 * - acc-b: churned 2024-03-01, recorded on 2024-03-10;
 * - acc-c: contract starting 2024-03-15.
 */
export async function seedSmallTenant(db: Queryable): Promise<void> {
  await db.query(
    `insert into tenants (id, crm, external_id, name, usage_write_key) values ($1, 'hubspot', '777', 'Small', 'wk-777')`,
    [TENANT_ID],
  );
  await insertRows(db, 'accounts', ['tenant_id', 'id'], {
    tenant_id: 'text', id: 'text', name: 'text', segment: 'text', arr: 'numeric', seats: 'integer', contract_start: 'date',
    renewal_date: 'date', lifecycle: 'text', churned_at: 'date', crm_created_at: 'timestamptz',
  }, [
    { tenant_id: TENANT_ID, id: 'acc-a', name: 'A', segment: 'mid_market', arr: 30000, seats: 20, contract_start: '2023-05-16', renewal_date: '2025-05-16', lifecycle: 'customer', churned_at: null, crm_created_at: '2023-05-01T00:00:00Z' },
    { tenant_id: TENANT_ID, id: 'acc-b', name: 'B', segment: 'smb', arr: 0, seats: 5, contract_start: '2023-06-01', renewal_date: '2024-06-01', lifecycle: 'other', churned_at: '2024-03-01', crm_created_at: '2023-05-20T00:00:00Z' },
    { tenant_id: TENANT_ID, id: 'acc-c', name: 'C', segment: 'smb', arr: 6000, seats: 8, contract_start: '2024-03-15', renewal_date: '2025-03-15', lifecycle: 'customer', churned_at: null, crm_created_at: '2024-02-20T00:00:00Z' },
  ]);
  await insertHistory(db, [
    ['acc-a', 'arr', '2023-12-01T00:00:00Z', '24000'],
    ['acc-a', 'arr', '2024-05-16T00:00:00Z', '30000'],
    ['acc-a', 'seats', '2023-12-01T00:00:00Z', '20'],
    ['acc-a', 'renewal_date', '2023-12-01T00:00:00Z', '2024-05-16'],
    ['acc-a', 'renewal_date', '2024-05-17T00:00:00Z', '2025-05-16'],
    ['acc-b', 'lifecycle', '2023-12-01T00:00:00Z', 'customer'],
    ['acc-b', 'lifecycle', '2024-03-10T00:00:00Z', 'other'],
    ['acc-b', 'churned_at', '2024-03-10T00:00:00Z', '2024-03-01'],
    ['acc-c', 'contract_start', '2024-03-01T00:00:00Z', '2024-03-15'],
  ]);
  await insertUsage(db, 'acc-a', '2024-01-01', 182, { activeUsers: 10, sessions: 20, events: 100, distinct: 4, advanced: 1 });
  await insertUsage(db, 'acc-b', '2024-01-01', 60, { activeUsers: 3, sessions: 3, events: 10, distinct: 2 });
  await insertUsage(db, 'acc-c', '2024-03-15', 108, { activeUsers: 4, sessions: 4, events: 20, distinct: 3 });
  await insertTickets(db, [
    { id: 't1', account_id: 'acc-a', priority: 'high', status: 'open', created_at: '2024-02-10T00:00:00Z' },
    { id: 't2', account_id: 'acc-a', priority: 'low', status: 'closed', created_at: '2024-03-05T00:00:00Z', first_response_at: '2024-03-05T03:00:00Z', resolved_at: '2024-03-06T00:00:00Z', csat: 4 },
  ]);
  await insertEngagements(db, [
    { id: 'e1', account_id: 'acc-a', kind: 'meeting', occurred_at: '2024-03-20T15:00:00Z', contact_id: 'c1', with_executive: true },
  ]);
}
