import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { loadFeatureManifest } from '../../../server/src/features/features-manifest.js';
import { CHURN_MODEL_DIR, createScoreJob } from '../../../server/src/jobs/score-job.js';
import { PermanentJobError } from '../../../server/src/jobs/workers.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { ModelRegistry } from '../../../server/src/scoring/model-registry.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import type { Database } from '../../../server/src/store/database.js';
import { migrate } from '../../../server/src/store/migrate.js';
import { openPGlite } from '../../../server/src/store/pglite.js';
import { latestPredictionSummary, latestPredictions } from '../../../server/src/store/predictions.js';
import { copyOfChurnModel, editCard } from '../scoring/model-helpers.js';
import { TENANT_ID, seedSmallTenant } from '../features/small-tenant.js';

interface StoredRow {
  account_id: string;
  model_version: string;
  feature_set_version: string;
  as_of: string;
  probability: number;
  risk_score: number;
  band: string;
  drivers: Array<{ group: string; points: number }>;
  baseline: number;
  what_if: Array<{ group: string; deltaPoints: number }>;
}

describe('score-tenant job', () => {
  let db: Database;
  let pool: OnnxPool;
  const logger = createLogger('silent');
  const clock = fixedClock('2024-07-01T12:00:00Z');

  beforeAll(async () => {
    db = await openPGlite(undefined);
    await migrate(db);
    await seedSmallTenant(db);
    pool = new OnnxPool({ threads: 2 });
  });
  afterAll(async () => {
    await pool?.close();
    await db?.close();
  });

  it('stores one explained prediction per active customer, versioned by the model card and manifest', async () => {
    const card = JSON.parse(await readFile(join(CHURN_MODEL_DIR, 'card.json'), 'utf8')) as { version: string };
    const score = createScoreJob({ db, logger, clock, pool, models: new ModelRegistry({ pool }) });
    const report = await score({ tenantId: TENANT_ID, reason: 'manual' });
    expect(report).toMatchObject({ tenantId: TENANT_ID, model: 'churn', modelVersion: card.version, asOf: '2024-07-01', scored: 2 });

    const { rows } = await db.query<StoredRow>(
      'select account_id, model_version, feature_set_version, as_of::text as as_of, probability, risk_score, band, drivers, baseline, what_if from predictions where tenant_id = $1 order by account_id',
      [TENANT_ID],
    );
    // acc-b churned in March 2024: only the two active customers are scored.
    expect(rows.map((r) => r.account_id)).toEqual(['acc-a', 'acc-c']);
    for (const row of rows) {
      expect(row.model_version).toBe(card.version);
      expect(row.feature_set_version).toBe(loadFeatureManifest().version);
      expect(row.as_of).toBe('2024-07-01');
      expect(row.probability).toBeGreaterThanOrEqual(0);
      expect(row.probability).toBeLessThanOrEqual(1);
      expect(row.risk_score).toBe(Math.round(row.probability * 100));
      expect(['low', 'medium', 'high']).toContain(row.band);
      expect(row.drivers).toHaveLength(6);
      expect(row.what_if).toHaveLength(6);
      const driverSum = row.drivers.reduce((sum, d) => sum + d.points, 0) / 100;
      expect(Math.abs(driverSum - (row.probability - row.baseline))).toBeLessThan(1e-6);
    }
  });

  it('scores only the named accounts and keeps earlier predictions, serving the latest per account', async () => {
    const later = fixedClock('2024-07-02T12:00:00Z');
    const score = createScoreJob({ db, logger, clock: later, pool, models: new ModelRegistry({ pool }) });
    const report = await score({ tenantId: TENANT_ID, accountIds: ['acc-c'], reason: 'after-sync' });
    expect(report).toMatchObject({ scored: 1, asOf: '2024-07-02' });

    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from predictions where tenant_id = $1', [TENANT_ID]);
    expect(rows[0]!.n).toBe(3);
    const latest = await latestPredictions(db, TENANT_ID, 'churn');
    expect(latest.map((p) => [p.accountId, p.asOf])).toEqual([
      ['acc-a', '2024-07-01'],
      ['acc-c', '2024-07-02'],
    ]);
    const summary = await latestPredictionSummary(db, TENANT_ID, 'churn');
    expect(summary.accounts).toBe(2);
    expect(summary.lastScoredAt).toBe('2024-07-02T12:00:00.000Z');
    expect(summary.bands.low + summary.bands.medium + summary.bands.high).toBe(2);
  });

  it('fails permanently with the reason when the model is refused, and stores nothing', async () => {
    const copy = await copyOfChurnModel();
    try {
      await editCard(copy.dir, (card) => {
        (card.manifest as Record<string, unknown>).fingerprint = '0'.repeat(64);
      });
      const score = createScoreJob({ db, logger, clock: fixedClock('2024-07-03T12:00:00Z'), pool, models: new ModelRegistry({ pool }), modelDir: copy.dir });
      const failure = await score({ tenantId: TENANT_ID, reason: 'manual' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PermanentJobError);
      expect((failure as Error).message).toContain('MANIFEST_MISMATCH');
      const { rows } = await db.query<{ n: number }>("select count(*)::int as n from predictions where as_of = '2024-07-03'");
      expect(rows[0]!.n).toBe(0);
    } finally {
      await copy.cleanup();
    }
  });

  it('skips a tenant that no longer exists', async () => {
    const score = createScoreJob({ db, logger, clock, pool, models: new ModelRegistry({ pool }) });
    expect(await score({ tenantId: 'hubspot-0', reason: 'nightly' })).toEqual({ skipped: 'tenant hubspot-0 no longer exists' });
  });
});
