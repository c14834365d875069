import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';

// Dates stay 'YYYY-MM-DD' strings and bigints/numerics come back as numbers where safe: the same as PGlite.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query(sql, params);
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
    },
  };
}

/** A PostgreSQL database reached through a pg connection pool. */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const probe = await pool.connect();
  probe.release();
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          // PostgreSQL aborts one side of a deadlock or serialization conflict and expects it to be retried.
          if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableConflict(error)) throw error;
        } finally {
          client.release();
        }
        await new Promise((done) => setTimeout(done, 20 * attempt + Math.random() * 30));
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Attempts of a transaction PostgreSQL aborted as a deadlock victim or serialization failure. */
const TRANSACTION_ATTEMPTS = 4;

function isRetryableConflict(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  return code === '40P01' || code === '40001';
}
