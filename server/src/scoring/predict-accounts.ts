/**
 * Runs a loaded model over accounts through the ONNX pool: imputation, every output of the card, and
 * optionally the explanation of the model's explained output (exact group Shapley drivers, group
 * what-ifs, and per-feature what-ifs), all from batched ONNX runs in the workers.
 */
import type { SignalGroup } from '../features/features-manifest.js';
import { foldedStride } from './coalitions.js';
import { imputeRow } from './impute.js';
import type { LoadedModel } from './model-card.js';
import type { OnnxPool } from './onnx-pool.js';
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
  /** Shapley value in points (×100 of the explained output): the drivers sum to 100 × (prediction − baseline). */
  points: number;
}

export interface GroupWhatIf {
  group: SignalGroup;
  /** Change in points when the group takes the healthy reference's values (negative = the prediction falls). */
  deltaPoints: number;
}

export interface AccountExplanation {
  /** The explained output (card name). */
  output: string;
  /** v(∅): mean of the explained output over the background rows. */
  baseline: number;
  drivers: GroupDriver[];
  whatIf: GroupWhatIf[];
  /** Per feature (manifest order): 100 × (f(x) − f(x with that feature at the reference)). */
  featurePoints: Float64Array;
}

export interface AccountPrediction {
  accountId: string;
  /** One value per card output, in the card's order. */
  outputs: Float64Array;
  /** Every feature that was missing (NaN or ±Infinity) in the account's row. */
  missingFeatures: string[];
  /** The missing features the model never saw missing: filled from the card's median (see impute.ts). */
  imputedFeatures: string[];
  /** Some input was not observed where the model cannot use missingness: imputedFeatures is not empty. */
  lowConfidence: boolean;
  explanation?: AccountExplanation;
}

export interface PredictAccountsInput {
  pool: OnnxPool;
  model: LoadedModel;
  rows: readonly AccountRow[];
  explain: boolean;
  /** Accounts per ONNX run; defaults to SCORE_BATCH or EXPLAIN_BATCH. */
  batchSize?: number;
}

/** A row whose length differs from the model's feature count, or an explanation of a model that has none. */
export class ScoringInputError extends Error {
  override readonly name = 'ScoringInputError';
}

function toFloat32(rows: readonly Float64Array[], features: number): Float32Array {
  const out = new Float32Array(rows.length * features);
  rows.forEach((r, i) => out.set(r, i * features));
  return out;
}

/** Predicts every row; the result is in input order. Batches run concurrently across the pool's workers. */
export async function predictAccounts(input: PredictAccountsInput): Promise<AccountPrediction[]> {
  const { pool, model, rows } = input;
  const features = model.featureNames.length;
  const setup = input.explain ? model.explanation : undefined;
  if (input.explain && !setup) throw new ScoringInputError(`model ${model.name} is not explained`);
  const imputed = rows.map((row) => {
    if (row.values.length !== features) throw new ScoringInputError(`account ${row.accountId} has ${row.values.length} features, the model takes ${features}`);
    return imputeRow(row.values, model.imputation);
  });
  const batchSize = input.batchSize ?? (setup ? EXPLAIN_BATCH : SCORE_BATCH);
  const outputs = model.outputs.length;
  const groups = model.groups.length;
  const weights = shapleyWeights(groups);
  const background = Float32Array.from(model.background);
  const reference = setup ? Float32Array.from(setup.healthyReference) : undefined;

  const batches: Promise<AccountPrediction[]>[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const end = Math.min(rows.length, start + batchSize);
    const matrix = toFloat32(imputed.slice(start, end).map((r) => r.values), features);
    const own = (i: number, values: Float32Array) => Float64Array.from(values.subarray(i * outputs, (i + 1) * outputs));
    const base = (i: number, values: Float64Array): AccountPrediction => {
      const { imputedFeatures, missingFeatures } = imputed[start + i]!;
      return { accountId: rows[start + i]!.accountId, outputs: values, missingFeatures, imputedFeatures, lowConfidence: imputedFeatures.length > 0 };
    };
    if (!setup || !reference) {
      batches.push(pool.predict(model.onnx, matrix).then((p) => Array.from({ length: end - start }, (_, i) => base(i, own(i, p)))));
      continue;
    }
    // A single-output model's prediction is v(all) of its explanation: no separate run.
    const all = outputs > 1 ? pool.predict(model.onnx, matrix.slice()) : undefined;
    const task = { model: model.onnx, output: setup.output, rows: matrix, background, groupOfFeature: model.groupOfFeature, groups, healthyReference: reference };
    batches.push(
      Promise.all([pool.explain(task), all]).then(([folded, predicted]) => {
        const coalitions = 2 ** groups;
        const stride = foldedStride(groups, features);
        return Array.from({ length: end - start }, (_, i) => {
          const at = i * stride;
          const prediction = folded[at + coalitions - 1]!;
          const result = base(i, predicted ? own(i, predicted) : Float64Array.of(prediction));
          // The explained output is reported as the explanation's own v(all), so the drivers sum to it exactly.
          result.outputs[setup.outputIndex] = prediction;
          const phi = shapleyValues(folded, groups, at, weights);
          result.explanation = {
            output: setup.output,
            baseline: folded[at]!,
            drivers: model.groups.map((group, g) => ({ group, points: phi[g]! * 100 })),
            whatIf: model.groups.map((group, g) => ({ group, deltaPoints: (folded[at + coalitions + g]! - prediction) * 100 })),
            featurePoints: Float64Array.from({ length: features }, (_, j) => (prediction - folded[at + coalitions + groups + j]!) * 100),
          };
          return result;
        });
      }),
    );
  }
  return (await Promise.all(batches)).flat();
}
