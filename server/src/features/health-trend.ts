import { advancedShare } from './adoption.js';
import { daysSinceLastTwoWayTouch } from './engagement.js';
import { FEATURE_MANIFEST_PATH, FeatureManifestError } from './features-manifest.js';
import type { IndexedHistory } from './indexed-history.js';
import { numberAsOf } from './point-in-time.js';
import { loadPulseWeights, SCORED_GROUPS, type PulseWeights, type ScoredGroup } from './pulse-weights.js';
import { csatOver, supportBurden } from './support.js';
import { DAY_MS, clamp, standardDeviation } from './time-math.js';
import { activeUsersTrend, seatUtilisation } from './usage.js';
import { usageWindow } from './usage-window.js';

/** Health trend features (group health_trend), in manifest order. */
export const HEALTH_TREND_FEATURES = ['pulse', 'pulse_change_30d', 'pulse_change_90d', 'pulse_volatility_90d'] as const;

export type HealthTrendFeatures = Record<(typeof HEALTH_TREND_FEATURES)[number], number>;

/** One signal of the pulse: a 0-1 score (1 = healthy) of a few features, with its share within its group. */
export interface PulseComponent {
  name: string;
  group: ScoredGroup;
  share: number;
  /** The features the score is read from (the manifest's pulse inputs list them per group). */
  inputs: readonly string[];
  score: (h: IndexedHistory, t: number) => number;
}

/**
 * The pulse's components by group. A group's score is the share-weighted mean of its available
 * component scores; the groups are then weighted as pinned in the manifest (pulse-weights.ts).
 */
export const PULSE_COMPONENTS: readonly PulseComponent[] = [
  // 70% of seats active on an average day is treated as full use.
  { name: 'seat_utilisation', group: 'product_usage', share: 0.7, inputs: ['seat_utilisation_30d'], score: (h, t) => clamp(seatUtilisation(h, t) / 0.7, 0, 1) },
  // -50% active users over 30 days scores 0, flat 0.5, +50% 1.
  { name: 'usage_momentum', group: 'product_usage', share: 0.3, inputs: ['active_users_trend_30d'], score: (h, t) => clamp(0.5 + activeUsersTrend(h, t, 30), 0, 1) },
  {
    name: 'support_burden',
    group: 'support',
    share: 0.6,
    inputs: ['high_priority_tickets_90d', 'escalations_90d'],
    score: (h, t) => {
      const { highPriority, escalations } = supportBurden(h.tickets, t);
      return 1 / (1 + 0.5 * (highPriority + 2 * escalations));
    },
  },
  { name: 'csat', group: 'support', share: 0.4, inputs: ['csat_avg_180d'], score: (h, t) => (csatOver(h.tickets, t, 180).average - 1) / 4 },
  {
    name: 'two_way_engagement',
    group: 'stakeholder_engagement',
    share: 0.75,
    inputs: ['days_since_last_meeting', 'days_since_last_inbound'],
    score: (h, t) => clamp(1 - daysSinceLastTwoWayTouch(h, t) / 120, 0, 1),
  },
  { name: 'sponsor', group: 'stakeholder_engagement', share: 0.25, inputs: ['sponsor_present'], score: (h, t) => (h.contacts.some((c) => c.isSponsor && !(c.createdAt >= t)) ? 1 : 0) },
  // 30% of used features being advanced is treated as full depth.
  { name: 'advanced_adoption', group: 'feature_adoption', share: 1, inputs: ['advanced_share_30d'], score: (h, t) => clamp(advancedShare(usageWindow(h.usage, t, 30)) / 0.3, 0, 1) },
  { name: 'payment', group: 'payment_contract', share: 1, inputs: ['days_past_due'], score: (h, t) => clamp(1 - numberAsOf(h, 'days_past_due', t) / 60, 0, 1) },
];

/** Below this share of the total weight available, the pulse is missing rather than guessed. */
const MIN_PULSE_WEIGHT = 0.4;

/** A group's 0-1 score at t: the share-weighted mean of its available component scores, NaN when none is. */
export function groupScore(group: ScoredGroup, history: IndexedHistory, t: number): number {
  let weighted = 0;
  let shares = 0;
  for (const component of PULSE_COMPONENTS) {
    if (component.group !== group) continue;
    const score = component.score(history, t);
    if (!Number.isFinite(score)) continue;
    weighted += component.share * score;
    shares += component.share;
  }
  return shares > 0 ? weighted / shares : Number.NaN;
}

const checked = new WeakSet<PulseWeights>();

/** Refuses pinned weights whose groups' inputs are not exactly what the components read. */
export function assertPulseInputsMatch(weights: PulseWeights): void {
  if (checked.has(weights)) return;
  const problems: string[] = [];
  for (const group of SCORED_GROUPS) {
    const read = [...new Set(PULSE_COMPONENTS.filter((c) => c.group === group).flatMap((c) => c.inputs))].sort();
    const listed = [...(weights.groups.find((g) => g.group === group)?.inputs ?? [])].sort();
    if (read.join(',') !== listed.join(',')) problems.push(`${group} lists [${listed.join(', ')}], its score reads [${read.join(', ')}]`);
  }
  if (problems.length > 0) throw new FeatureManifestError(`the manifest's pulse inputs disagree with the pulse: ${problems.join('; ')}`, FEATURE_MANIFEST_PATH);
  checked.add(weights);
}

/**
 * Telltale's transparent 0-100 health pulse at t (no model at scoring time): 100 × the weighted
 * mean of the available group scores, with the group weights pinned in the manifest.
 */
export function pulseAt(history: IndexedHistory, t: number, weights: PulseWeights = loadPulseWeights()): number {
  assertPulseInputsMatch(weights);
  let weighted = 0;
  let available = 0;
  for (const { group, weight } of weights.groups) {
    if (weight === 0) continue;
    const score = groupScore(group, history, t);
    if (!Number.isFinite(score)) continue;
    weighted += weight * score;
    available += weight;
  }
  return available > 0 && available >= MIN_PULSE_WEIGHT * weights.total ? (100 * weighted) / available : Number.NaN;
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
