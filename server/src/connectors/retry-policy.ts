import type { CrmError } from './crm-error.js';

/** How the request wrapper retries TEMPORARY failures. */
export interface RetryPolicy {
  /** Attempts per call including the first; a page that still fails after them fails the sync. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt (exponential backoff with full jitter). */
  baseDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
  /** Per-request timeout; a timed-out request counts as a TEMPORARY failure. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 30_000,
};

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): full jitter, i.e. uniform in
 * [0, min(maxDelay, base * 2^(attempt-1))], but never shorter than what the CRM asked for.
 */
export function retryDelayMs(error: CrmError, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, error.retryAfterMs ?? 0);
}
