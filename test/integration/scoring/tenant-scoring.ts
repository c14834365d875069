import { fixedClock } from '../../../server/src/clock/clock.js';
import { createScoreJob, type ScoreJobDeps, type ScoreReport } from '../../../server/src/jobs/score-job.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { ModelRegistry } from '../../../server/src/scoring/model-registry.js';
import type { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import type { Database } from '../../../server/src/store/database.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/test-databases.js';
import { TENANT_ID, seedSmallTenant } from '../features/small-tenant.js';

export { TENANT_ID };

/** A migrated database of `kind` holding the small tenant (acc-a and acc-c active customers, acc-b churned). */
export async function smallTenantDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const test = await createTestDatabase(kind);
  await seedSmallTenant(test.db);
  return test;
}

/** Runs the score-tenant job once at `at` (the job's clock), with a fresh registry unless given. */
export async function scoreAt(
  db: Database,
  pool: OnnxPool,
  at: string,
  payload: { reason: 'after-sync' | 'nightly' | 'manual'; accountIds?: string[] },
  deps: Partial<ScoreJobDeps> = {},
): Promise<ScoreReport> {
  const job = createScoreJob({ db, pool, logger: createLogger('silent'), clock: fixedClock(at), models: new ModelRegistry({ pool }), ...deps });
  const report = await job({ tenantId: TENANT_ID, ...payload });
  if ('skipped' in report) throw new Error(report.skipped);
  return report;
}

/** Row counts of every table scoring writes, for the tenant. */
export async function storedCounts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['predictions', 'expansion_predictions', 'health_predictions', 'health_daily']) {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1`, [TENANT_ID]);
    out[table] = rows[0]!.n;
  }
  return out;
}
