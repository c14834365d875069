import { CrmError, CrmErrorKind } from '../crm-error.js';

/** The org's API requests in its rolling 24 hours, as the last `Sforce-Limit-Info` header said. */
export interface ApiUsage {
  used: number;
  max: number;
}

/**
 * Telltale's default share of an org's daily API allocation: it stops starting calls once the org
 * as a whole (every integration, not only Telltale) has used half of it, so the customer's own
 * integrations keep the other half.
 */
export const DEFAULT_DAILY_API_SHARE = 0.5;

/** How long a run that hit the daily budget waits before it is tried again (the allocation is a rolling 24 hours). */
export const DAILY_BUDGET_RETRY_MS = 60 * 60_000;

/** The CrmError category of a call refused by Telltale's own daily budget. */
export const DAILY_BUDGET_CATEGORY = 'TELLTALE_DAILY_API_BUDGET';

/**
 * `api-usage=18/15000` → { used: 18, max: 15000 }, also among other pairs; `per-app-api-usage`
 * (one connected app's own quota) is not the org's usage.
 */
export function parseLimitInfo(header: string | undefined): ApiUsage | undefined {
  const match = header ? /(?:^|[\s,;])api-usage=(\d+)\/(\d+)/.exec(header) : null;
  if (!match) return undefined;
  const used = Number(match[1]);
  const max = Number(match[2]);
  return max > 0 ? { used, max } : undefined;
}

/**
 * Watches the org's daily API usage from every response's `Sforce-Limit-Info` header and refuses
 * to start a call once usage reaches `share` of the daily maximum.
 */
export class DailyApiBudget {
  private last: ApiUsage | undefined;

  constructor(
    private readonly share: number = DEFAULT_DAILY_API_SHARE,
    private readonly clock: () => number = Date.now,
  ) {
    if (!(share > 0 && share <= 1)) throw new RangeError(`the daily API share must be in (0, 1], not ${share}`);
  }

  /** Records the usage a response reported (responses without the header change nothing). */
  observe(headers: Record<string, string>): void {
    const usage = parseLimitInfo(headers['sforce-limit-info']);
    if (usage) this.last = usage;
  }

  usage(): ApiUsage | undefined {
    return this.last ? { ...this.last } : undefined;
  }

  /** Throws a TEMPORARY CrmError (retry in an hour) when the org's usage has reached Telltale's share. */
  check(endpoint: string, orgId: string): void {
    const usage = this.last;
    if (!usage || usage.used < usage.max * this.share) return;
    const retryAt = new Date(this.clock() + DAILY_BUDGET_RETRY_MS).toISOString();
    throw new CrmError(
      `Salesforce org ${orgId} has used ${usage.used} of its ${usage.max} daily API requests; Telltale stops at ` +
        `${Math.round(this.share * 100)}% to leave the rest to the org's other integrations. Not calling ${endpoint}; retry after ${retryAt}.`,
      {
        kind: CrmErrorKind.Temporary,
        crm: 'salesforce',
        endpoint,
        category: DAILY_BUDGET_CATEGORY,
        retryAfterMs: DAILY_BUDGET_RETRY_MS,
      },
    );
  }
}
