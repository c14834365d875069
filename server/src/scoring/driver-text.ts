/**
 * Drivers in words. Per signal group: its Shapley points, whether it raises or lowers the prediction,
 * the two features inside it that move the prediction most in the same direction (by their
 * feature-level what-if: the points an account's own value adds against the healthy reference), and a
 * text like "Support: 6 escalations in 90 days, 2 high-priority tickets in 90 days, +18 pts".
 */
import type { SignalGroup } from '../features/features-manifest.js';
import { describeFeature } from './feature-phrases.js';
import type { AccountExplanation } from './predict-accounts.js';

/** Features inside a group named in its driver. */
export const TOP_FEATURES_PER_GROUP = 2;
/** A feature whose own what-if moves the prediction by less than this (points) is not named. */
const MIN_FEATURE_POINTS = 0.01;

export interface FeatureInfluence {
  feature: string;
  /** The account's value; null when missing. */
  value: number | null;
  /** Points the value adds against the healthy reference (same sign as the group's driver). */
  points: number;
  text: string;
}

export interface Driver {
  group: SignalGroup;
  label: string;
  /** Shapley value in points; the drivers sum to 100 × (prediction − baseline). */
  points: number;
  /** raises: pushes the prediction up (churn: raises risk; expansion: supports it); lowers: pushes it down. */
  direction: 'raises' | 'lowers';
  topFeatures: FeatureInfluence[];
  text: string;
}

export interface DriverLayout {
  featureNames: readonly string[];
  groupOfFeature: Uint8Array;
  groups: readonly SignalGroup[];
  /** Group labels (manifests/features.json). */
  groupLabels: ReadonlyMap<string, string>;
}

/** "+18 pts", "-4.2 pts": whole points from 10 on, one decimal below. */
export function formatPoints(points: number): string {
  const size = Math.abs(points);
  const text = size >= 10 ? Math.round(size).toString() : size.toFixed(1);
  return `${points < 0 && text !== '0.0' ? '-' : '+'}${text} pts`;
}

/** The drivers of one explanation, in group order, from the account's own (unimputed) values. */
export function describeDrivers(explanation: Pick<AccountExplanation, 'drivers' | 'featurePoints'>, values: Float64Array, layout: DriverLayout): Driver[] {
  const { featureNames, groupOfFeature } = layout;
  const fp = explanation.featurePoints;
  return explanation.drivers.map((driver, g) => {
    const sign = driver.points >= 0 ? 1 : -1;
    const candidates = featureNames
      .map((_, j) => j)
      .filter((j) => groupOfFeature[j] === g && sign * fp[j]! >= MIN_FEATURE_POINTS)
      .sort((a, b) => sign * (fp[b]! - fp[a]!) || a - b);
    const top: FeatureInfluence[] = [];
    for (const j of candidates) {
      const value = values[j]!;
      const text = describeFeature(featureNames[j]!, value);
      // Two missing features of one source read alike ("no usage data"): name it once.
      if (top.some((t) => t.text === text)) continue;
      top.push({ feature: featureNames[j]!, value: Number.isFinite(value) ? value : null, points: fp[j]!, text });
      if (top.length === TOP_FEATURES_PER_GROUP) break;
    }
    const label = layout.groupLabels.get(driver.group) ?? driver.group;
    return {
      group: driver.group,
      label,
      points: driver.points,
      direction: driver.points >= 0 ? 'raises' : 'lowers',
      topFeatures: top,
      text: `${label}: ${[...top.map((t) => t.text), formatPoints(driver.points)].join(', ')}`,
    };
  });
}

export interface SummaryWording {
  /** Heading of the drivers that push the prediction up, e.g. "Raises risk". */
  raises: string;
  /** Heading of those that push it down, e.g. "Protects". */
  lowers: string;
}

/**
 * One line for a CRM text field: the (up to) three groups raising the prediction most, then the two
 * lowering it most, each moving it by at least `minPoints`; whole drivers are dropped from the end
 * until it fits `maxLength`.
 */
export function summariseDrivers(drivers: readonly Driver[], wording: SummaryWording, options: { maxLength?: number; minPoints?: number } = {}): string {
  const maxLength = options.maxLength ?? 255;
  const minPoints = options.minPoints ?? 0.5;
  const raises = drivers.filter((d) => d.points >= minPoints).sort((a, b) => b.points - a.points).slice(0, 3);
  const lowers = drivers.filter((d) => d.points <= -minPoints).sort((a, b) => a.points - b.points).slice(0, 2);
  const render = () =>
    [raises.length ? `${wording.raises}: ${raises.map((d) => d.text).join('; ')}.` : '', lowers.length ? `${wording.lowers}: ${lowers.map((d) => d.text).join('; ')}.` : '']
      .filter(Boolean)
      .join(' ');
  let text = render();
  while (text.length > maxLength && raises.length + lowers.length > 1) {
    if (lowers.length > 0 && (lowers.length >= raises.length || raises.length === 1)) lowers.pop();
    else raises.pop();
    text = render();
  }
  if (text.length > maxLength) text = `${text.slice(0, maxLength - 1)}…`;
  return text || `No signal group moves it by ${minPoints} pts or more.`;
}
