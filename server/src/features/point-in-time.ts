import type { AccountSnapshotRecord } from '../store/feature-reads.js';
import type { IndexedHistory } from './indexed-history.js';
import { lowerBound, parseDateValue, parseNumberValue } from './time-math.js';

/** The account fields features read, by their account_history key. */
export type AccountField =
  | 'arr'
  | 'seats'
  | 'contract_start'
  | 'renewal_date'
  | 'churned_at'
  | 'lifecycle'
  | 'days_past_due'
  | 'health_score';

const CURRENT_VALUE: Record<AccountField, (account: AccountSnapshotRecord) => string | number | null> = {
  arr: (a) => a.arr,
  seats: (a) => a.seats,
  contract_start: (a) => a.contractStart,
  renewal_date: (a) => a.renewalDate,
  churned_at: (a) => a.churnedAt,
  lifecycle: (a) => a.lifecycle,
  days_past_due: (a) => a.daysPastDue,
  health_score: (a) => a.healthScore,
};

/** Lifecycle stages that mean "a paying customer". */
const CUSTOMER_STAGES = new Set(['customer', 'evangelist']);

/**
 * The value of an account field as known at instant t: the latest history version with
 * valid_from < t. A field with no history at all falls back to the account's current value, and
 * only when the account existed before t (or its creation time is unknown).
 */
export function fieldAsOf(history: IndexedHistory, field: AccountField, t: number): string | number | null {
  const timeline = history.fields.get(field);
  if (timeline) {
    const index = lowerBound(timeline.validFrom, t) - 1;
    return index >= 0 ? (timeline.values[index] ?? null) : null;
  }
  if (!Number.isNaN(history.createdAt) && history.createdAt >= t) return null;
  return CURRENT_VALUE[field](history.bundle.account);
}

export const numberAsOf = (history: IndexedHistory, field: AccountField, t: number): number => {
  const value = fieldAsOf(history, field, t);
  return typeof value === 'number' ? value : parseNumberValue(value);
};

export const dateAsOf = (history: IndexedHistory, field: AccountField, t: number): number => {
  const value = fieldAsOf(history, field, t);
  return typeof value === 'number' ? value : parseDateValue(value);
};

/**
 * Whether the account is an active customer at t, from what was known before t: its contract had
 * started (or, when the account never records a contract start, its lifecycle stage was customer),
 * no churn date before t was recorded, and, where the lifecycle stage has history, that stage was a
 * customer stage.
 */
export function isActiveCustomerAt(history: IndexedHistory, t: number): boolean {
  const churnedAt = dateAsOf(history, 'churned_at', t);
  if (churnedAt < t) return false;
  const lifecycle = fieldAsOf(history, 'lifecycle', t);
  const stageIsCustomer = typeof lifecycle === 'string' && CUSTOMER_STAGES.has(lifecycle.trim().toLowerCase());
  if (history.fields.has('lifecycle') && !stageIsCustomer) return false;
  const contractStart = dateAsOf(history, 'contract_start', t);
  if (!Number.isNaN(contractStart)) return contractStart < t;
  // A contract start recorded only later means the contract had not started yet.
  return !history.fields.has('contract_start') && stageIsCustomer;
}
