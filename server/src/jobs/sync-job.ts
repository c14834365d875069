import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { CrmError } from '../connectors/hubspot/crm-error.js';
import { syncHubSpotTenant, type SyncProgress, type SyncReport } from '../connectors/hubspot/sync.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { getTenant, setTenantStatus, type Tenant } from '../store/tenants.js';
import type { JobPayloads } from './job-types.js';
import { withTenantLock } from './tenant-lock.js';
import { PermanentJobError } from './workers.js';

/** How a tenant's CRM is reached (token and API base URL), resolved per job so rotated tokens apply. */
export type CredentialsFor = (tenant: Tenant) => Promise<{ accessToken: string; basePath: string } | undefined>;

export interface SyncJobDeps {
  db: Database;
  redis: Redis;
  logger: Logger;
  credentialsFor: CredentialsFor;
  /** Prefix of this deployment's Redis keys (queues, rate limits, locks). */
  redisKeyPrefix: string;
  /** Aborted at shutdown: a running sync stops at its next page boundary (its cursor is committed). */
  shutdown?: AbortSignal;
  /** Progress of syncs running in this process (the CLI prints it). */
  onProgress?: (tenantId: string, progress: SyncProgress) => void;
  /**
   * Runs after a sync completed (e.g. enqueue a scoring). Its failure is logged and does not fail the
   * sync, whose data is already committed.
   */
  afterSync?: (tenantId: string, report: SyncReport) => Promise<unknown>;
}

/**
 * The sync-tenant handler: skips when the tenant is gone or paused, or when another process is already
 * syncing it (a scheduled and a requested sync can meet); stops the tenant on AUTH errors.
 */
export function createSyncJob(deps: SyncJobDeps) {
  return async (payload: JobPayloads['sync-tenant'], job: Job<JobPayloads['sync-tenant']>): Promise<SyncReport | { skipped: string }> => {
    const tenant = await getTenant(deps.db, payload.tenantId);
    if (!tenant) return { skipped: `tenant ${payload.tenantId} no longer exists` };
    if (tenant.status !== 'active') return { skipped: `tenant ${tenant.id} is ${tenant.status}` };
    if (tenant.crm !== 'hubspot') throw new PermanentJobError(`no connector for ${tenant.crm} yet`);
    const credentials = await deps.credentialsFor(tenant);
    if (!credentials) return { skipped: `tenant ${tenant.id} has no credentials in this deployment` };
    try {
      const locked = await withTenantLock(deps.redis, { prefix: deps.redisKeyPrefix, tenantId: tenant.id, work: 'sync' }, () => syncHubSpotTenant({
        db: deps.db,
        redis: deps.redis,
        tenant,
        client: credentials,
        mode: payload.mode,
        ...(deps.shutdown ? { signal: deps.shutdown } : {}),
        rateLimitPrefix: deps.redisKeyPrefix,
        logger: deps.logger.child({ tenant: tenant.id, jobId: job.id }),
        onProgress: (progress) => {
          deps.onProgress?.(tenant.id, progress);
          void job.updateProgress({ ...progress }).catch(() => undefined);
        },
      }));
      if (!locked.ran) return { skipped: `another sync of ${tenant.id} is running` };
      if (deps.afterSync) {
        await deps.afterSync(tenant.id, locked.value).catch((error: Error) => deps.logger.warn({ tenant: tenant.id, err: error.message }, 'after-sync step failed'));
      }
      return locked.value;
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'AUTH') {
        await setTenantStatus(deps.db, tenant.id, 'disconnected', error.message);
        throw new PermanentJobError(error.message);
      }
      if (error instanceof CrmError && error.kind === 'INVALID') throw new PermanentJobError(error.message);
      throw error;
    }
  };
}
