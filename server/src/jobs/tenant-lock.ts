import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Runs fn while holding a Redis lock on (tenant, work), shared by every worker process; returns
 * undefined without running fn when another holder has it. The lock expires on its own if the holder
 * dies, and is extended while fn runs.
 */
export async function withTenantLock<T>(redis: Redis, options: { prefix: string; tenantId: string; work: string; ttlMs?: number }, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const ttl = options.ttlMs ?? 60_000;
  const key = `${options.prefix}:lock:{${options.tenantId}}:${options.work}`;
  const token = randomBytes(12).toString('hex');
  if ((await redis.set(key, token, 'PX', ttl, 'NX')) !== 'OK') return { ran: false };
  const renew = setInterval(() => void redis.eval(EXTEND, 1, key, token, String(ttl)).catch(() => undefined), ttl / 3);
  try {
    return { ran: true, value: await fn() };
  } finally {
    clearInterval(renew);
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
