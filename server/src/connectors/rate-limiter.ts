import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sleep } from './sleep.js';

/** The request budget per access token; defaults stay under HubSpot's published limits. */
export interface RateLimitBudget {
  /** Requests per rolling 10 seconds to every endpoint but search (HubSpot: 100 per token on Free/Starter). */
  perTenSeconds: number;
  /** Search requests per rolling second (HubSpot: 5 per token, a limit of its own). */
  searchPerSecond: number;
}

export const DEFAULT_RATE_LIMIT_BUDGET: RateLimitBudget = { perTenSeconds: 90, searchPerSecond: 4 };

export interface RateLimiterOptions {
  budget?: Partial<RateLimitBudget>;
  /** Prepended to every key (tests use a unique one per test). */
  keyPrefix?: string;
}

/**
 * Atomically checks a shared pause and one rolling window (a sorted set of call times); records the
 * call only when the window has room. Returns 0 when the call may go now, or the milliseconds to
 * wait. Time comes from the Redis server, so every process agrees on it.
 * KEYS: window, pause. ARGV: limit, window ms, unique member.
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = redis.call('PTTL', KEYS[2])
if pause > 0 then return pause end
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

/** Extends the shared pause to at least ARGV[1] ms (never shortens a longer one). */
const PAUSE_SCRIPT = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
`;

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;

/**
 * A per-tenant HubSpot rate limiter shared by every process through Redis. Callers wait (never fail)
 * until the budget has room. Keys are hash-tagged per tenant (`{tt:<tenantId>}`) so each tenant's
 * keys live in one Redis Cluster slot.
 */
export class HubSpotRateLimiter {
  readonly budget: RateLimitBudget;
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: Redis,
    options: RateLimiterOptions = {},
  ) {
    this.budget = { ...DEFAULT_RATE_LIMIT_BUDGET, ...options.budget };
    this.keyPrefix = options.keyPrefix ?? '';
  }

  /** The Redis keys of a tenant: general window, search window, pause. */
  keys(tenantId: string): [string, string, string] {
    const base = `${this.keyPrefix}{tt:${tenantId}}:rl:hubspot`;
    return [base, `${base}:search`, `${base}:pause`];
  }

  /** Takes one request from the tenant's budget, or returns the wait in ms (0 = taken). */
  async tryAcquire(tenantId: string, kind: 'search' | 'other'): Promise<number> {
    const [general, search, pause] = this.keys(tenantId);
    const [key, limit, window] = kind === 'search' ? [search, this.budget.searchPerSecond, ONE_SECOND] : [general, this.budget.perTenSeconds, TEN_SECONDS];
    const reply = await this.redis.eval(ACQUIRE_SCRIPT, 2, key, pause, limit, window, `${process.pid}:${randomUUID()}`);
    return Number(reply);
  }

  /** Waits until the tenant's budget has room, then takes one request from it. */
  async acquire(tenantId: string, kind: 'search' | 'other', signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = await this.tryAcquire(tenantId, kind);
      if (wait <= 0) return;
      // A little jitter so processes that wait for the same slot do not all wake at once.
      await sleep(wait + Math.floor(Math.random() * 25), signal);
    }
  }

  /** Makes every process hold off the tenant's calls for `ms` (after a 429 that named a wait). */
  async pause(tenantId: string, ms: number): Promise<void> {
    if (ms <= 0) return;
    await this.redis.eval(PAUSE_SCRIPT, 1, this.keys(tenantId)[2], Math.ceil(ms));
  }
}
