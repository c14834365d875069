/**
 * The rows an explanation batch scores, and how their predictions fold back into coalition values.
 * Pure: used inside the ONNX worker, tested directly.
 *
 * Layout of the matrix for A accounts, G groups, B background rows, F features:
 *   [B background rows]                        -> v(∅), shared by every account
 *   per account: [(2^G − 2) × B mixed rows]     -> v(S) for every proper non-empty S
 *                [1 row: x]                     -> v(all) = f(x)
 *                [G rows: x, group g at ref]    -> group what-if predictions
 *                [F rows: x, feature j at ref]  -> feature what-if predictions (top features per group)
 */

/** Rows scored per account besides the shared background block. */
export function rowsPerAccount(groups: number, backgroundRows: number, features: number): number {
  return (2 ** groups - 2) * backgroundRows + 1 + groups + features;
}

/** Values per account in a folded result: 2^G coalition values, G group what-ifs, F feature what-ifs. */
export function foldedStride(groups: number, features: number): number {
  return 2 ** groups + groups + features;
}

export interface CoalitionInput {
  rows: Float32Array;
  background: Float32Array;
  groupOfFeature: Uint8Array;
  groups: number;
  healthyReference: Float32Array;
}

/** Builds the float32 matrix described above. */
export function buildCoalitionMatrix(input: CoalitionInput): Float32Array {
  const { rows, background, groupOfFeature, groups, healthyReference } = input;
  const f = groupOfFeature.length;
  const accounts = rows.length / f;
  const b = background.length / f;
  const full = 2 ** groups - 1;
  const perAccount = rowsPerAccount(groups, b, f);
  const out = new Float32Array((b + accounts * perAccount) * f);
  out.set(background, 0);
  let at = b * f;
  for (let a = 0; a < accounts; a++) {
    const x = rows.subarray(a * f, (a + 1) * f);
    for (let mask = 1; mask < full; mask++) {
      for (let r = 0; r < b; r++) {
        const bg = r * f;
        for (let j = 0; j < f; j++) out[at + j] = (mask >> groupOfFeature[j]!) & 1 ? x[j]! : background[bg + j]!;
        at += f;
      }
    }
    out.set(x, at);
    at += f;
    for (let g = 0; g < groups; g++) {
      for (let j = 0; j < f; j++) out[at + j] = groupOfFeature[j] === g ? healthyReference[j]! : x[j]!;
      at += f;
    }
    for (let k = 0; k < f; k++) {
      out.set(x, at);
      out[at + k] = healthyReference[k]!;
      at += f;
    }
  }
  return out;
}

/**
 * Folds the matrix's predictions into, per account, 2^G coalition values (means over background rows,
 * in float64) followed by G group what-if predictions and F feature what-if predictions.
 */
export function foldCoalitionPredictions(predictions: Float32Array, accounts: number, groups: number, backgroundRows: number, features: number): Float64Array {
  const b = backgroundRows;
  const coalitions = 2 ** groups;
  const full = coalitions - 1;
  const stride = foldedStride(groups, features);
  const out = new Float64Array(accounts * stride);
  let empty = 0;
  for (let r = 0; r < b; r++) empty += predictions[r]!;
  empty /= b;
  let at = b;
  for (let a = 0; a < accounts; a++) {
    const base = a * stride;
    out[base] = empty;
    for (let mask = 1; mask < full; mask++) {
      let sum = 0;
      for (let r = 0; r < b; r++) sum += predictions[at + r]!;
      out[base + mask] = sum / b;
      at += b;
    }
    out[base + full] = predictions[at]!;
    at += 1;
    for (let k = 0; k < groups + features; k++) out[base + coalitions + k] = predictions[at + k]!;
    at += groups + features;
  }
  return out;
}
