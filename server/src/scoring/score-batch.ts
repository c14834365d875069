/**
 * One batch of a tenant's accounts through all three models, as the rows the store keeps: the churn
 * prediction (risk score and band under the tenant's thresholds, drivers in words, the one-line
 * summary), the expansion prediction (window under the tenant's thresholds, drivers of the 90-day
 * head), the health forecast and trajectory, and today's health score.
 */
import type { HealthDay } from '../store/health-daily.js';
import type { ExpansionPrediction } from '../store/expansion-predictions.js';
import type { HealthPrediction } from '../store/health-predictions.js';
import type { Prediction, StoredDriver } from '../store/predictions.js';
import { describeDrivers, summariseDrivers, type Driver, type DriverLayout } from './driver-text.js';
import type { LoadedModel } from './model-card.js';
import type { ModelName } from './model-kinds.js';
import type { OnnxPool } from './onnx-pool.js';
import type { AccountExplanation, AccountRow } from './predict-accounts.js';
import { scoreAccounts } from './score-accounts.js';
import { scoreExpansion } from './score-expansion.js';
import { HEALTH_SCORE_FEATURE, scoreHealth } from './score-health.js';
import type { ScoringSettings } from './scoring-settings.js';

export type TenantModelSet = Readonly<Record<ModelName, LoadedModel>>;

/** Where and when a batch is scored. */
export interface BatchContext {
  tenantId: string;
  scoredAt: Date;
  /** The UTC day of scoredAt ('YYYY-MM-DD'): one stored row per account and as-of day. */
  asOf: string;
  featureSetVersion: string;
  settings: ScoringSettings;
  /** Whether the health score is the tenant's mapped CRM property or Telltale's pulse. */
  healthSource: 'crm' | 'pulse';
  groupLabels: ReadonlyMap<string, string>;
}

export interface ScoredBatch {
  churn: Prediction[];
  expansion: ExpansionPrediction[];
  health: HealthPrediction[];
  /** Today's health score per account (missing: null). */
  healthDays: HealthDay[];
}

/** Headings of the churn summary (the CRM's churn_risk_drivers). */
export const CHURN_SUMMARY_WORDING = { raises: 'Raises risk', lowers: 'Protects' } as const;

const toStored = (d: Driver): StoredDriver => ({ group: d.group, label: d.label, points: d.points, direction: d.direction, topFeatures: d.topFeatures, text: d.text });

function layoutOf(model: LoadedModel, groupLabels: ReadonlyMap<string, string>): DriverLayout {
  return { featureNames: model.featureNames, groupOfFeature: model.groupOfFeature, groups: model.groups, groupLabels };
}

/** Scores the rows with every model (concurrently, in the pool) and maps the results to stored rows. */
export async function scoreBatch(pool: OnnxPool, models: TenantModelSet, rows: readonly AccountRow[], ctx: BatchContext): Promise<ScoredBatch> {
  const [churn, expansion, health] = await Promise.all([
    scoreAccounts({ pool, model: models.churn, rows, explain: true, bands: ctx.settings.riskBands }),
    scoreExpansion({ pool, model: models.expansion, rows, explain: true, thresholds: ctx.settings.expansionWindow }),
    scoreHealth({ pool, model: models.health, rows, trajectory: ctx.settings.trajectory }),
  ]);
  const at = { tenantId: ctx.tenantId, asOf: ctx.asOf, scoredAt: ctx.scoredAt, featureSetVersion: ctx.featureSetVersion };
  const drivers = (model: LoadedModel, explanation: Pick<AccountExplanation, 'drivers' | 'featurePoints'>, i: number) =>
    describeDrivers(explanation, rows[i]!.values, layoutOf(model, ctx.groupLabels));
  const scoreAt = models.health.featureNames.indexOf(HEALTH_SCORE_FEATURE);

  return {
    churn: churn.map((s, i): Prediction => {
      const described = s.drivers && s.featurePoints ? drivers(models.churn, { drivers: s.drivers, featurePoints: s.featurePoints }, i) : null;
      return {
        ...at,
        accountId: s.accountId,
        model: 'churn',
        modelVersion: models.churn.version,
        probability: s.probability,
        riskScore: s.riskScore,
        band: s.band,
        lowConfidence: s.lowConfidence,
        missingFeatures: s.missingFeatures,
        imputedFeatures: s.imputedFeatures,
        drivers: described?.map(toStored) ?? null,
        driversText: described ? summariseDrivers(described, CHURN_SUMMARY_WORDING) : null,
        baseline: s.baseline ?? null,
        whatIf: s.whatIf ?? null,
      };
    }),
    expansion: expansion.map((s, i): ExpansionPrediction => ({
      ...at,
      accountId: s.accountId,
      modelVersion: models.expansion.version,
      probabilities: s.probabilities,
      explainedOutput: models.expansion.explanation!.output,
      probability: s.probability,
      expectedAmount: s.expectedAmount,
      window: s.window,
      lowConfidence: s.lowConfidence,
      missingFeatures: s.missingFeatures,
      imputedFeatures: s.imputedFeatures,
      baseline: s.explanation?.baseline ?? null,
      drivers: s.explanation ? drivers(models.expansion, s.explanation, i).map(toStored) : null,
      whatIf: s.explanation?.whatIf ?? null,
    })),
    health: health.map((s): HealthPrediction => ({
      ...at,
      accountId: s.accountId,
      modelVersion: models.health.version,
      score: s.score,
      scoreSource: ctx.healthSource,
      scoreImputed: s.scoreImputed,
      forecast: s.forecast,
      forecast90d: s.forecast[s.forecast.length - 1]!.p50,
      trajectory: s.trajectory,
      trajectoryConfidence: s.trajectoryConfidence,
      lowConfidence: s.lowConfidence,
      missingFeatures: s.missingFeatures,
      imputedFeatures: s.imputedFeatures,
    })),
    healthDays: rows.map((row) => {
      const score = row.values[scoreAt]!;
      return { accountId: row.accountId, day: ctx.asOf, score: Number.isFinite(score) ? score : null, source: ctx.healthSource };
    }),
  };
}
