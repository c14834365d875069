/**
 * A write-back run in a process of its own, for the test that kills it mid-run. Configured by
 * environment: WB_DATABASE (a postgres:// URL or a PGlite directory), WB_BASE_URL, WB_TENANT,
 * WB_COMPANIES, WB_REDIS_PREFIX, WB_LEASE_MS, WB_AT (the clock).
 */
import { Redis } from 'ioredis';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { HubSpotApi } from '../../../server/src/connectors/hubspot/hubspot-api.js';
import { HubSpotRateLimiter } from '../../../server/src/connectors/rate-limiter.js';
import { writeBackHubSpot } from '../../../server/src/connectors/hubspot/write-back.js';
import { openPGlite } from '../../../server/src/store/pglite.js';
import { openPostgres } from '../../../server/src/store/postgres.js';
import { FIXTURE_TOKEN } from '../../fixtures/hubspot/sandbox-server.js';
import { companyIds, desired } from './company-values.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const target = env('WB_DATABASE');
const db = target.startsWith('postgres') ? await openPostgres(target) : await openPGlite(target);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const api = new HubSpotApi({
  accessToken: FIXTURE_TOKEN,
  basePath: env('WB_BASE_URL'),
  tenantId: env('WB_TENANT'),
  limiter: new HubSpotRateLimiter(redis, { keyPrefix: env('WB_REDIS_PREFIX') }),
  retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 8 },
});
const outcome = await writeBackHubSpot({
  db,
  api,
  accounts: desired(companyIds(Number(env('WB_COMPANIES')))),
  clock: fixedClock(env('WB_AT')),
  concurrency: 1,
  leaseTtlMs: Number(env('WB_LEASE_MS')),
});
console.log(JSON.stringify(outcome));
await redis.quit();
await db.close();
