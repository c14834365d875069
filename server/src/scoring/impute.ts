/**
 * Missing inputs before ONNX. The models were trained with NaN as a value (LightGBM learns a branch
 * for it), and most accounts have some structurally missing feature (no meeting yet, no CSAT yet):
 * for a feature the model saw missing in training, missing is an observation, passed through as NaN
 * and reported. A missing value the model never saw missing is an input the model did not observe:
 * it is filled from the card's training-window median, named, and the prediction is low-confidence.
 * `all` fills every missing value (and flags it). See README "Missing values".
 */

/** `unlearned`: fill NaN only in features the model never saw missing; `all`: fill every NaN. */
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
  /** Every feature whose value was missing (NaN or ±Infinity), passed through or filled. */
  missingFeatures: string[];
  /** The missing features the model cannot take missing: filled from the median when it has one. */
  imputedFeatures: string[];
}

/** Fills one row per the plan. ±Infinity counts as missing and is always filled. Never mutates `values`. */
export function imputeRow(values: Float64Array, plan: ImputationPlan): ImputedRow {
  const out = Float64Array.from(values);
  const missingFeatures: string[] = [];
  const imputedFeatures: string[] = [];
  for (let j = 0; j < out.length; j++) {
    const v = out[j]!;
    if (Number.isFinite(v)) continue;
    missingFeatures.push(plan.featureNames[j]!);
    const passThrough = Number.isNaN(v) && plan.policy === 'unlearned' && plan.learnedMissing[j] === true;
    if (passThrough) continue;
    out[j] = plan.medians[j]!;
    imputedFeatures.push(plan.featureNames[j]!);
  }
  return { values: out, missingFeatures, imputedFeatures };
}

/**
 * Features the model learnt missingness for: missing in at least one background row whose outputs
 * are all finite (`usable`, one flag per row; every row when omitted). A model that turns a missing
 * input into a NaN output (the health forecast adds today's pulse back) has not learnt it.
 */
export function learnedMissingFromBackground(background: Float64Array, features: number, usable?: readonly boolean[]): boolean[] {
  const learned = new Array<boolean>(features).fill(false);
  for (let i = 0; i < background.length; i++) {
    if (Number.isNaN(background[i]!) && (usable?.[Math.floor(i / features)] ?? true)) learned[i % features] = true;
  }
  return learned;
}
