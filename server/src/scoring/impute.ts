/**
 * Missing inputs before ONNX. The churn model was trained with NaN as a value (LightGBM learns a branch
 * for it), and most accounts have some structurally missing feature (no meeting yet, no CSAT yet), so
 * by default only a missing value the model never saw missing in training is filled from the card's
 * training-window median; the row is then flagged low-confidence and the features named. `all`
 * fills every missing value (and flags it).
 */

/** `unlearned`: fill NaN only in features never missing in the card's background rows; `all`: fill every NaN. */
export type ImputationPolicy = 'unlearned' | 'all';

export interface ImputationPlan {
  featureNames: readonly string[];
  /** Per feature; NaN when the card has no median (the feature was never observed in training). */
  medians: Float64Array;
  /** Per feature: the model saw it missing in training, so NaN is passed through (policy `unlearned`). */
  learnedMissing: readonly boolean[];
  policy: ImputationPolicy;
}

export interface ImputedRow {
  /** Values as the model gets them. */
  values: Float64Array;
  /** Features that were missing where the model cannot use missingness (filled from the median when it has one). */
  imputedFeatures: string[];
}

/** Fills one row per the plan. ±Infinity counts as missing. Never mutates `values`. */
export function imputeRow(values: Float64Array, plan: ImputationPlan): ImputedRow {
  const out = Float64Array.from(values);
  const imputedFeatures: string[] = [];
  for (let j = 0; j < out.length; j++) {
    const v = out[j]!;
    if (Number.isFinite(v)) continue;
    const passThrough = Number.isNaN(v) && plan.policy === 'unlearned' && plan.learnedMissing[j] === true;
    if (passThrough) continue;
    out[j] = plan.medians[j]!;
    imputedFeatures.push(plan.featureNames[j]!);
  }
  return { values: out, imputedFeatures };
}

/** Features missing in at least one background row: the model learnt what their missingness means. */
export function learnedMissingFromBackground(background: Float64Array, features: number): boolean[] {
  const learned = new Array<boolean>(features).fill(false);
  for (let i = 0; i < background.length; i++) if (Number.isNaN(background[i]!)) learned[i % features] = true;
  return learned;
}
