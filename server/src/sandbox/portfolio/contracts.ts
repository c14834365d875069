/**
 * Commercial decisions: renewal or churn (observed and unobserved causes), mid-term seat expansion
 * timed by budget cycles, contraction and price changes at renewal, and late invoices.
 */
import { clamp, type Rng } from './random.js';
import type { ChurnCause, Segment, Shock, ShockKind, UnobservedChurnCause } from './model.js';
import { NEGATIVE_SHOCKS } from './shocks.js';
import { SEGMENT_PROFILES } from './segments.js';

/** What the account looks like when a renewal is decided. */
export interface RenewalContext {
  segment: Segment;
  termMonths: number;
  /** Smoothed latent health (about two months) and seat utilisation (about a month). */
  health: number;
  utilisation: number;
  /** Where the account's ARR sits in its segment's ACV range (0 smallest .. 1 largest). */
  sizePosition: number;
  recentShocks: readonly Shock[];
  day: number;
}

export type RenewalOutcome =
  | { churn: true; cause: ChurnCause; observed: boolean }
  | { churn: false };

const UNOBSERVED_CAUSES: readonly (readonly [UnobservedChurnCause, number])[] = [
  ['acquired', 0.35],
  ['budget_moved', 0.4],
  ['unrecorded_sponsor_change', 0.25],
];

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function withinDays(shocks: readonly Shock[], day: number, kind: ShockKind, days: number): boolean {
  return shocks.some((s) => s.kind === kind && s.day <= day && day - s.day <= days);
}

/**
 * Decides a renewal. A third of churn comes from causes no signal shows (drawn independently of
 * health); the rest rises steeply as health and utilisation fall, with a budget cut weighing in
 * even when it is only weeks old.
 */
export function decideRenewal(ctx: RenewalContext, rng: Rng): RenewalOutcome {
  const profile = SEGMENT_PROFILES[ctx.segment];
  const termYears = ctx.termMonths / 12;
  const monthly = ctx.termMonths < 12;
  // Small monthly plans are where companies get acquired or drop tools when budgets move.
  const unobservedPerYear = profile.unobservedChurnPerYear * (ctx.segment === 'smb' ? (monthly ? 2.8 : 0.25) : 1);
  const unobserved = 1 - Math.pow(1 - unobservedPerYear, termYears);
  if (rng.chance(unobserved)) return { churn: true, cause: rng.weighted(UNOBSERVED_CAUSES), observed: false };

  const logit =
    profile.churnLogit +
    9 * (0.6 - ctx.health) +
    3 * Math.max(0, 0.6 - ctx.utilisation) +
    (withinDays(ctx.recentShocks, ctx.day, 'budget_cut', 120) ? 2 : 0) +
    (withinDays(ctx.recentShocks, ctx.day, 'competitor_evaluation', 180) ? 0.8 : 0) +
    (monthly ? 4.4 : 0) +
    (ctx.segment === 'smb' ? 1.6 : 1) * (0.5 - ctx.sizePosition);
  const perYear = logistic(logit);
  const probability = 1 - Math.pow(1 - perYear, termYears);
  if (!rng.chance(probability)) return { churn: false };
  return { churn: true, cause: observedCause(ctx.recentShocks, ctx.day), observed: true };
}

/** The latest negative shock of the past year, or chronic low health when none. */
function observedCause(shocks: readonly Shock[], day: number): ChurnCause {
  for (let i = shocks.length - 1; i >= 0; i--) {
    const s = shocks[i];
    if (s && s.day <= day && day - s.day <= 365 && NEGATIVE_SHOCKS.has(s.kind)) return s.kind;
  }
  return 'low_health';
}

export interface SeatChange {
  seats: number;
  arr: number;
  reason: 'contraction' | 'upsell' | 'price_uplift' | 'renewal';
}

/**
 * The renewed contract: contraction when utilisation is low or a budget cut bites, a seat true-up
 * when the account has outgrown its seats, a modest price uplift for healthy accounts.
 */
export function renewalTerms(
  ctx: RenewalContext,
  seats: number,
  arr: number,
  activeUsers: number,
  rng: Rng,
): SeatChange {
  const [minSeats] = SEGMENT_PROFILES[ctx.segment].seats;
  // Monthly plans reconsider every month, so each month carries a twelfth of a year's contraction risk.
  const perTerm = Math.min(1, ctx.termMonths / 12);
  const floor = Math.max(1, Math.round(minSeats * 0.6));
  if (withinDays(ctx.recentShocks, ctx.day, 'budget_cut', 240) && rng.chance(0.6 * perTerm)) {
    const newSeats = Math.max(floor, Math.round(seats * rng.uniform(0.6, 0.85)));
    return { seats: newSeats, arr: scaleArr(arr, seats, newSeats), reason: 'contraction' };
  }
  if (ctx.utilisation < 0.6 && rng.chance(clamp(0.35 + (0.6 - ctx.utilisation) * 2, 0, 0.9) * perTerm)) {
    const newSeats = Math.max(floor, Math.min(seats, Math.ceil(activeUsers * rng.uniform(1.1, 1.3))));
    if (newSeats < seats) return { seats: newSeats, arr: scaleArr(arr, seats, newSeats), reason: 'contraction' };
  }
  if (ctx.health < 0.45 && rng.chance(0.35 * perTerm)) {
    return { seats, arr: Math.round(arr * rng.uniform(0.85, 0.95)), reason: 'contraction' };
  }
  if (ctx.utilisation >= 0.85 && ctx.health >= 0.5) {
    const newSeats = Math.max(seats, Math.ceil(activeUsers * rng.uniform(1.08, 1.25)));
    if (newSeats > seats) return { seats: newSeats, arr: scaleArr(arr, seats, newSeats), reason: 'upsell' };
  }
  if (ctx.health >= 0.55 && ctx.termMonths >= 12 && rng.chance(0.5)) {
    return { seats, arr: Math.round(arr * rng.uniform(1.02, 1.07)), reason: 'price_uplift' };
  }
  return { seats, arr, reason: 'renewal' };
}

/** Seat changes are priced with a volume discount: ARR moves a little less than seats. */
export function scaleArr(arr: number, fromSeats: number, toSeats: number): number {
  return Math.round(arr * Math.pow(toSeats / fromSeats, 0.9));
}

/** Relative likelihood of buying more in a month of the customer's fiscal year (budgets open, year-end spend). */
export function budgetCycleWeight(month: number, fiscalStartMonth: number): number {
  const m = (month - fiscalStartMonth + 12) % 12;
  if (m === 0 || m === 1) return 2.5;
  if (m === 11) return 1.8;
  if (m === 6) return 1.3;
  return 0.6;
}

/** Daily probability of a mid-term expansion given utilisation, health and an engaged sponsor. */
export function upsellProbability(segment: Segment, utilisation: number, health: number, sponsorEngaged: boolean, budgetWeight: number): number {
  if (utilisation < 0.88 || health < 0.55 || !sponsorEngaged) return 0;
  const base = segment === 'smb' ? 1 / 90 : segment === 'mid_market' ? 1 / 70 : 1 / 60;
  return base * budgetWeight * (0.5 + health);
}

/** Whether an invoice is paid late and by how many days (0 = on time). */
export function invoiceDelay(health: number, budgetCut: boolean, cardPayment: boolean, rng: Rng): number {
  const p = (0.06 + 0.5 * Math.pow(1 - health, 2) + (budgetCut ? 0.35 : 0)) * (cardPayment ? 0.3 : 1);
  if (!rng.chance(p)) return 0;
  return Math.max(1, Math.round(rng.exponential(6 + 40 * (1 - health) + (budgetCut ? 20 : 0))));
}
