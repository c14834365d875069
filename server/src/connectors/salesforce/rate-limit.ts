import type { Redis } from 'ioredis';
import { HubSpotRateLimiter, type RateLimitBudget } from '../rate-limiter.js';

/**
 * Telltale's per-org request pace. Salesforce publishes no per-second REST limit (it limits the
 * requests per rolling 24 hours, watched by the daily budget, and long-running requests in flight);
 * this pace spreads a tenant's calls across every process so that a full sync or a write-back never
 * floods an org: 100 requests per rolling 10 seconds. Queries are not limited apart (`search` is unused).
 */
export const SALESFORCE_RATE_LIMIT_BUDGET: RateLimitBudget = { perTenSeconds: 100, searchPerSecond: 10 };

/** The Redis-backed per-tenant limiter with Salesforce's pace (keys hash-tagged per tenant, `keyPrefix` first). */
export function createSalesforceRateLimiter(redis: Redis, options: { keyPrefix?: string | undefined; budget?: Partial<RateLimitBudget> | undefined } = {}): HubSpotRateLimiter {
  return new HubSpotRateLimiter(redis, { keyPrefix: options.keyPrefix, budget: { ...SALESFORCE_RATE_LIMIT_BUDGET, ...options.budget } });
}
