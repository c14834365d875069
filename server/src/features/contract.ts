import type { IndexedHistory } from './indexed-history.js';
import { dateAsOf, numberAsOf } from './point-in-time.js';
import { DAY_MS, lowerBound, parseDateValue, ratio, relativeChange } from './time-math.js';

/** Payment and contract features (group payment_contract), in manifest order. */
export const CONTRACT_FEATURES = [
  'arr',
  'seats',
  'arr_per_seat',
  'days_to_renewal',
  'tenure_days',
  'contract_term_months',
  'arr_change_365d',
  'seat_change_180d',
  'days_past_due',
  'open_upsell_pipeline',
  'won_upsell_365d',
] as const;

export type ContractFeatures = Record<(typeof CONTRACT_FEATURES)[number], number>;

const MONTH_DAYS = 365.25 / 12;

/** Account fields as known before t; deals created before t, won only when closed before t. */
export function computeContractFeatures(history: IndexedHistory, t: number): ContractFeatures {
  const arr = numberAsOf(history, 'arr', t);
  const seats = numberAsOf(history, 'seats', t);
  const renewal = dateAsOf(history, 'renewal_date', t);
  const contractStart = dateAsOf(history, 'contract_start', t);
  return {
    arr,
    seats,
    arr_per_seat: seats > 0 ? ratio(arr, seats) : Number.NaN,
    days_to_renewal: (renewal - t) / DAY_MS,
    tenure_days: (t - contractStart) / DAY_MS,
    contract_term_months: contractTermMonths(history, t, contractStart, renewal),
    arr_change_365d: relativeChange(arr, numberAsOf(history, 'arr', t - 365 * DAY_MS)),
    seat_change_180d: relativeChange(seats, numberAsOf(history, 'seats', t - 180 * DAY_MS)),
    days_past_due: numberAsOf(history, 'days_past_due', t),
    open_upsell_pipeline: openUpsellPipeline(history, t),
    won_upsell_365d: wonUpsell(history, t - 365 * DAY_MS, t, t),
  };
}

/**
 * The contract term: the step between the last two renewal dates recorded before t (a renewal moves
 * the date forward by one term); before any renewal, contract start to renewal date. Whole months.
 */
function contractTermMonths(history: IndexedHistory, t: number, contractStart: number, renewal: number): number {
  const timeline = history.fields.get('renewal_date');
  if (timeline) {
    const known = lowerBound(timeline.validFrom, t);
    const dates: number[] = [];
    for (let i = 0; i < known; i++) {
      const date = parseDateValue(timeline.values[i]);
      if (!Number.isNaN(date) && date !== dates[dates.length - 1]) dates.push(date);
    }
    const last = dates[dates.length - 1];
    const previous = dates[dates.length - 2];
    if (last !== undefined && previous !== undefined && last > previous) {
      return Math.max(1, Math.round((last - previous) / DAY_MS / MONTH_DAYS));
    }
  }
  if (Number.isNaN(contractStart) || Number.isNaN(renewal) || renewal <= contractStart) return Number.NaN;
  return Math.max(1, Math.round((renewal - contractStart) / DAY_MS / MONTH_DAYS));
}

/** Amount of upsell deals created before t and not closed before t (USD; 0 when none). */
function openUpsellPipeline(history: IndexedHistory, t: number): number {
  let total = 0;
  for (const deal of history.deals) {
    if (deal.kind !== 'upsell' || !(deal.createdAt < t)) continue;
    // A closed deal whose close date is unknown is never counted as open pipeline.
    const closedBefore = deal.isClosed && (Number.isNaN(deal.closeDate) || deal.closeDate < t);
    if (!closedBefore) total += deal.amount;
  }
  return total;
}

/** Amount of upsell deals won with a close date in [from, to), created before `createdBefore` (USD). */
export function wonUpsell(history: IndexedHistory, from: number, to: number, createdBefore = Number.POSITIVE_INFINITY): number {
  let total = 0;
  for (const deal of history.deals) {
    if (deal.kind !== 'upsell' || !deal.isWon || !(deal.closeDate >= from && deal.closeDate < to)) continue;
    if (deal.createdAt >= createdBefore) continue;
    total += deal.amount;
  }
  return total;
}
