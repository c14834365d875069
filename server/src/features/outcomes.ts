import { wonUpsell } from './contract.js';
import type { IndexedHistory } from './indexed-history.js';
import { dateAsOf } from './point-in-time.js';
import { DAY_MS, lowerBound, parseDateValue, parseNumberValue } from './time-math.js';

/** Expansion horizons of the training table, in days. */
export const EXPANSION_HORIZONS = [30, 90, 365] as const;

/** What happened after a snapshot; NaN where not yet observable at the data end. */
export interface SnapshotOutcomes {
  churnedByRenewal: number;
  daysToChurn: number;
  /** By horizon (30, 90, 365 days): 1/0, or NaN when the window reaches past the data end. */
  expanded: number[];
  expansionAmount: number[];
}

/**
 * Outcomes after snapshot t, from what was stored by `dataEnd`. They read only events dated at or
 * after t (churn, renewal, won upsells, ARR and seat increases): nothing before the snapshot counts.
 */
export function computeOutcomes(history: IndexedHistory, t: number, dataEnd: number): SnapshotOutcomes {
  // Instants up to and including the data end are known (fieldAsOf reads versions strictly before its argument).
  const known = dataEnd + 1;
  const churnDate = dateAsOf(history, 'churned_at', known);
  const churnObserved = churnDate <= dataEnd;
  // A churn recorded after the snapshot but dated before it is a churn at the snapshot.
  const churnAt = churnObserved ? Math.max(churnDate, t) : Number.NaN;
  const windowEnd = Math.min(nextRenewalOnOrAfter(history, t, known), t + 365 * DAY_MS);

  let churnedByRenewal = Number.NaN;
  if (churnObserved && churnAt <= windowEnd) churnedByRenewal = 1;
  else if (dataEnd >= windowEnd) churnedByRenewal = 0;

  const expanded: number[] = [];
  const expansionAmount: number[] = [];
  for (const days of EXPANSION_HORIZONS) {
    const end = t + days * DAY_MS;
    if (end > dataEnd) {
      expanded.push(Number.NaN);
      expansionAmount.push(Number.NaN);
      continue;
    }
    const won = wonUpsell(history, t, end);
    const wonDeal = history.deals.some((d) => d.kind === 'upsell' && d.isWon && d.closeDate >= t && d.closeDate < end);
    const arrIncrease = increasesWithin(history, 'arr', t, end);
    const seatIncrease = increasesWithin(history, 'seats', t, end);
    expanded.push(wonDeal || arrIncrease > 0 || seatIncrease > 0 ? 1 : 0);
    // A won upsell usually shows up as the ARR increase too: the larger of the two, not their sum.
    expansionAmount.push(Math.max(won, arrIncrease));
  }
  return { churnedByRenewal, daysToChurn: churnObserved ? (churnAt - t) / DAY_MS : Number.NaN, expanded, expansionAmount };
}

/** The earliest renewal date on or after t among every value recorded before `known`; +Infinity when none. */
function nextRenewalOnOrAfter(history: IndexedHistory, t: number, known: number): number {
  const timeline = history.fields.get('renewal_date');
  const candidates = timeline
    ? timeline.values.slice(0, lowerBound(timeline.validFrom, known)).map(parseDateValue)
    : [dateAsOf(history, 'renewal_date', known)];
  let next = Number.POSITIVE_INFINITY;
  for (const date of candidates) if (date >= t && date < next) next = date;
  return next;
}

/** Sum of the rises of a numeric field between consecutive versions recorded in [from, to). */
function increasesWithin(history: IndexedHistory, field: 'arr' | 'seats', from: number, to: number): number {
  const timeline = history.fields.get(field);
  if (!timeline) return 0;
  let total = 0;
  const last = lowerBound(timeline.validFrom, to);
  for (let i = Math.max(1, lowerBound(timeline.validFrom, from)); i < last; i++) {
    const before = parseNumberValue(timeline.values[i - 1]);
    const after = parseNumberValue(timeline.values[i]);
    if (after > before) total += after - before;
  }
  return total;
}
