import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import type { Clock } from '../clock/clock.js';
import { buildFeatureRows, type FeatureRow } from '../features/build-features.js';
import { loadFeatureManifest } from '../features/features-manifest.js';
import type { Logger } from '../logging/logger.js';
import type { LoadedModel } from '../scoring/model-card.js';
import type { ModelRegistry } from '../scoring/model-registry.js';
import type { OnnxPool } from '../scoring/onnx-pool.js';
import { scoreAccounts, type AccountScore } from '../scoring/score-accounts.js';
import type { Database } from '../store/database.js';
import { insertPredictions, type Prediction } from '../store/predictions.js';
import { getTenant } from '../store/tenants.js';
import type { JobPayloads } from './job-types.js';
import { PermanentJobError } from './workers.js';

/** The committed churn model, resolved from the repository root (as manifests/features.json is). */
export const CHURN_MODEL_DIR = fileURLToPath(new URL('../../../models/churn/', import.meta.url));
export const CHURN_MODEL = 'churn';

/** Accounts whose features are built, scored and stored together (bounds memory on large tenants). */
const SCORE_CHUNK = 1024;

export interface ScoreJobDeps {
  db: Database;
  logger: Logger;
  clock: Clock;
  pool: OnnxPool;
  models: ModelRegistry;
  /** Default: CHURN_MODEL_DIR. */
  modelDir?: string;
}

export interface ScoreReport {
  tenantId: string;
  model: string;
  modelVersion: string;
  asOf: string;
  scored: number;
  lowConfidence: number;
}

/**
 * The active churn model: activated from `modelDir` on first use in this process, then reused. A
 * refused model is logged with its reason and fails the job permanently (a retry reads the same file);
 * it is tried again by the next job, so a replaced file is picked up without a restart.
 */
export function churnModelLoader(deps: Pick<ScoreJobDeps, 'models' | 'logger' | 'modelDir'>): () => Promise<LoadedModel> {
  let loading: Promise<LoadedModel> | undefined;
  return () => {
    const active = deps.models.get(CHURN_MODEL);
    if (active) return Promise.resolve(active);
    loading ??= (async () => {
      const dir = deps.modelDir ?? CHURN_MODEL_DIR;
      const result = await deps.models.activate(dir, CHURN_MODEL);
      if (result.activated) {
        deps.logger.info({ model: CHURN_MODEL, version: result.model.version, dir }, 'model activated');
        return result.model;
      }
      deps.logger.error({ model: CHURN_MODEL, dir, reason: result.error.reason, err: result.error.message }, 'model refused');
      if (result.active) return result.active;
      throw new PermanentJobError(result.error.message);
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  };
}

const startOfUtcDay = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/**
 * The score-tenant handler: builds features as of the start of today (UTC) for the requested accounts
 * (every active customer when none are named), scores them with explanations through the ONNX pool,
 * and stores one prediction per account, all with the same scored_at.
 */
export function createScoreJob(deps: ScoreJobDeps) {
  const model = churnModelLoader(deps);
  return async (payload: JobPayloads['score-tenant'], job?: Job<JobPayloads['score-tenant']>): Promise<ScoreReport | { skipped: string }> => {
    const tenant = await getTenant(deps.db, payload.tenantId);
    if (!tenant) return { skipped: `tenant ${payload.tenantId} no longer exists` };
    const churn = await model();
    const featureSetVersion = loadFeatureManifest().version;
    const scoredAt = deps.clock.now();
    const asOf = startOfUtcDay(scoredAt);
    const asOfDay = asOf.toISOString().slice(0, 10);
    const report: ScoreReport = { tenantId: tenant.id, model: CHURN_MODEL, modelVersion: churn.version, asOf: asOfDay, scored: 0, lowConfidence: 0 };

    const flush = async (rows: FeatureRow[]) => {
      const scores = await scoreAccounts({ pool: deps.pool, model: churn, rows, explain: true });
      await insertPredictions(deps.db, scores.map((s) => toPrediction(s, { tenantId: tenant.id, modelVersion: churn.version, featureSetVersion, scoredAt, asOf: asOfDay })));
      report.scored += scores.length;
      report.lowConfidence += scores.filter((s) => s.lowConfidence).length;
      void job?.updateProgress({ scored: report.scored }).catch(() => undefined);
    };
    let pending: FeatureRow[] = [];
    const features = buildFeatureRows({ db: deps.db, tenantId: tenant.id, asOfDates: [asOf], ...(payload.accountIds ? { accountIds: payload.accountIds } : {}) });
    for await (const row of features) {
      pending.push(row);
      if (pending.length >= SCORE_CHUNK) {
        await flush(pending);
        pending = [];
      }
    }
    if (pending.length > 0) await flush(pending);
    deps.logger.info({ ...report }, 'tenant scored');
    return report;
  };
}

function toPrediction(score: AccountScore, at: { tenantId: string; modelVersion: string; featureSetVersion: string; scoredAt: Date; asOf: string }): Prediction {
  return {
    tenantId: at.tenantId,
    accountId: score.accountId,
    model: CHURN_MODEL,
    modelVersion: at.modelVersion,
    featureSetVersion: at.featureSetVersion,
    scoredAt: at.scoredAt,
    asOf: at.asOf,
    probability: score.probability,
    riskScore: score.riskScore,
    band: score.band,
    lowConfidence: score.lowConfidence,
    drivers: score.drivers ?? null,
    baseline: score.baseline ?? null,
    whatIf: score.whatIf ?? null,
  };
}
