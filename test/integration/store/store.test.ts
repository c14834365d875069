import { afterEach, describe, expect, it } from 'vitest';
import { upsertRows } from '../../../server/src/store/bulk.js';
import { migrate } from '../../../server/src/store/migrate.js';
import { migrations } from '../../../server/src/store/migrations/index.js';
import { ensureTenant, findTenantByWriteKey, getTenant } from '../../../server/src/store/tenants.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';

const accountColumns = [
  { name: 'tenant_id', type: 'text' as const, value: () => 'hubspot-1' },
  { name: 'id', type: 'text' as const, value: (r: { id: string }) => r.id },
  { name: 'arr', type: 'numeric' as const, value: (r: { arr: number }) => r.arr },
];

describe.each(DATABASE_KINDS)('store on %s', (kind) => {
  let handle: TestDatabase;
  afterEach(async () => handle?.drop());

  it('applies migrations once and is a no-op the second time', async () => {
    handle = await createTestDatabase(kind);
    expect(await migrate(handle.db)).toEqual([]);
    const { rows } = await handle.db.query<{ version: number }>('select version from schema_migrations order by version');
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('upserts many rows in one statement and overwrites on conflict', async () => {
    handle = await createTestDatabase(kind);
    await ensureTenant(handle.db, { crm: 'hubspot', externalId: '1', name: 'Portal 1' });
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ id: String(i), arr: i }));
    expect(await upsertRows(handle.db, rows, { table: 'accounts', columns: accountColumns, key: ['tenant_id', 'id'] })).toBe(12_000);
    await upsertRows(handle.db, [{ id: '7', arr: 700 }], { table: 'accounts', columns: accountColumns, key: ['tenant_id', 'id'] });
    const { rows: out } = await handle.db.query<{ n: number; arr: number }>(
      `select (select count(*) from accounts)::int as n, (select arr from accounts where id = '7') as arr`,
    );
    expect(out[0]).toEqual({ n: 12_000, arr: 700 });
  });

  it('keeps the stored row when the update condition is not met', async () => {
    handle = await createTestDatabase(kind);
    await ensureTenant(handle.db, { crm: 'hubspot', externalId: '1', name: 'Portal 1' });
    const options = { table: 'accounts', columns: accountColumns, key: ['tenant_id', 'id'], updateWhere: 'excluded.arr > accounts.arr' };
    await upsertRows(handle.db, [{ id: 'a', arr: 10 }], options);
    await upsertRows(handle.db, [{ id: 'a', arr: 5 }], options);
    const { rows } = await handle.db.query<{ arr: number }>(`select arr from accounts where id = 'a'`);
    expect(rows[0]?.arr).toBe(10);
  });

  it('moves the change stamp only when the content changed, not for a re-read with a newer modification time', async () => {
    handle = await createTestDatabase(kind);
    await ensureTenant(handle.db, { crm: 'hubspot', externalId: '1', name: 'Portal 1' });
    type Row = { id: string; arr: number; modified: string; synced: string };
    const options = {
      table: 'accounts',
      key: ['tenant_id', 'id'],
      changeStamp: { column: 'synced_at', ignoring: ['crm_updated_at'] },
      columns: [
        ...accountColumns,
        { name: 'crm_updated_at', type: 'timestamptz' as const, value: (r: Row) => r.modified },
        { name: 'properties', type: 'jsonb' as const, value: (r: Row) => ({ owner: 'ana', arr: r.arr }) },
        { name: 'synced_at', type: 'timestamptz' as const, value: (r: Row) => r.synced },
      ],
    };
    const stored = async () =>
      (await handle.db.query<{ synced: string; modified: string }>(`select synced_at::text as synced, crm_updated_at::text as modified from accounts where id = 'a'`)).rows[0];
    await upsertRows<Row>(handle.db, [{ id: 'a', arr: 10, modified: '2026-01-01T00:00:00Z', synced: '2026-01-01T00:00:00Z' }], options);
    // Re-read after a write that changed nothing the store keeps: a newer modification time, same content.
    await upsertRows<Row>(handle.db, [{ id: 'a', arr: 10, modified: '2026-01-02T00:00:00Z', synced: '2026-01-02T00:00:00Z' }], options);
    expect(await stored()).toEqual({ synced: '2026-01-01 00:00:00+00', modified: '2026-01-02 00:00:00+00' });
    await upsertRows<Row>(handle.db, [{ id: 'a', arr: 11, modified: '2026-01-03T00:00:00Z', synced: '2026-01-03T00:00:00Z' }], options);
    expect(await stored()).toEqual({ synced: '2026-01-03 00:00:00+00', modified: '2026-01-03 00:00:00+00' });
  });

  it('round-trips text arrays, json and dates', async () => {
    handle = await createTestDatabase(kind);
    await ensureTenant(handle.db, { crm: 'hubspot', externalId: '1', name: 'Portal 1' });
    await upsertRows(handle.db, [{ id: 'c1', roles: ['CHAMPION', 'semi;colon "quoted"'], seen: new Date('2025-03-04T05:06:07Z') }], {
      table: 'contacts',
      key: ['tenant_id', 'id'],
      columns: [
        { name: 'tenant_id', type: 'text', value: () => 'hubspot-1' },
        { name: 'id', type: 'text', value: (r) => r.id },
        { name: 'buying_roles', type: 'text[]', value: (r) => r.roles },
        { name: 'last_engaged_at', type: 'timestamptz', value: (r) => r.seen },
      ],
    });
    const { rows } = await handle.db.query<{ buying_roles: string[]; last_engaged_at: Date }>('select buying_roles, last_engaged_at from contacts');
    expect(rows[0]?.buying_roles).toEqual(['CHAMPION', 'semi;colon "quoted"']);
    expect(new Date(rows[0]!.last_engaged_at).toISOString()).toBe('2025-03-04T05:06:07.000Z');
  });

  it('creates a tenant idempotently and finds it by its usage write key', async () => {
    handle = await createTestDatabase(kind);
    const first = await ensureTenant(handle.db, { crm: 'hubspot', externalId: '42', name: 'Acme' });
    const second = await ensureTenant(handle.db, { crm: 'hubspot', externalId: '42', name: 'Renamed' });
    expect(second).toEqual(first);
    expect(first.id).toBe('hubspot-42');
    expect((await findTenantByWriteKey(handle.db, first.usageWriteKey))?.id).toBe('hubspot-42');
    expect(await findTenantByWriteKey(handle.db, 'tt_wk_wrong')).toBeUndefined();
    expect(await getTenant(handle.db, 'hubspot-43')).toBeUndefined();
  });
});
