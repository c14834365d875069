import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';
import { getCursors } from '../../store/sync-state.js';
import type { Tenant } from '../../store/tenants.js';
import type { RateLimitBudget } from '../rate-limiter.js';
import type { RetryPolicy } from '../retry-policy.js';
import { createSalesforceRateLimiter } from './rate-limit.js';
import { readUsers } from './read-users.js';
import { runConcurrently } from './run-concurrently.js';
import { SALESFORCE_LIMITS, SalesforceApi, type SalesforceAuth } from './salesforce-api.js';
import { OBJECT_STREAM_DEFINITIONS, OBJECT_STREAMS, SALESFORCE_STREAMS, type ObjectStreamName, type SalesforceStreamName } from './streams.js';
import { recordSyncRun, type SyncProgressOf, type SyncReportOf } from './sync-run.js';
import { deletedStream, SALESFORCE_SOURCE, syncObjectStream } from './sync-stream.js';
import { resolveSalesforceMapping } from './tenant-mapping.js';

export type { SalesforceStreamName } from './streams.js';
export type { StreamReport } from '../hubspot/sync-stream.js';

/** Progress of a running sync, reported after every page (the HubSpot sync's shape, Salesforce's streams). */
export type SalesforceSyncProgress = SyncProgressOf<SalesforceStreamName>;

/** What a sync did, per stream and in total (the HubSpot sync's SyncReport, Salesforce's streams). */
export type SalesforceSyncReport = SyncReportOf<SalesforceStreamName>;

export interface SyncSalesforceOptions {
  db: Database;
  redis: Redis;
  /** The org's tenant (crm 'salesforce', externalId = org id). */
  tenant: Tenant;
  org: { instanceUrl: string; loginUrl: string; auth: SalesforceAuth };
  /** full: read every record again (cursors ignored, same idempotent writes); incremental: from each stream's cursor. */
  mode: 'full' | 'incremental';
  onProgress?: ((progress: SalesforceSyncProgress) => void) | undefined;
  /** Stops the sync between requests; what was written stays and the next run resumes from it. */
  signal?: AbortSignal | undefined;
  logger: Logger;
  /** Prefix of the rate-limit keys in Redis (tests use a unique one). */
  rateLimitPrefix?: string | undefined;
  rateLimit?: Partial<RateLimitBudget> | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Share of the org's daily API allocation after which no call starts (default 0.5). */
  dailyApiShare?: number | undefined;
  /** Records per query page (default and maximum 2,000); smaller values exercise paging. */
  paging?: { pageSize?: number } | undefined;
  /** How many of opportunities, cases, tasks and events run at once (default: all). */
  concurrency?: number | undefined;
}

/**
 * Syncs one Salesforce org into the store: users, then accounts (with their field history), then
 * contacts, then opportunities, cases, tasks and events concurrently, all within the tenant's shared
 * rate budget and Telltale's share of the org's daily API allocation. Records the run in sync_runs.
 * On an AUTH failure the tenant is marked disconnected and the CrmError (whose message says how to
 * reconnect) is rethrown; other failures are rethrown as well.
 */
export async function syncSalesforceTenant(options: SyncSalesforceOptions): Promise<SalesforceSyncReport> {
  const { db, tenant, logger, mode } = options;
  // One failing stream stops the others between requests instead of letting them finish.
  const stopAll = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopAll.signal]) : stopAll.signal;
  const mapping = resolveSalesforceMapping(tenant.mapping);
  const pageSize = options.paging?.pageSize ?? SALESFORCE_LIMITS.queryPageSize;
  const api = new SalesforceApi({
    tenantId: tenant.id,
    orgId: tenant.externalId,
    ...options.org,
    limiter: createSalesforceRateLimiter(options.redis, { keyPrefix: options.rateLimitPrefix, budget: options.rateLimit }),
    retry: options.retry,
    dailyApiShare: options.dailyApiShare,
    signal,
    logger,
  });
  const run = { db, tenant, source: SALESFORCE_SOURCE, crmName: 'Salesforce', mode, streams: SALESFORCE_STREAMS, logger, onProgress: options.onProgress };

  return recordSyncRun(run, async (tally) => {
    const scoped = (name: SalesforceStreamName) => api.withRequestListener(() => tally.request(name));
    const cursors = await getCursors(db, tenant.id, SALESFORCE_SOURCE);
    const users = await readUsers(scoped('users'), pageSize, (records, total) => tally.page('users', records, total));

    const runStream = (name: ObjectStreamName) =>
      syncObjectStream(OBJECT_STREAM_DEFINITIONS[name], {
        db,
        api: scoped(name),
        tenantId: tenant.id,
        mapping,
        users,
        since:
          mode === 'full'
            ? { live: null, deleted: null }
            : { live: cursors.get(name)?.cursor ?? null, deleted: cursors.get(deletedStream(name))?.cursor ?? null },
        pageSize,
        signal,
        logger,
        onPage: (records, total) => tally.page(name, records, total),
      });

    // Accounts first (everything points at them), then contacts (activities look up their seniority).
    await runStream('accounts');
    await runStream('contacts');
    const concurrent = OBJECT_STREAMS.filter((name) => name !== 'accounts' && name !== 'contacts');
    await runConcurrently(concurrent, options.concurrency ?? concurrent.length, async (name) => {
      try {
        await runStream(name);
      } catch (error) {
        stopAll.abort(error);
        throw error;
      }
    });
    logger.info({ tenant: tenant.id, apiUsage: api.apiUsage() }, 'Salesforce daily API usage after the sync');
  });
}
