import type { UsageIndex } from './indexed-history.js';
import { dayNumber } from './time-math.js';

/** Totals of daily usage over a window of whole UTC days [fromDay, toDay). */
export interface UsageWindow {
  /** Days of the window during which usage was tracked (on or after the first stored usage day). */
  coveredDays: number;
  activeUsers: number;
  activeUsersSquared: number;
  sessions: number;
  events: number;
  distinctFeatures: number;
  advancedFeatures: number;
  /** Days with any active user or event. */
  activeDays: number;
}

/**
 * The last day visible at instant t is the last whole day before it: a day still in progress is
 * never read, so "now" and a midnight snapshot see the same kind of data.
 */
export const usageEndDay = (t: number): number => dayNumber(t);

/** Usage totals over the `days` days ending `offsetDays` before the last whole day before t. */
export function usageWindow(usage: UsageIndex | null, t: number, days: number, offsetDays = 0): UsageWindow | null {
  if (!usage) return null;
  const toDay = usageEndDay(t) - offsetDays;
  const fromDay = toDay - days;
  const coveredFrom = Math.max(fromDay, usage.firstDay);
  const coveredDays = Math.max(0, toDay - coveredFrom);
  if (coveredDays === 0) return null;
  // Days after the last stored one are tracked days with no activity: they add nothing to the sums.
  const lo = Math.min(coveredFrom - usage.firstDay, usage.length);
  const hi = Math.min(toDay - usage.firstDay, usage.length);
  const sum = (prefix: Float64Array) => (prefix[hi] as number) - (prefix[lo] as number);
  return {
    coveredDays,
    activeUsers: sum(usage.activeUsers),
    activeUsersSquared: sum(usage.activeUsersSquared),
    sessions: sum(usage.sessions),
    events: sum(usage.events),
    distinctFeatures: sum(usage.distinctFeatures),
    advancedFeatures: sum(usage.advancedFeatures),
    activeDays: sum(usage.activeDays),
  };
}

/** Mean daily active users over a window; NaN when untracked. */
export const meanActiveUsers = (window: UsageWindow | null): number =>
  window ? window.activeUsers / window.coveredDays : Number.NaN;

/** Mean active users over a window that must be at least half tracked to be compared. */
export function comparableMeanActiveUsers(window: UsageWindow | null, days: number): number {
  return window && window.coveredDays * 2 >= days ? window.activeUsers / window.coveredDays : Number.NaN;
}

/** Highest daily distinct-feature count over the window; NaN when untracked. */
export function peakDistinctFeatures(usage: UsageIndex | null, t: number, days: number): number {
  if (!usage) return Number.NaN;
  const toDay = usageEndDay(t);
  const from = Math.max(toDay - days, usage.firstDay) - usage.firstDay;
  const to = Math.min(toDay - usage.firstDay, usage.length);
  if (toDay - Math.max(toDay - days, usage.firstDay) <= 0) return Number.NaN;
  let peak = 0;
  for (let i = from; i < to; i++) peak = Math.max(peak, usage.distinctPerDay[i] as number);
  return peak;
}

/** Whole days from the last day with activity before t to t; from the first tracked day when never active. */
export function daysSinceLastActivity(usage: UsageIndex | null, t: number): number {
  if (!usage) return Number.NaN;
  const endDay = usageEndDay(t);
  if (endDay <= usage.firstDay) return Number.NaN;
  const i = Math.min(endDay - 1 - usage.firstDay, usage.length - 1);
  const last = usage.lastActiveDay[i] as number;
  return last >= 0 ? endDay - last : endDay - usage.firstDay;
}
