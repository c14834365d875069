import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';
import { finishSyncRun, getCursors, startSyncRun } from '../../store/sync-state.js';
import { setTenantStatus, type Tenant } from '../../store/tenants.js';
import { CrmError, CrmErrorKind } from '../crm-error.js';
import { HUBSPOT_LIMITS, HubSpotApi, type HubSpotOwner } from './hubspot-api.js';
import { HubSpotRateLimiter, type RateLimitBudget } from '../rate-limiter.js';
import type { RetryPolicy } from '../retry-policy.js';
import { OBJECT_STREAM_DEFINITIONS, OBJECT_STREAMS, STREAMS, type ObjectStreamName, type StreamName } from './streams.js';
import { HUBSPOT_SOURCE, syncObjectStream, type StreamReport } from './sync-stream.js';
import { resolveHubSpotMapping } from './tenant-mapping.js';
import { validateHubSpotMapping } from './validate-mapping.js';

export type { StreamReport } from './sync-stream.js';
export type { StreamName } from './streams.js';

/** Progress of a running sync, reported after every page. */
export interface SyncProgress {
  /** The stream that just moved. */
  stream: StreamName;
  /** Records read so far, all streams. */
  records: number;
  /** HTTP requests sent so far, retries included. */
  requests: number;
  /** HubSpot's totals for the streams started so far (grows as streams start); undefined at first. */
  estimatedTotal: number | undefined;
  done: boolean;
}

/** What a sync did: per stream and in total. */
export interface SyncReport {
  mode: 'full' | 'incremental';
  streams: Record<StreamName, StreamReport>;
  records: number;
  requests: number;
  durationMs: number;
}

export interface SyncHubSpotOptions {
  db: Database;
  redis: Redis;
  tenant: Tenant;
  client: { accessToken: string; basePath?: string | undefined };
  /** full: read every record again (cursors ignored, same idempotent writes); incremental: from each stream's cursor. */
  mode: 'full' | 'incremental';
  onProgress?: ((progress: SyncProgress) => void) | undefined;
  /** Stops the sync between requests; what was written stays and the next run resumes from it. */
  signal?: AbortSignal | undefined;
  logger: Logger;
  /** Prefix of the rate-limit keys in Redis (tests use a unique one). */
  rateLimitPrefix?: string | undefined;
  rateLimit?: Partial<RateLimitBudget> | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Search page size (200) and result cap (10,000); smaller values exercise paging and re-anchoring. */
  paging?: { pageSize?: number; resultCap?: number } | undefined;
  /** How many object streams run at once after companies and contacts (default: all). */
  concurrency?: number | undefined;
}

/**
 * Syncs one HubSpot portal into the store: owners, then companies, then contacts, then deals,
 * tickets and the engagement streams concurrently, all within the tenant's shared rate budget.
 * Records the run in sync_runs. On an AUTH failure the tenant is marked disconnected and the
 * CrmError (whose message says how to reconnect) is rethrown; other failures are rethrown as well.
 */
export async function syncHubSpotTenant(options: SyncHubSpotOptions): Promise<SyncReport> {
  const started = Date.now();
  const { db, tenant, logger, mode } = options;
  // One failing stream stops the others between requests instead of letting them finish.
  const stopAll = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopAll.signal]) : stopAll.signal;
  const mapping = resolveHubSpotMapping(tenant.mapping);
  const limiter = new HubSpotRateLimiter(options.redis, { keyPrefix: options.rateLimitPrefix, budget: options.rateLimit });
  const api = new HubSpotApi({
    accessToken: options.client.accessToken,
    basePath: options.client.basePath,
    tenantId: tenant.id,
    portalId: tenant.externalId,
    limiter,
    retry: options.retry,
    signal,
    logger,
  });
  const streams = Object.fromEntries(STREAMS.map((name) => [name, { records: 0, pages: 0, requests: 0 }])) as Record<StreamName, StreamReport>;
  const totals = { records: 0, requests: 0, estimated: undefined as number | undefined };
  const progress = (stream: StreamName, done = false) =>
    options.onProgress?.({ stream, records: totals.records, requests: totals.requests, estimatedTotal: totals.estimated, done });
  const scoped = (name: StreamName) =>
    api.withRequestListener(() => {
      streams[name].requests += 1;
      totals.requests += 1;
    });

  const runId = await startSyncRun(db, { tenantId: tenant.id, source: HUBSPOT_SOURCE, mode });
  logger.info({ tenant: tenant.id, mode, runId }, 'HubSpot sync started');
  try {
    const cursors = await getCursors(db, tenant.id, HUBSPOT_SOURCE);
    if (mode === 'full' || !cursors.get('companies')?.cursor) await validateHubSpotMapping(scoped('owners'), mapping);

    const owners = await scoped('owners').listOwners();
    streams.owners.records = owners.length;
    streams.owners.pages = 1;
    totals.records += owners.length;
    progress('owners');
    const ownerMap = new Map<string, HubSpotOwner>(owners.map((owner) => [owner.id, owner]));

    const runStream = async (name: ObjectStreamName) => {
      const firstPage = { seen: false };
      await syncObjectStream(
        OBJECT_STREAM_DEFINITIONS[name],
        {
          db,
          api: scoped(name),
          tenantId: tenant.id,
          mapping,
          owners: ownerMap,
          since: mode === 'full' ? null : (cursors.get(name)?.cursor ?? null),
          pageSize: options.paging?.pageSize ?? HUBSPOT_LIMITS.searchPageSize,
          resultCap: options.paging?.resultCap ?? HUBSPOT_LIMITS.searchResultCap,
          signal,
          logger,
          onPage: ({ records, total }) => {
            if (!firstPage.seen) totals.estimated = (totals.estimated ?? owners.length) + total;
            firstPage.seen = true;
            totals.records += records;
            progress(name);
          },
        },
        streams[name],
      );
    };

    // Companies first (everything points at accounts), then contacts (engagements look up their seniority).
    await runStream('companies');
    await runStream('contacts');
    await runConcurrently(
      OBJECT_STREAMS.filter((name) => name !== 'companies' && name !== 'contacts'),
      options.concurrency ?? OBJECT_STREAMS.length,
      async (name) => {
        try {
          await runStream(name);
        } catch (error) {
          stopAll.abort(error);
          throw error;
        }
      },
    );

    const report: SyncReport = { mode, streams, records: totals.records, requests: totals.requests, durationMs: Date.now() - started };
    await finishSyncRun(db, runId, { status: 'succeeded', records: report.records, requests: report.requests });
    progress('tasks', true);
    logger.info({ tenant: tenant.id, mode, runId, records: report.records, requests: report.requests, durationMs: report.durationMs }, 'HubSpot sync finished');
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishSyncRun(db, runId, { status: 'failed', records: totals.records, requests: totals.requests, error: message }).catch(() => undefined);
    if (error instanceof CrmError && error.kind === CrmErrorKind.Auth) {
      await setTenantStatus(db, tenant.id, 'disconnected', message).catch(() => undefined);
    }
    logger.error({ tenant: tenant.id, mode, runId, err: message, kind: error instanceof CrmError ? error.kind : undefined }, 'HubSpot sync failed');
    throw error;
  }
}

/**
 * Runs `work` for every item with at most `limit` at once; waits for all started work to settle
 * before rethrowing the first failure.
 */
async function runConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const failures: unknown[] = [];
  const lane = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      if (failures.length > 0) return;
      try {
        await work(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failures.length > 0) throw failures[0];
}
