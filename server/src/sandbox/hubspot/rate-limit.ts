import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/clock.js';
import type { HubSpotErrorBody } from './errors.js';
import type { StatsRecorder } from './stats.js';

/** The per-token limits HubSpot publishes for private apps (Free/Starter tier). */
export interface RateLimitOptions {
  /** Requests per rolling 10 seconds (all endpoints but search). */
  perTenSeconds: number;
  /** Search requests per second (search has its own limit and sends no rate-limit headers). */
  searchPerSecond: number;
  /** Requests per UTC day. */
  daily?: number;
}

export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = { perTenSeconds: 100, searchPerSecond: 5, daily: 250_000 };

/** Counts events per key in a rolling window (timestamps kept per key, pruned on every call). */
export class RollingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private live(key: string, nowMs: number): number[] {
    const hits = (this.hits.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
    this.hits.set(key, hits);
    return hits;
  }

  /** Takes one slot if the window has room; a refused attempt takes nothing. */
  tryTake(key: string, nowMs: number): { allowed: boolean; remaining: number } {
    const hits = this.live(key, nowMs);
    if (hits.length >= this.limit) return { allowed: false, remaining: 0 };
    hits.push(nowMs);
    return { allowed: true, remaining: this.limit - hits.length };
  }
}

/** Counts requests per key per UTC day. */
class DailyCounter {
  private readonly counts = new Map<string, { day: string; count: number }>();

  constructor(readonly limit: number) {}

  take(key: string, now: Date): { allowed: boolean; remaining: number } {
    const day = now.toISOString().slice(0, 10);
    const entry = this.counts.get(key);
    const current = entry && entry.day === day ? entry : { day, count: 0 };
    if (current.count >= this.limit) return { allowed: false, remaining: 0 };
    current.count++;
    this.counts.set(key, current);
    return { allowed: true, remaining: this.limit - current.count };
  }
}

const SEARCH_PATH = /^\/crm\/v3\/objects\/[^/]+\/search\/?$/;

/** HubSpot's 429 body. */
export function rateLimitBody(policyName: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY'): HubSpotErrorBody {
  const message =
    policyName === 'SECONDLY'
      ? 'You have reached your secondly limit.'
      : policyName === 'DAILY'
        ? 'You have reached your daily limit.'
        : 'You have reached your ten_secondly_rolling limit.';
  return { status: 'error', message, errorType: 'RATE_LIMIT', correlationId: randomUUID(), category: 'RATE_LIMITS', policyName, requestId: randomUUID() };
}

/**
 * Enforces the limits per access token (set on `res.locals.accessToken` by the auth step) and sets
 * the `X-HubSpot-RateLimit-*` headers on every non-search response, as HubSpot does.
 */
export function rateLimiter(options: RateLimitOptions, clock: Clock, stats: StatsRecorder): RequestHandler {
  const limits = { ...DEFAULT_RATE_LIMIT, ...options };
  const tenSecondly = new RollingWindow(limits.perTenSeconds, 10_000);
  const secondly = new RollingWindow(limits.searchPerSecond, 1_000);
  const daily = new DailyCounter(limits.daily);
  return (req, res, next) => {
    const token = String(res.locals.accessToken ?? '');
    const now = clock.now();
    if (req.method === 'POST' && SEARCH_PATH.test(req.path)) {
      if (!secondly.tryTake(token, now.getTime()).allowed) {
        stats.rateLimited();
        res.status(429).json(rateLimitBody('SECONDLY'));
        return;
      }
      next();
      return;
    }
    const window = tenSecondly.tryTake(token, now.getTime());
    res.set('X-HubSpot-RateLimit-Max', String(limits.perTenSeconds));
    res.set('X-HubSpot-RateLimit-Interval-Milliseconds', '10000');
    res.set('X-HubSpot-RateLimit-Remaining', String(window.remaining));
    if (!window.allowed) {
      stats.rateLimited();
      res.status(429).json(rateLimitBody('TEN_SECONDLY_ROLLING'));
      return;
    }
    const day = daily.take(token, now);
    res.set('X-HubSpot-RateLimit-Daily', String(limits.daily));
    res.set('X-HubSpot-RateLimit-Daily-Remaining', String(day.remaining));
    if (!day.allowed) {
      stats.rateLimited();
      res.status(429).json(rateLimitBody('DAILY'));
      return;
    }
    next();
  };
}
