/**
 * Health scoring: today's health score (the `pulse` feature: the CRM's health property when the tenant
 * maps one, else Telltale's pulse), its percentile forecast at every horizon of the health card, and
 * the trajectory with its confidence (health-trajectory.ts). A missing score is imputed from the card
 * (the forecast adds it back, so it cannot stay missing) and the result is low-confidence.
 */
import { DEFAULT_TRAJECTORY_SETTINGS, healthTrajectory, parseHealthOutputs, type QuantileForecast, type Trajectory, type TrajectorySettings } from './health-trajectory.js';
import type { LoadedModel } from './model-card.js';
import type { OnnxPool } from './onnx-pool.js';
import { predictAccounts, ScoringInputError, type AccountRow } from './predict-accounts.js';

/** The feature holding the health score (manifests/features.json). */
export const HEALTH_SCORE_FEATURE = 'pulse';

export interface HealthScore {
  accountId: string;
  /** Today's health score (0–100), as the forecast used it. */
  score: number;
  /** The score was missing and filled from the card's median. */
  scoreImputed: boolean;
  /** Percentiles per horizon, ascending, each within 0–100. */
  forecast: QuantileForecast[];
  trajectory: Trajectory;
  /** 0–100: the forecast's probability mass on the trajectory's side (health-trajectory.ts). */
  trajectoryConfidence: number;
  lowConfidence: boolean;
  imputedFeatures: string[];
  missingFeatures: string[];
}

export interface ScoreHealthInput {
  pool: OnnxPool;
  model: LoadedModel;
  rows: readonly AccountRow[];
  trajectory?: TrajectorySettings;
  batchSize?: number;
}

const clampScore = (v: number) => Math.min(100, Math.max(0, v));

/** Scores every row with the health model; the result is in input order. */
export async function scoreHealth(input: ScoreHealthInput): Promise<HealthScore[]> {
  const layout = parseHealthOutputs(input.model.outputs);
  if (typeof layout === 'string') throw new ScoringInputError(layout);
  const scoreAt = input.model.featureNames.indexOf(HEALTH_SCORE_FEATURE);
  if (scoreAt < 0) throw new ScoringInputError(`the manifest has no ${HEALTH_SCORE_FEATURE} feature`);
  const predictions = await predictAccounts({ ...input, explain: false });
  return predictions.map((p, i) => {
    const raw = input.rows[i]!.values[scoreAt]!;
    const scoreImputed = !Number.isFinite(raw);
    const score = clampScore(scoreImputed ? input.model.imputation.medians[scoreAt]! : raw);
    const forecast = layout.horizons.map((h) => ({
      horizonDays: h.days,
      p10: clampScore(p.outputs[h.p10]!),
      p50: clampScore(p.outputs[h.p50]!),
      p90: clampScore(p.outputs[h.p90]!),
    }));
    const bad = forecast.find((f) => ![f.p10, f.p50, f.p90, score].every(Number.isFinite));
    if (bad) throw new ScoringInputError(`account ${p.accountId}: the health forecast at ${bad.horizonDays} days is not a number`);
    const { trajectory, confidence } = healthTrajectory(score, forecast[forecast.length - 1]!, input.trajectory ?? DEFAULT_TRAJECTORY_SETTINGS);
    return {
      accountId: p.accountId,
      score,
      scoreImputed,
      forecast,
      trajectory,
      trajectoryConfidence: confidence,
      lowConfidence: p.lowConfidence || scoreImputed,
      imputedFeatures: p.imputedFeatures,
      missingFeatures: p.missingFeatures,
    };
  });
}
