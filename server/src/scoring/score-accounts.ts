/**
 * Scores accounts with a loaded model through the ONNX pool: imputation, probability, risk score and
 * band, and optionally exact group Shapley drivers and what-if deltas.
 */
import type { SignalGroup } from '../features/features-manifest.js';
import { imputeRow } from './impute.js';
import type { LoadedModel } from './model-card.js';
import type { OnnxPool } from './onnx-pool.js';
import { DEFAULT_RISK_BANDS, riskBand, riskScore, type RiskBand, type RiskBandThresholds } from './risk-band.js';
import { shapleyValues, shapleyWeights } from './shapley.js';

/** Accounts per ONNX run without / with explanations (an explained account is ~4,000 rows). */
export const SCORE_BATCH = 256;
export const EXPLAIN_BATCH = 16;

/** One account's feature vector in manifest order (NaN = missing). */
export interface AccountRow {
  accountId: string;
  values: Float64Array;
}

export interface GroupDriver {
  group: SignalGroup;
  /** Shapley value in probability points (×100): the drivers sum to 100 × (probability − baseline). */
  points: number;
}

export interface GroupWhatIf {
  group: SignalGroup;
  /** Change in probability points when the group takes the healthy reference's values (negative = less risk). */
  deltaPoints: number;
}

export interface AccountScore {
  accountId: string;
  /** Calibrated churn probability (0–1). */
  probability: number;
  /** round(probability × 100). */
  riskScore: number;
  band: RiskBand;
  /** Some input was missing where the model never learnt missingness (see impute.ts). */
  lowConfidence: boolean;
  imputedFeatures: string[];
  drivers?: GroupDriver[];
  /** v(∅): mean probability over the card's background rows. */
  baseline?: number;
  whatIf?: GroupWhatIf[];
}

export interface ScoreAccountsInput {
  pool: OnnxPool;
  model: LoadedModel;
  rows: readonly AccountRow[];
  explain: boolean;
  bands?: RiskBandThresholds;
  /** Accounts per ONNX run; defaults to SCORE_BATCH or EXPLAIN_BATCH. */
  batchSize?: number;
}

/** A row whose length differs from the model's feature count. */
export class ScoringInputError extends Error {
  override readonly name = 'ScoringInputError';
}

function toFloat32(rows: readonly Float64Array[], features: number): Float32Array {
  const out = new Float32Array(rows.length * features);
  rows.forEach((r, i) => out.set(r, i * features));
  return out;
}

/** Scores every row; the result is in input order. Batches run concurrently across the pool's workers. */
export async function scoreAccounts(input: ScoreAccountsInput): Promise<AccountScore[]> {
  const { pool, model, rows, explain } = input;
  const features = model.featureNames.length;
  const bands = input.bands ?? DEFAULT_RISK_BANDS;
  const imputed = rows.map((row) => {
    if (row.values.length !== features) throw new ScoringInputError(`account ${row.accountId} has ${row.values.length} features, the model takes ${features}`);
    return imputeRow(row.values, model.imputation);
  });
  const batchSize = input.batchSize ?? (explain ? EXPLAIN_BATCH : SCORE_BATCH);
  const groups = model.groups.length;
  const weights = shapleyWeights(groups);
  const background = Float32Array.from(model.background);
  const reference = Float32Array.from(model.healthyReference);

  const batches: Promise<AccountScore[]>[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const end = Math.min(rows.length, start + batchSize);
    const matrix = toFloat32(imputed.slice(start, end).map((r) => r.values), features);
    const base = (i: number, probability: number): AccountScore => {
      const score = riskScore(probability);
      const { imputedFeatures } = imputed[start + i]!;
      return { accountId: rows[start + i]!.accountId, probability, riskScore: score, band: riskBand(score, bands), lowConfidence: imputedFeatures.length > 0, imputedFeatures };
    };
    if (!explain) {
      batches.push(pool.predict(model.onnx, matrix).then((p) => Array.from(p, (probability, i) => base(i, probability))));
      continue;
    }
    const task = { model: model.onnx, rows: matrix, background, groupOfFeature: model.groupOfFeature, groups, healthyReference: reference };
    batches.push(
      pool.explain(task).then((folded) => {
        const coalitions = 2 ** groups;
        const stride = coalitions + groups;
        return Array.from({ length: end - start }, (_, i) => {
          const at = i * stride;
          const probability = folded[at + coalitions - 1]!;
          const phi = shapleyValues(folded, groups, at, weights);
          return {
            ...base(i, probability),
            baseline: folded[at]!,
            drivers: model.groups.map((group, g) => ({ group, points: phi[g]! * 100 })),
            whatIf: model.groups.map((group, g) => ({ group, deltaPoints: (folded[at + coalitions + g]! - probability) * 100 })),
          };
        });
      }),
    );
  }
  return (await Promise.all(batches)).flat();
}
