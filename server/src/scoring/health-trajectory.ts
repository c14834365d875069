/**
 * The health forecast's outputs and the trajectory derived from them. The card names the outputs
 * `<score>_<N>d_p<Q>`: the Q-th percentile (10, 50, 90) of the health score N days ahead.
 *
 * Trajectory rule (longest horizon, default threshold T = 5 points, per tenant): with the current
 * score s and the forecast median m, improving when m ≥ s + T, declining when m ≤ s − T, else stable.
 * Confidence = 100 × the forecast's probability mass on the chosen side: P(future ≥ s + T),
 * P(future ≤ s − T), or P(s − T < future < s + T), from the piecewise-linear distribution function
 * through (p10, 0.1), (p50, 0.5), (p90, 0.9), its tails continuing the neighbouring slope to 0 and 1.
 */

export type Trajectory = 'improving' | 'stable' | 'declining';

export interface TrajectorySettings {
  /** Smallest forecast change of the median (points) that counts as improving or declining. */
  minChangePoints: number;
}

export const DEFAULT_TRAJECTORY_SETTINGS: Readonly<TrajectorySettings> = { minChangePoints: 5 };

/** Percentiles of the health score at one horizon. */
export interface QuantileForecast {
  horizonDays: number;
  p10: number;
  p50: number;
  p90: number;
}

/** Output indices of the percentiles, per horizon (ascending). */
export interface HealthOutputs {
  horizons: ReadonlyArray<{ days: number; p10: number; p50: number; p90: number }>;
}

const QUANTILE = /^.+_(\d+)d_p(10|50|90)$/;

/** Reads the horizons from the card's output names; a string says what is wrong. */
export function parseHealthOutputs(outputs: readonly string[]): HealthOutputs | string {
  const byDays = new Map<number, Partial<Record<'p10' | 'p50' | 'p90', number>>>();
  outputs.forEach((name, i) => {
    const match = QUANTILE.exec(name);
    if (!match) return;
    const days = Number(match[1]);
    byDays.set(days, { ...byDays.get(days), [`p${match[2]}`]: i });
  });
  if (byDays.size === 0) return `health outputs [${outputs.join(', ')}] name no <score>_<N>d_p<10|50|90> percentile`;
  const horizons = [...byDays.entries()].sort(([a], [b]) => a - b);
  const incomplete = horizons.filter(([, q]) => q.p10 === undefined || q.p50 === undefined || q.p90 === undefined).map(([days]) => `${days}d`);
  if (incomplete.length > 0) return `health outputs lack a p10, p50 or p90 at ${incomplete.join(', ')}`;
  return { horizons: horizons.map(([days, q]) => ({ days, p10: q.p10!, p50: q.p50!, p90: q.p90! })) };
}

/** P(future ≤ x) under the piecewise-linear distribution through the three percentiles. */
export function forecastCdf(x: number, f: Pick<QuantileForecast, 'p10' | 'p50' | 'p90'>): number {
  const { p10, p50, p90 } = f;
  if (x >= p50) {
    if (x >= p90) {
      const width = p90 - p50;
      return width > 0 ? Math.min(1, 0.9 + (0.4 * (x - p90)) / width) : 1;
    }
    return 0.5 + (0.4 * (x - p50)) / (p90 - p50);
  }
  if (x >= p10) return 0.1 + (0.4 * (x - p10)) / (p50 - p10);
  const width = p50 - p10;
  return width > 0 ? Math.max(0, 0.1 - (0.4 * (p10 - x)) / width) : 0;
}

/** Trajectory and confidence (0–100, integer) of a current score and its forecast at one horizon. */
export function healthTrajectory(current: number, forecast: QuantileForecast, settings: TrajectorySettings = DEFAULT_TRAJECTORY_SETTINGS): { trajectory: Trajectory; confidence: number } {
  const t = settings.minChangePoints;
  const below = forecastCdf(current - t, forecast);
  const upTo = forecastCdf(current + t, forecast);
  let trajectory: Trajectory = 'stable';
  let mass = upTo - below;
  if (forecast.p50 >= current + t) {
    trajectory = 'improving';
    mass = 1 - upTo;
  } else if (forecast.p50 <= current - t) {
    trajectory = 'declining';
    mass = below;
  }
  return { trajectory, confidence: Math.round(100 * Math.min(1, Math.max(0, mass))) };
}
