import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../server/src/store/database.js';
import { migrate } from '../../../server/src/store/migrate.js';
import { migrations } from '../../../server/src/store/migrations/index.js';
import { openPGlite } from '../../../server/src/store/pglite.js';
import { openPostgres } from '../../../server/src/store/postgres.js';
import { DATABASE_KINDS, TEST_POSTGRES_URL, type DatabaseKind } from '../../support/test-databases.js';

/** An empty database of `kind` with only the migrations before `version` applied. */
async function databaseBefore(kind: DatabaseKind, version: number): Promise<{ db: Database; drop: () => Promise<void> }> {
  let db: Database;
  let drop: () => Promise<void>;
  if (kind === 'pglite') {
    db = await openPGlite(undefined);
    drop = () => db.close();
  } else {
    const name = `tt_test_${randomBytes(6).toString('hex')}`;
    const admin = await openPostgres(TEST_POSTGRES_URL, 1);
    await admin.exec(`create database ${name}`);
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    db = await openPostgres(url.toString());
    drop = async () => {
      await db.close();
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    };
  }
  await db.exec('create table schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())');
  for (const migration of migrations.filter((m) => m.version < version)) {
    await db.exec(migration.sql);
    await db.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
  }
  return { db, drop };
}

describe.each(DATABASE_KINDS)('the scoring-outputs migration on %s', (kind) => {
  it("keeps each account's last churn prediction of a day when predictions were stored per scoring", async () => {
    const { db, drop } = await databaseBefore(kind, 3);
    try {
      await db.query("insert into tenants (id, crm, external_id, name, usage_write_key) values ('hubspot-1', 'hubspot', '1', 'T', 'wk')");
      const insert = (scoredAt: string, probability: number) =>
        db.query(
          `insert into predictions (tenant_id, account_id, model, model_version, feature_set_version, scored_at, as_of, probability, risk_score, band)
           values ('hubspot-1', 'a', 'churn', 'v', '1.0.0', $1::timestamptz, $2::date, $3::double precision, round($3::double precision * 100), 'low')`,
          [scoredAt, scoredAt.slice(0, 10), probability],
        );
      await insert('2024-07-01T03:00:00Z', 0.1);
      await insert('2024-07-01T09:00:00Z', 0.2);
      await insert('2024-07-01T15:00:00Z', 0.3);
      await insert('2024-07-02T03:00:00Z', 0.4);
      expect(await migrate(db)).toContain(3);
      const { rows } = await db.query<{ as_of: string; probability: number; missing_features: unknown }>(
        'select as_of::text as as_of, probability, missing_features from predictions order by as_of',
      );
      expect(rows.map((r) => [r.as_of, Number(r.probability)])).toEqual([
        ['2024-07-01', 0.3],
        ['2024-07-02', 0.4],
      ]);
      expect(rows[0]!.missing_features).toEqual([]);
      await expect(insert('2024-07-02T09:00:00Z', 0.5)).rejects.toThrow(/duplicate key|unique/);
    } finally {
      await drop();
    }
  });
});
