import type { IndexedHistory } from './indexed-history.js';
import { ratio, relativeChange } from './time-math.js';
import { peakDistinctFeatures, usageWindow, type UsageWindow } from './usage-window.js';

/** Feature adoption features (group feature_adoption), in manifest order. */
export const ADOPTION_FEATURES = [
  'distinct_features_30d',
  'advanced_features_30d',
  'advanced_share_30d',
  'peak_distinct_features_90d',
  'feature_breadth_trend_90d',
  'advanced_features_change_90d',
] as const;

export type AdoptionFeatures = Record<(typeof ADOPTION_FEATURES)[number], number>;

/** Per-day breadth is averaged over active days only, so idle days do not read as narrow use. */
export function computeAdoptionFeatures(history: IndexedHistory, t: number): AdoptionFeatures {
  const usage = history.usage;
  const last30 = usageWindow(usage, t, 30);
  const last90 = usageWindow(usage, t, 90);
  const previous90 = usageWindow(usage, t, 90, 90);
  return {
    distinct_features_30d: perActiveDay(last30, 'distinctFeatures'),
    advanced_features_30d: perActiveDay(last30, 'advancedFeatures'),
    advanced_share_30d: advancedShare(last30),
    peak_distinct_features_90d: peakDistinctFeatures(usage, t, 90),
    feature_breadth_trend_90d: relativeChange(perActiveDay(last90, 'distinctFeatures'), perActiveDay(previous90, 'distinctFeatures')),
    advanced_features_change_90d: perActiveDay(last90, 'advancedFeatures') - perActiveDay(previous90, 'advancedFeatures'),
  };
}

/** Advanced features used / distinct features used, summed over the last 30 days. */
export function advancedShare(window: UsageWindow | null): number {
  return window ? ratio(window.advancedFeatures, window.distinctFeatures) : Number.NaN;
}

function perActiveDay(window: UsageWindow | null, field: 'distinctFeatures' | 'advancedFeatures'): number {
  return window ? ratio(window[field], window.activeDays) : Number.NaN;
}
