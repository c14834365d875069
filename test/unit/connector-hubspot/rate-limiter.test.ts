import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncAbortedError } from '../../../server/src/connectors/crm-error.js';
import { HubSpotRateLimiter } from '../../../server/src/connectors/rate-limiter.js';

let redis: Redis;
const prefix = `tt-test-rl-${randomUUID()}:`;

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});

afterEach(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
});

afterAll(async () => {
  await redis.quit();
});

describe('HubSpotRateLimiter', () => {
  it('hash-tags every key of a tenant so they share one Redis Cluster slot', () => {
    const limiter = new HubSpotRateLimiter(redis, { keyPrefix: prefix });
    const keys = limiter.keys('hubspot-1');
    expect(keys.every((key) => key.includes('{tt:hubspot-1}'))).toBe(true);
    expect(new Set(keys).size).toBe(3);
  });

  it('grants exactly the budget in a window and then names a wait no longer than the window', async () => {
    const limiter = new HubSpotRateLimiter(redis, { keyPrefix: prefix, budget: { perTenSeconds: 5 } });
    const grants = [];
    for (let i = 0; i < 5; i++) grants.push(await limiter.tryAcquire('t1', 'other'));
    expect(grants).toEqual([0, 0, 0, 0, 0]);
    const wait = await limiter.tryAcquire('t1', 'other');
    expect(wait).toBeGreaterThan(9_000);
    expect(wait).toBeLessThanOrEqual(10_000);
  });

  it('keeps tenants apart', async () => {
    const limiter = new HubSpotRateLimiter(redis, { keyPrefix: prefix, budget: { perTenSeconds: 1 } });
    expect(await limiter.tryAcquire('t1', 'other')).toBe(0);
    expect(await limiter.tryAcquire('t2', 'other')).toBe(0);
    expect(await limiter.tryAcquire('t1', 'other')).toBeGreaterThan(0);
  });

  it('limits searches per second in a window of their own, as HubSpot does', async () => {
    const limiter = new HubSpotRateLimiter(redis, { keyPrefix: prefix, budget: { perTenSeconds: 1, searchPerSecond: 2 } });
    expect(await limiter.tryAcquire('t1', 'search')).toBe(0);
    expect(await limiter.tryAcquire('t1', 'search')).toBe(0);
    const wait = await limiter.tryAcquire('t1', 'search');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1_000);
    expect(await limiter.tryAcquire('t1', 'other')).toBe(0);
    expect(await limiter.tryAcquire('t1', 'other')).toBeGreaterThan(1_000);
  });

  it('waits instead of failing when the budget is spent', async () => {
    const limiter = new HubSpotRateLimiter(redis, { keyPrefix: prefix, budget: { searchPerSecond: 2 } });
    const started = Date.now();
    for (let i = 0; i < 3; i++) await limiter.acquire('t1', 'search');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('shares budget between limiter instances (processes) through Redis', async () => {
    const other = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const a = new HubSpotRateLimiter(redis, { keyPrefix: prefix, budget: { perTenSeconds: 2 } });
      const b = new HubSpotRateLimiter(other, { keyPrefix: prefix, budget: { perTenSeconds: 2 } });
      expect(await a.tryAcquire('t1', 'other')).toBe(0);
      expect(await b.tryAcquire('t1', 'other')).toBe(0);
      expect(await a.tryAcquire('t1', 'other')).toBeGreaterThan(0);
      expect(await b.tryAcquire('t1', 'other')).toBeGreaterThan(0);
    } finally {
      await other.quit();
    }
  });

  it('holds every caller off during a pause and never shortens a longer one', async () => {
    const limiter = new HubSpotRateLimiter(redis, { keyPrefix: prefix });
    await limiter.pause('t1', 5_000);
    await limiter.pause('t1', 100);
    const wait = await limiter.tryAcquire('t1', 'other');
    expect(wait).toBeGreaterThan(4_000);
  });

  it('stops waiting when the sync is aborted', async () => {
    const limiter = new HubSpotRateLimiter(redis, { keyPrefix: prefix, budget: { perTenSeconds: 1 } });
    await limiter.acquire('t1', 'other');
    const controller = new AbortController();
    setTimeout(() => controller.abort('stop'), 50);
    await expect(limiter.acquire('t1', 'other', controller.signal)).rejects.toBeInstanceOf(SyncAbortedError);
  });
});
