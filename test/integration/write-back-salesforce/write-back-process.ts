/**
 * A Salesforce write-back run in a process of its own, for the test that kills it mid-run.
 * Configured by environment: WB_DATABASE (a postgres:// URL or a PGlite directory), WB_ORG_URL,
 * WB_ORG_ID, WB_TOKEN (a session the org issued), WB_TENANT, WB_ACCOUNT_IDS (comma-separated),
 * WB_REDIS_PREFIX, WB_LEASE_MS, WB_AT (the clock).
 */
import { Redis } from 'ioredis';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { createSalesforceRateLimiter } from '../../../server/src/connectors/salesforce/rate-limit.js';
import { SalesforceApi } from '../../../server/src/connectors/salesforce/salesforce-api.js';
import { writeBackSalesforce } from '../../../server/src/connectors/salesforce/write-back.js';
import { openPGlite } from '../../../server/src/store/pglite.js';
import { openPostgres } from '../../../server/src/store/postgres.js';
import { desiredAccounts } from './account-values.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const target = env('WB_DATABASE');
const db = target.startsWith('postgres') ? await openPostgres(target) : await openPGlite(target);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const api = new SalesforceApi({
  tenantId: env('WB_TENANT'),
  orgId: env('WB_ORG_ID'),
  instanceUrl: env('WB_ORG_URL'),
  loginUrl: env('WB_ORG_URL'),
  auth: { accessToken: env('WB_TOKEN') },
  limiter: createSalesforceRateLimiter(redis, { keyPrefix: env('WB_REDIS_PREFIX') }),
  retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 8 },
});
const outcome = await writeBackSalesforce({
  db,
  api,
  accounts: desiredAccounts(env('WB_ACCOUNT_IDS').split(',')),
  clock: fixedClock(env('WB_AT')),
  concurrency: 1,
  leaseTtlMs: Number(env('WB_LEASE_MS')),
});
console.log(JSON.stringify(outcome));
await redis.quit();
await db.close();
