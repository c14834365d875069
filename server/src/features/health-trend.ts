import { advancedShare } from './adoption.js';
import { daysSinceLastTwoWayTouch } from './engagement.js';
import type { IndexedHistory } from './indexed-history.js';
import { numberAsOf } from './point-in-time.js';
import { csatOver, supportBurden } from './support.js';
import { DAY_MS, clamp, standardDeviation } from './time-math.js';
import { activeUsersTrend, seatUtilisation } from './usage.js';
import { usageWindow } from './usage-window.js';

/** Health trend features (group health_trend), in manifest order. */
export const HEALTH_TREND_FEATURES = ['pulse', 'pulse_change_30d', 'pulse_change_90d', 'pulse_volatility_90d'] as const;

export type HealthTrendFeatures = Record<(typeof HEALTH_TREND_FEATURES)[number], number>;

/**
 * The pulse's components: each maps one raw signal to a 0-1 score (1 = healthy) and carries a
 * weight. Missing components are left out and the weights of the rest renormalised.
 */
export const PULSE_COMPONENTS: ReadonlyArray<{ name: string; weight: number; score: (h: IndexedHistory, t: number) => number }> = [
  // 70% of seats active on an average day is treated as full use.
  { name: 'seat_utilisation', weight: 0.25, score: (h, t) => clamp(seatUtilisation(h, t) / 0.7, 0, 1) },
  // -50% active users over 30 days scores 0, flat 0.5, +50% 1.
  { name: 'usage_momentum', weight: 0.1, score: (h, t) => clamp(0.5 + activeUsersTrend(h, t, 30), 0, 1) },
  // 30% of used features being advanced is treated as full depth.
  { name: 'advanced_adoption', weight: 0.1, score: (h, t) => clamp(advancedShare(usageWindow(h.usage, t, 30)) / 0.3, 0, 1) },
  {
    name: 'support_burden',
    weight: 0.15,
    score: (h, t) => {
      const { highPriority, escalations } = supportBurden(h.tickets, t);
      return 1 / (1 + 0.5 * (highPriority + 2 * escalations));
    },
  },
  { name: 'csat', weight: 0.1, score: (h, t) => (csatOver(h.tickets, t, 180).average - 1) / 4 },
  { name: 'two_way_engagement', weight: 0.15, score: (h, t) => clamp(1 - daysSinceLastTwoWayTouch(h, t) / 120, 0, 1) },
  { name: 'sponsor', weight: 0.05, score: (h, t) => (h.contacts.some((c) => c.isSponsor && !(c.createdAt >= t)) ? 1 : 0) },
  { name: 'payment', weight: 0.1, score: (h, t) => clamp(1 - numberAsOf(h, 'days_past_due', t) / 60, 0, 1) },
];

/** Below this share of the total weight available, the pulse is missing rather than guessed. */
const MIN_PULSE_WEIGHT = 0.4;

/** Telltale's transparent 0-100 health pulse at t (no model): the weighted mean of component scores. */
export function pulseAt(history: IndexedHistory, t: number): number {
  let weighted = 0;
  let weights = 0;
  for (const component of PULSE_COMPONENTS) {
    const score = component.score(history, t);
    if (!Number.isFinite(score)) continue;
    weighted += component.weight * score;
    weights += component.weight;
  }
  return weights >= MIN_PULSE_WEIGHT ? (100 * weighted) / weights : Number.NaN;
}

/** The health level at t: the tenant's CRM health score as known before t when mapped, else the pulse. */
export function healthLevelAt(history: IndexedHistory, t: number): number {
  return history.healthScoreMapped ? numberAsOf(history, 'health_score', t) : pulseAt(history, t);
}

/** Level at t, its change over 30 and 90 days, and its spread over t, t-30, t-60 and t-90 days. */
export function computeHealthTrendFeatures(history: IndexedHistory, t: number): HealthTrendFeatures {
  const levels = [0, 30, 60, 90].map((days) => healthLevelAt(history, t - days * DAY_MS));
  const [now, before30, , before90] = levels as [number, number, number, number];
  return {
    pulse: now,
    pulse_change_30d: now - before30,
    pulse_change_90d: now - before90,
    pulse_volatility_90d: standardDeviation(levels),
  };
}
