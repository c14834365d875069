import { sleep } from '../sleep.js';

/** How Accounts or Tasks whose row Salesforce found locked (UNABLE_TO_LOCK_ROW) are sent again within one run. */
export interface LockedRowRetry {
  /** Passes over the records, the first included (default 3). */
  passes: number;
  /** Wait before the second pass, doubled before each further one (default 1,000 ms). */
  delayMs: number;
}

export const DEFAULT_LOCKED_ROW_RETRY: LockedRowRetry = { passes: 3, delayMs: 1_000 };

/** Waits before pass `pass` (counted from 1; the first pass does not wait). */
export function waitForPass(retry: LockedRowRetry, pass: number): Promise<void> {
  return pass > 1 ? sleep(retry.delayMs * 2 ** (pass - 2)) : Promise.resolve();
}
