import type { Job } from 'bullmq';
import type { Clock } from '../clock/clock.js';
import { buildFeatureRows, type FeatureRow } from '../features/build-features.js';
import { loadFeatureManifest } from '../features/features-manifest.js';
import type { Logger } from '../logging/logger.js';
import { fillHealthHistory } from '../scoring/health-history.js';
import { MODEL_NAMES, type ModelName } from '../scoring/model-kinds.js';
import type { ModelRegistry } from '../scoring/model-registry.js';
import { ModelRejectedError } from '../scoring/model-rejected-error.js';
import type { OnnxPool } from '../scoring/onnx-pool.js';
import { scoreBatch, type TenantModelSet } from '../scoring/score-batch.js';
import { ScoringSettingsError, effectiveScoringSettings, parseScoringSettingsOverrides } from '../scoring/scoring-settings.js';
import { STARTER_MODEL_DIRS, TenantModels, type ModelDirResolver } from '../scoring/tenant-models.js';
import type { Database } from '../store/database.js';
import { upsertExpansionPredictions } from '../store/expansion-predictions.js';
import { tenantHasHealthScore } from '../store/feature-reads.js';
import { upsertHealthDays } from '../store/health-daily.js';
import { upsertHealthPredictions } from '../store/health-predictions.js';
import { insertPredictions } from '../store/predictions.js';
import { changedAccountIds, getScoringState, readChangeMarker, recordScoring } from '../store/scoring-state.js';
import { getScoringSettingsOverrides } from '../store/tenant-settings.js';
import { getTenant } from '../store/tenants.js';
import type { JobPayloads } from './job-types.js';
import { PermanentJobError } from './workers.js';

/** The committed churn model (see scoring/tenant-models.ts for all starter models). */
export const CHURN_MODEL_DIR = STARTER_MODEL_DIRS.churn;
export const CHURN_MODEL = 'churn';

/** Accounts whose features are built, scored and stored together (bounds memory on large tenants). */
const SCORE_CHUNK = 1024;

export interface ScoreJobDeps {
  db: Database;
  logger: Logger;
  clock: Clock;
  pool: OnnxPool;
  models: ModelRegistry;
  /** Where each tenant's model of each name lives; default: the committed starter models. */
  modelDirFor?: ModelDirResolver;
  /** How long before the last scoring's change marker stored data still counts as changed (default CHANGE_MARGIN_MS). */
  changeMarginMs?: number;
  /**
   * After the scores are stored (the service enqueues the CRM update); a failure here is logged, not
   * retried. The id of a job it answers with is reported as `followUpJobId`.
   */
  afterScore?: (tenantId: string, report: ScoreReport) => Promise<{ id?: string | undefined } | undefined | void>;
}

export interface ScoreReport {
  tenantId: string;
  reason: JobPayloads['score-tenant']['reason'];
  /** all: every active customer; changed: those whose data changed since the last scoring; named: the payload's accounts. */
  scope: 'all' | 'changed' | 'named';
  asOf: string;
  modelVersions: Record<ModelName, string>;
  scored: number;
  /** Accounts with a low-confidence prediction, per model. */
  lowConfidence: Record<ModelName, number>;
  /** Daily health scores written to complete the last 90 days. */
  healthDaysFilled: number;
  /** The job afterScore queued (the CRM update), for callers who wait for the whole cycle. */
  followUpJobId?: string;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The score-tenant handler. Features are built as of the scoring instant (the clock's now) and every
 * row is keyed by its UTC day, so a retried or repeated scoring the same day replaces rows instead of
 * adding them. Scope: the payload's accounts when named; after a sync, the accounts whose stored data
 * changed since the last completed scoring (store/scoring-state.ts; everything on a tenant's first
 * scoring); otherwise every active customer. Each chunk of accounts is scored with churn, expansion
 * and health and stored in one transaction; then each scored account's daily health score is
 * completed for the last 90 days; then the change marker read at the start is recorded.
 */
export function createScoreJob(deps: ScoreJobDeps) {
  const tenantModels = new TenantModels({ registry: deps.models, logger: deps.logger, resolveDir: deps.modelDirFor });
  return async (payload: JobPayloads['score-tenant'], job?: Job<JobPayloads['score-tenant']>): Promise<ScoreReport | { skipped: string }> => {
    const tenant = await getTenant(deps.db, payload.tenantId);
    if (!tenant) return { skipped: `tenant ${payload.tenantId} no longer exists` };
    const models = await loadModels(tenantModels, tenant.id);
    const settings = await loadSettings(deps.db, tenant.id);
    const scoredAt = deps.clock.now();
    const asOf = dayOf(scoredAt);
    // Read before any feature is built: what a sync stores from now on counts as changed next time.
    const marker = await readChangeMarker(deps.db, tenant.id, asOf);
    const scope = await scopeOf(deps, tenant.id, payload, asOf);
    const manifest = loadFeatureManifest();
    const ctx = {
      tenantId: tenant.id,
      scoredAt,
      asOf,
      featureSetVersion: manifest.version,
      settings,
      healthSource: (await tenantHasHealthScore(deps.db, tenant.id)) ? ('crm' as const) : ('pulse' as const),
      groupLabels: new Map(manifest.groups.map((g) => [g.id, g.label])),
    };
    const report: ScoreReport = {
      tenantId: tenant.id,
      reason: payload.reason,
      scope: scope.kind,
      asOf,
      modelVersions: { churn: models.churn.version, expansion: models.expansion.version, health: models.health.version },
      scored: 0,
      lowConfidence: { churn: 0, expansion: 0, health: 0 },
      healthDaysFilled: 0,
    };
    const scoredIds: string[] = [];
    const flush = async (rows: FeatureRow[]) => {
      const batch = await scoreBatch(deps.pool, models, rows, ctx);
      await deps.db.transaction(async (tx) => {
        await insertPredictions(tx, batch.churn);
        await upsertExpansionPredictions(tx, batch.expansion);
        await upsertHealthPredictions(tx, batch.health);
        await upsertHealthDays(tx, tenant.id, batch.healthDays, scoredAt);
      });
      scoredIds.push(...rows.map((r) => r.accountId));
      report.scored += rows.length;
      report.lowConfidence.churn += batch.churn.filter((p) => p.lowConfidence).length;
      report.lowConfidence.expansion += batch.expansion.filter((p) => p.lowConfidence).length;
      report.lowConfidence.health += batch.health.filter((p) => p.lowConfidence).length;
      void job?.updateProgress({ scored: report.scored }).catch(() => undefined);
    };
    const nothingChanged = scope.accountIds !== undefined && scope.accountIds.length === 0;
    if (!nothingChanged) {
      let pending: FeatureRow[] = [];
      const features = buildFeatureRows({ db: deps.db, tenantId: tenant.id, asOfDates: [scoredAt], ...(scope.accountIds ? { accountIds: scope.accountIds } : {}) });
      for await (const row of features) {
        pending.push(row);
        if (pending.length >= SCORE_CHUNK) {
          await flush(pending);
          pending = [];
        }
      }
      if (pending.length > 0) await flush(pending);
    }
    report.healthDaysFilled = await fillHealthHistory({ db: deps.db, tenantId: tenant.id, accountIds: scoredIds, today: asOf, source: ctx.healthSource, computedAt: scoredAt });
    await recordScoring(deps.db, tenant.id, { scoredAt, ...(scope.kind === 'named' ? {} : { changesThrough: marker }) });
    deps.logger.info({ ...report }, 'tenant scored');
    const followUp = deps.afterScore
      ? await deps.afterScore(tenant.id, report).catch((error: Error) => deps.logger.warn({ tenant: tenant.id, err: error.message }, 'after-score step failed'))
      : undefined;
    return followUp?.id ? { ...report, followUpJobId: followUp.id } : report;
  };
}

async function loadModels(tenantModels: TenantModels, tenantId: string): Promise<TenantModelSet> {
  try {
    const loaded = await Promise.all(MODEL_NAMES.map((name) => tenantModels.get(tenantId, name)));
    return Object.fromEntries(MODEL_NAMES.map((name, i) => [name, loaded[i]!])) as unknown as TenantModelSet;
  } catch (error) {
    // A retry reads the same file; the next job tries again, so a replaced file is picked up without a restart.
    if (error instanceof ModelRejectedError) throw new PermanentJobError(error.message);
    throw error;
  }
}

async function loadSettings(db: Database, tenantId: string) {
  try {
    return effectiveScoringSettings(parseScoringSettingsOverrides((await getScoringSettingsOverrides(db, tenantId)) ?? {}));
  } catch (error) {
    if (error instanceof ScoringSettingsError) throw new PermanentJobError(`tenant ${tenantId}: stored ${error.message}`);
    throw error;
  }
}

async function scopeOf(deps: ScoreJobDeps, tenantId: string, payload: JobPayloads['score-tenant'], asOf: string): Promise<{ kind: ScoreReport['scope']; accountIds?: string[] }> {
  if (payload.accountIds) return { kind: 'named', accountIds: payload.accountIds };
  if (payload.reason !== 'after-sync') return { kind: 'all' };
  const since = (await getScoringState(deps.db, tenantId))?.changesThrough;
  if (!since) return { kind: 'all' };
  return { kind: 'changed', accountIds: await changedAccountIds(deps.db, tenantId, since, asOf, deps.changeMarginMs) };
}
