import { join, resolve } from 'node:path';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPGlite } from './pglite.js';
import { openPostgres } from './postgres.js';

/** Opens PostgreSQL when a URL is given, PGlite under dataDir otherwise, and applies pending migrations. */
export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPGlite(join(resolve(options.dataDir), 'pglite'));
  await migrate(db);
  return db;
}
