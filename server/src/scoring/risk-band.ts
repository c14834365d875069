/**
 * The churn risk score and its bands. The score is not the probability: it is the probability's
 * percentile position among the predictions the model made on its calibration window (the card's
 * `risk_scale`), so 80 means "riskier than 80% of the accounts the model was calibrated on" whatever
 * the base rate, and the practice's bands (High 80–100, Medium 50–79, Low 0–49) keep their meaning.
 * The calibrated probability is stored and shown beside it.
 */
export type RiskBand = 'low' | 'medium' | 'high';

export interface RiskBandThresholds {
  /** Lowest score in the medium band. */
  medium: number;
  /** Lowest score in the high band. */
  high: number;
}

export const DEFAULT_RISK_BANDS: RiskBandThresholds = { medium: 50, high: 80 };

/** A card's risk scale made ready for scoring: distinct probabilities and their percentile positions. */
export interface RiskScale {
  values: Float64Array;
  positions: Float64Array;
  /** Score points per position: 100 / (points − 1). */
  step: number;
}

/**
 * Reads the card's points (the probabilities at the 0th…100th percentile). A run of equal points
 * stands for the middle of its positions. Returns a reason instead when the points are not a scale.
 */
export function riskScaleOf(points: readonly number[]): RiskScale | string {
  if (points.length < 2) return `the risk scale has ${points.length} points, expected at least 2`;
  const bad = points.findIndex((p, i) => !(p >= 0 && p <= 1) || (i > 0 && p < points[i - 1]!));
  if (bad >= 0) return `risk scale point ${bad} (${points[bad]}) is not a probability at or above the one before`;
  const values: number[] = [];
  const positions: number[] = [];
  for (let i = 0; i < points.length; ) {
    let j = i;
    while (j + 1 < points.length && points[j + 1] === points[i]) j += 1;
    values.push(points[i]!);
    positions.push((i + j) / 2);
    i = j + 1;
  }
  return { values: Float64Array.from(values), positions: Float64Array.from(positions), step: 100 / (points.length - 1) };
}

/** 0–100: the probability's position on the scale, linear between its points, rounded half up. */
export function riskScore(probability: number, scale: RiskScale): number {
  const { values, positions } = scale;
  const last = values.length - 1;
  let position: number;
  if (probability <= values[0]!) position = positions[0]!;
  else if (probability >= values[last]!) position = positions[last]!;
  else {
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (values[mid]! <= probability) lo = mid;
      else hi = mid;
    }
    const t = (probability - values[lo]!) / (values[hi]! - values[lo]!);
    position = positions[lo]! + t * (positions[hi]! - positions[lo]!);
  }
  return Math.round(position * scale.step);
}

export function riskBand(score: number, thresholds: RiskBandThresholds = DEFAULT_RISK_BANDS): RiskBand {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'low';
}
