/**
 * The healthy reference a what-if moves a group (or a feature) to: per feature, the median of the
 * background rows the model itself rates most favourably (the quarter with the lowest churn
 * probability, or the highest expansion probability; at least 8 rows), ignoring missing values; the
 * card's training median when none of those rows has a value.
 */

/** Share of background rows, by most favourable prediction, that define "healthy". */
export const HEALTHY_SHARE = 0.25;
const MIN_HEALTHY_ROWS = 8;

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The reference vector (one value per feature) from background rows (row-major) and their
 * predictions; `favourable` says whether low (churn) or high (expansion) predictions are healthy.
 */
export function healthyReference(background: Float64Array, predictions: ArrayLike<number>, features: number, medians: Float64Array, favourable: 'low' | 'high' = 'low'): Float64Array {
  const rows = background.length / features;
  const sign = favourable === 'low' ? 1 : -1;
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => sign * (predictions[a]! - predictions[b]!) || a - b);
  const take = Math.min(rows, Math.max(MIN_HEALTHY_ROWS, Math.ceil(rows * HEALTHY_SHARE)));
  const healthy = order.slice(0, take);
  const reference = new Float64Array(features);
  for (let j = 0; j < features; j++) {
    const values = healthy.map((r) => background[r * features + j]!).filter((v) => !Number.isNaN(v));
    reference[j] = values.length ? median(values.sort((a, b) => a - b)) : medians[j]!;
  }
  return reference;
}
