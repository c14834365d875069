import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { loadFeatureManifest } from '../../../server/src/features/features-manifest.js';
import { createScoreJob } from '../../../server/src/jobs/score-job.js';
import { PermanentJobError } from '../../../server/src/jobs/workers.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { ModelRegistry } from '../../../server/src/scoring/model-registry.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import { riskScaleOf, riskScore, type RiskScale } from '../../../server/src/scoring/risk-band.js';
import { STARTER_MODEL_DIRS } from '../../../server/src/scoring/tenant-models.js';
import { latestExpansionPredictions } from '../../../server/src/store/expansion-predictions.js';
import { latestHealthPredictions } from '../../../server/src/store/health-predictions.js';
import { latestPredictionSummary, latestPredictions } from '../../../server/src/store/predictions.js';
import { setScoringSettingsOverrides } from '../../../server/src/store/tenant-settings.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';
import { copyOfModel, editCard, readCard } from '../scoring/model-helpers.js';
import { TENANT_ID, scoreAt, smallTenantDatabase, storedCounts } from '../scoring/tenant-scoring.js';

let pool: OnnxPool;
beforeAll(() => {
  pool = new OnnxPool({ threads: 2 });
});
afterAll(async () => pool?.close());

const sumOf = (drivers: Array<{ points: number }>) => drivers.reduce((sum, d) => sum + d.points, 0);

describe.each(DATABASE_KINDS)('score-tenant job on %s', (kind) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await smallTenantDatabase(kind);
  });
  afterEach(async () => test?.drop());

  it('stores churn, expansion and health predictions for each active customer, versioned by the cards and the manifest', async () => {
    const report = await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'manual' });
    const versions = { churn: (await readCard(STARTER_MODEL_DIRS.churn)).version, expansion: (await readCard(STARTER_MODEL_DIRS.expansion)).version, health: (await readCard(STARTER_MODEL_DIRS.health)).version };
    expect(report).toMatchObject({ tenantId: TENANT_ID, scope: 'all', asOf: '2024-07-01', scored: 2, modelVersions: versions });
    const manifestVersion = loadFeatureManifest().version;
    // acc-b churned in March 2024: only the two active customers are scored.
    const churn = await latestPredictions(test.db, TENANT_ID, 'churn');
    const expansion = await latestExpansionPredictions(test.db, TENANT_ID);
    const health = await latestHealthPredictions(test.db, TENANT_ID);
    for (const rows of [churn, expansion, health]) {
      expect(rows.map((r) => r.accountId)).toEqual(['acc-a', 'acc-c']);
      for (const row of rows) expect([row.asOf, row.featureSetVersion, row.scoredAt.toISOString()]).toEqual(['2024-07-01', manifestVersion, '2024-07-01T12:00:00.000Z']);
    }
    expect(churn.map((p) => p.modelVersion)).toEqual([versions.churn, versions.churn]);
    expect(expansion.map((p) => p.modelVersion)).toEqual([versions.expansion, versions.expansion]);
    expect(health.map((p) => p.modelVersion)).toEqual([versions.health, versions.health]);
    const scale = riskScaleOf((await readCard(STARTER_MODEL_DIRS.churn)).risk_scale.points) as RiskScale;
    for (const p of churn) {
      expect(p.riskScore).toBe(riskScore(p.probability, scale));
      expect(p.band).toBe(p.riskScore >= 80 ? 'high' : p.riskScore >= 50 ? 'medium' : 'low');
    }
    for (const p of expansion) {
      expect(p.probabilities[p.explainedOutput]).toBe(p.probability);
      expect(p.expectedAmount).toBeGreaterThanOrEqual(0);
    }
    for (const h of health) {
      expect(h.forecast.length).toBeGreaterThan(0);
      expect(h.forecast90d).toBe(h.forecast[h.forecast.length - 1]!.p50);
      expect(h.scoreSource).toBe('pulse');
      expect(h.trajectoryConfidence).toBeGreaterThanOrEqual(0);
      expect(h.trajectoryConfidence).toBeLessThanOrEqual(100);
    }
    const summary = await latestPredictionSummary(test.db, TENANT_ID, 'churn');
    expect(summary).toMatchObject({ accounts: 2, lastScoredAt: '2024-07-01T12:00:00.000Z' });
  });

  it('gives churn and expansion drivers that sum to prediction minus baseline within 1e-6 for every scored account, each in words', async () => {
    await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'nightly' });
    const churn = await latestPredictions(test.db, TENANT_ID, 'churn');
    const expansion = await latestExpansionPredictions(test.db, TENANT_ID);
    for (const p of [...churn, ...expansion]) {
      expect(p.drivers).toHaveLength(6);
      expect(Math.abs(sumOf(p.drivers!) / 100 - (p.probability - p.baseline!))).toBeLessThan(1e-6);
      for (const d of p.drivers!) {
        expect(d.text).toMatch(new RegExp(`^${d.label}: .*[+-]\\d+(\\.\\d)? pts$`));
        expect(d.direction).toBe(d.points >= 0 ? 'raises' : 'lowers');
        expect(d.topFeatures!.length).toBeLessThanOrEqual(2);
      }
      expect(p.whatIf).toHaveLength(6);
    }
    for (const p of churn) expect(p.driversText!.length).toBeGreaterThan(10);
  });

  it('replaces a scoring of the same day on retry instead of adding rows', async () => {
    await scoreAt(test.db, pool, '2024-07-01T03:00:00Z', { reason: 'nightly' });
    const first = await storedCounts(test.db);
    await scoreAt(test.db, pool, '2024-07-01T03:00:00Z', { reason: 'nightly' });
    await scoreAt(test.db, pool, '2024-07-01T15:30:00Z', { reason: 'manual' });
    expect(await storedCounts(test.db)).toEqual(first);
    expect(first).toMatchObject({ predictions: 2, expansion_predictions: 2, health_predictions: 2 });
    const latest = await latestPredictions(test.db, TENANT_ID, 'churn');
    expect(latest.map((p) => p.scoredAt.toISOString())).toEqual(['2024-07-01T15:30:00.000Z', '2024-07-01T15:30:00.000Z']);
    await scoreAt(test.db, pool, '2024-07-02T03:00:00Z', { reason: 'nightly' });
    expect((await storedCounts(test.db)).predictions).toBe(4);
  });

  it('bands churn risk, opens expansion windows and calls trajectories by the tenant settings', async () => {
    await setScoringSettingsOverrides(test.db, TENANT_ID, {
      riskBands: { medium: 1, high: 2 },
      expansionWindow: { '30_days': 0.000001, '90_days': 0.5, '12_months': 0.5 },
      trajectory: { minChangePoints: 50 },
    });
    await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'manual' });
    const churn = await latestPredictions(test.db, TENANT_ID, 'churn');
    for (const p of churn) expect(p.band).toBe(p.riskScore >= 2 ? 'high' : p.riskScore >= 1 ? 'medium' : 'low');
    expect(churn.some((p) => p.band === 'high')).toBe(true);
    expect((await latestExpansionPredictions(test.db, TENANT_ID)).map((p) => p.window)).toEqual(['30_days', '30_days']);
    expect((await latestHealthPredictions(test.db, TENANT_ID)).map((p) => p.trajectory)).toEqual(['stable', 'stable']);
  });

  it('scores only the named accounts and keeps their earlier days', async () => {
    await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'manual' });
    const report = await scoreAt(test.db, pool, '2024-07-02T12:00:00Z', { reason: 'manual', accountIds: ['acc-c'] });
    expect(report).toMatchObject({ scope: 'named', scored: 1, asOf: '2024-07-02' });
    const latest = await latestPredictions(test.db, TENANT_ID, 'churn');
    expect(latest.map((p) => [p.accountId, p.asOf])).toEqual([
      ['acc-a', '2024-07-01'],
      ['acc-c', '2024-07-02'],
    ]);
    expect((await storedCounts(test.db)).predictions).toBe(3);
  });

  it('scores each model from the directory the resolver names for the tenant, and fails permanently with the reason when one is refused, storing nothing', async () => {
    const copy = await copyOfModel(STARTER_MODEL_DIRS.expansion);
    try {
      const asked: string[] = [];
      const resolver = (tenantId: string, model: 'churn' | 'expansion' | 'health') => {
        asked.push(`${tenantId}/${model}`);
        return model === 'expansion' ? copy.dir : STARTER_MODEL_DIRS[model];
      };
      const registry = new ModelRegistry({ pool });
      await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'manual' }, { models: registry, modelDirFor: resolver });
      expect(asked.sort()).toEqual([`${TENANT_ID}/churn`, `${TENANT_ID}/expansion`, `${TENANT_ID}/health`]);
      expect(registry.get(`${TENANT_ID}/expansion`)?.dir).toBe(copy.dir.replace(/\/$/, ''));

      await editCard(copy.dir, (card) => {
        (card.manifest as Record<string, unknown>).fingerprint = '0'.repeat(64);
      });
      const job = createScoreJob({ db: test.db, pool, logger: createLogger('silent'), clock: fixedClock('2024-07-03T12:00:00Z'), models: new ModelRegistry({ pool }), modelDirFor: resolver });
      const failure = await job({ tenantId: TENANT_ID, reason: 'manual' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PermanentJobError);
      expect((failure as Error).message).toContain('MANIFEST_MISMATCH');
      const { rows } = await test.db.query<{ n: number }>("select count(*)::int as n from predictions where as_of = '2024-07-03'");
      expect(rows[0]!.n).toBe(0);
    } finally {
      await copy.cleanup();
    }
  });

  it('skips a tenant that no longer exists', async () => {
    const job = createScoreJob({ db: test.db, pool, logger: createLogger('silent'), clock: fixedClock('2024-07-01T12:00:00Z'), models: new ModelRegistry({ pool }) });
    expect(await job({ tenantId: 'hubspot-0', reason: 'nightly' })).toEqual({ skipped: 'tenant hubspot-0 no longer exists' });
  });
});
