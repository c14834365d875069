import { randomBytes } from 'node:crypto';
import type { Database } from '../../server/src/store/database.js';
import { migrate } from '../../server/src/store/migrate.js';
import { openPGlite } from '../../server/src/store/pglite.js';
import { openPostgres } from '../../server/src/store/postgres.js';

/** The server the PostgreSQL tier runs against (the test command sets it; this default suits a dev machine). */
export const TEST_POSTGRES_URL = process.env.TELLTALE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  drop(): Promise<void>;
}

/** A migrated, empty database of the given kind: PGlite in memory, or a fresh PostgreSQL database dropped afterwards. */
export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPGlite(undefined);
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const name = `tt_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(TEST_POSTGRES_URL, 1);
  await admin.exec(`create database ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  await migrate(db);
  return {
    db,
    async drop() {
      await db.close();
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];
