/**
 * The org's daily API request limit (DailyApiRequests): every /services/data/vXX.X request counts,
 * over a rolling 24 hours (kept in hourly buckets). Each answer carries
 * `Sforce-Limit-Info: api-usage=N/MAX`; once the limit is used up, requests are refused with
 * 403 REQUEST_LIMIT_EXCEEDED (refused requests are not counted).
 */
import type { RequestHandler } from 'express';
import type { Clock } from '../../clock/clock.js';
import { requestLimitExceeded, sendError } from './errors.js';
import type { StatsRecorder } from './stats.js';

/** A Developer Edition org's allocation; Enterprise orgs get 100,000 plus 1,000 per user licence. */
export const DEFAULT_DAILY_API_LIMIT = 15_000;

const HOUR_MS = 3_600_000;

export class ApiUsage {
  private readonly hourly = new Map<number, number>();

  constructor(
    readonly max: number,
    private readonly clock: Clock,
  ) {}

  private hour(): number {
    return Math.floor(this.clock.now().getTime() / HOUR_MS);
  }

  /** Requests counted in the last 24 hours. */
  used(): number {
    const now = this.hour();
    let total = 0;
    for (const [hour, count] of this.hourly) {
      if (hour <= now - 24) this.hourly.delete(hour);
      else total += count;
    }
    return total;
  }

  /** Counts one request if the limit has room. */
  take(): { allowed: boolean; used: number } {
    const used = this.used();
    if (used >= this.max) return { allowed: false, used };
    const hour = this.hour();
    this.hourly.set(hour, (this.hourly.get(hour) ?? 0) + 1);
    return { allowed: true, used: used + 1 };
  }

  /** Sets the usage of the last 24 hours to `used` (0 resets it), as if those requests were made now. */
  setUsed(used: number): void {
    this.hourly.clear();
    if (used > 0) this.hourly.set(this.hour(), used);
  }

  remaining(): number {
    return Math.max(0, this.max - this.used());
  }
}

/** Counts the request against the daily limit and sets Sforce-Limit-Info, or answers 403 REQUEST_LIMIT_EXCEEDED. */
export function apiUsageLimiter(usage: ApiUsage, stats: StatsRecorder): RequestHandler {
  return (_req, res, next) => {
    const { allowed, used } = usage.take();
    res.set('Sforce-Limit-Info', `api-usage=${used}/${usage.max}`);
    if (!allowed) {
      stats.limitExceeded();
      sendError(res, requestLimitExceeded());
      return;
    }
    next();
  };
}
