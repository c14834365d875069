import type { IndexedHistory } from './indexed-history.js';
import { numberAsOf } from './point-in-time.js';
import { ratio, relativeChange } from './time-math.js';
import {
  comparableMeanActiveUsers,
  daysSinceLastActivity,
  meanActiveUsers,
  usageWindow,
} from './usage-window.js';

/** Product usage features (group product_usage), in manifest order. */
export const USAGE_FEATURES = [
  'active_users_30d',
  'seat_utilisation_30d',
  'active_users_trend_30d',
  'active_users_trend_90d',
  'active_days_30d',
  'sessions_per_user_30d',
  'events_per_user_30d',
  'usage_volatility_90d',
  'days_since_last_activity',
] as const;

export type UsageFeatures = Record<(typeof USAGE_FEATURES)[number], number>;

/** Every usage feature is NaN for an account whose usage is not tracked (no usage day before t). */
export function computeUsageFeatures(history: IndexedHistory, t: number): UsageFeatures {
  const usage = history.usage;
  const last30 = usageWindow(usage, t, 30);
  const last90 = usageWindow(usage, t, 90);
  const activeUsers30 = meanActiveUsers(last30);
  return {
    active_users_30d: activeUsers30,
    seat_utilisation_30d: seatUtilisation(history, t),
    active_users_trend_30d: activeUsersTrend(history, t, 30),
    active_users_trend_90d: activeUsersTrend(history, t, 90),
    active_days_30d: last30 ? last30.activeDays : Number.NaN,
    sessions_per_user_30d: last30 ? ratio(last30.sessions, last30.activeUsers) : Number.NaN,
    events_per_user_30d: last30 ? ratio(last30.events, last30.activeUsers) : Number.NaN,
    usage_volatility_90d: coefficientOfVariation(last90),
    days_since_last_activity: daysSinceLastActivity(usage, t),
  };
}

/** Mean daily active users over the last 30 days divided by licensed seats as of t. */
export function seatUtilisation(history: IndexedHistory, t: number): number {
  const seats = numberAsOf(history, 'seats', t);
  return seats > 0 ? ratio(meanActiveUsers(usageWindow(history.usage, t, 30)), seats) : Number.NaN;
}

/** Relative change of mean daily active users: the last `days` days against the `days` before them. */
export function activeUsersTrend(history: IndexedHistory, t: number, days: number): number {
  const current = meanActiveUsers(usageWindow(history.usage, t, days));
  const previous = comparableMeanActiveUsers(usageWindow(history.usage, t, days, days), days);
  return relativeChange(current, previous);
}

function coefficientOfVariation(window: ReturnType<typeof usageWindow>): number {
  if (!window || window.coveredDays < 7) return Number.NaN;
  const mean = window.activeUsers / window.coveredDays;
  if (mean === 0) return Number.NaN;
  const variance = Math.max(0, window.activeUsersSquared / window.coveredDays - mean * mean);
  return Math.sqrt(variance) / mean;
}
