import { DelayedError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { CrmError } from '../connectors/crm-error.js';
import { syncHubSpotTenant, type SyncProgress, type SyncReport } from '../connectors/hubspot/sync.js';
import { syncSalesforceTenant, type SalesforceSyncProgress, type SalesforceSyncReport, type SyncSalesforceOptions } from '../connectors/salesforce/sync.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { getTenant, setTenantStatus, type Tenant } from '../store/tenants.js';
import type { JobPayloads } from './job-types.js';
import { withTenantLock } from './tenant-lock.js';
import { PermanentJobError } from './workers.js';

/** How a tenant's CRM is reached (token and API base URL), resolved per job so rotated tokens apply. */
export type CredentialsFor = (tenant: Tenant) => Promise<{ accessToken: string; basePath: string } | undefined>;

/** A sync run of either CRM: the same report shape, over that CRM's streams. */
export type AnySyncReport = SyncReport | SalesforceSyncReport;
export type AnySyncProgress = SyncProgress | SalesforceSyncProgress;

/** How a Salesforce org is reached, resolved per job; undefined when this deployment cannot reach it. */
export type SalesforceOrgFor = (tenant: Tenant) => Promise<SyncSalesforceOptions['org'] | undefined>;

/** How long a change-requested sync waits before looking again when another sync of its tenant is running. */
export const BUSY_TENANT_RETRY_MS = 3_000;

/** A temporary failure that asks for at least this long a pause (Salesforce's spent daily API allocation) skips the run. */
const SKIP_RETRY_AFTER_MS = 60 * 60 * 1000;

export interface SyncJobDeps {
  db: Database;
  redis: Redis;
  logger: Logger;
  credentialsFor: CredentialsFor;
  /** How Salesforce orgs are reached; absent: Salesforce tenants are skipped. */
  salesforceOrgFor?: SalesforceOrgFor;
  /** Prefix of this deployment's Redis keys (queues, rate limits, locks). */
  redisKeyPrefix: string;
  /** Aborted at shutdown: a running sync stops at its next page boundary (its cursor is committed). */
  shutdown?: AbortSignal;
  /** Progress of syncs running in this process (the CLI prints it). */
  onProgress?: (tenantId: string, progress: AnySyncProgress) => void;
  /**
   * Runs after a sync completed (e.g. enqueue a scoring). Its failure is logged and does not fail the
   * sync, whose data is already committed.
   */
  afterSync?: (tenantId: string, report: AnySyncReport) => Promise<unknown>;
}

/**
 * The sync-tenant handler: skips when the tenant is gone or paused, or when another process is already
 * syncing it (a scheduled and a requested sync can meet); stops the tenant on AUTH errors.
 */
export function createSyncJob(deps: SyncJobDeps) {
  return async (payload: JobPayloads['sync-tenant'], job: Job<JobPayloads['sync-tenant']>, token?: string): Promise<AnySyncReport | { skipped: string }> => {
    const tenant = await getTenant(deps.db, payload.tenantId);
    if (!tenant) return { skipped: `tenant ${payload.tenantId} no longer exists` };
    if (tenant.status !== 'active') return { skipped: `tenant ${tenant.id} is ${tenant.status}` };
    const common = {
      db: deps.db,
      redis: deps.redis,
      tenant,
      mode: payload.mode,
      ...(deps.shutdown ? { signal: deps.shutdown } : {}),
      rateLimitPrefix: deps.redisKeyPrefix,
      logger: deps.logger.child({ tenant: tenant.id, jobId: job.id }),
      onProgress: (progress: AnySyncProgress) => {
        deps.onProgress?.(tenant.id, progress);
        void job.updateProgress({ ...progress }).catch(() => undefined);
      },
    };
    let run: () => Promise<AnySyncReport>;
    if (tenant.crm === 'salesforce') {
      const org = await deps.salesforceOrgFor?.(tenant);
      if (!org) return { skipped: `tenant ${tenant.id} has no Salesforce access in this deployment` };
      run = () => syncSalesforceTenant({ ...common, org });
    } else {
      const client = await deps.credentialsFor(tenant);
      if (!client) return { skipped: `tenant ${tenant.id} has no credentials in this deployment` };
      run = () => syncHubSpotTenant({ ...common, client });
    }
    try {
      const locked = await withTenantLock(deps.redis, { prefix: deps.redisKeyPrefix, tenantId: tenant.id, work: 'sync' }, run);
      if (!locked.ran) {
        // A change came in during that sync, perhaps after its reads: run after it rather than not at all.
        if (isChangeRequest(payload) && token) {
          await job.moveToDelayed(Date.now() + BUSY_TENANT_RETRY_MS, token);
          throw new DelayedError();
        }
        return { skipped: `another sync of ${tenant.id} is running` };
      }
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
      if (error instanceof CrmError && error.kind === 'TEMPORARY' && (error.retryAfterMs ?? 0) >= SKIP_RETRY_AFTER_MS) {
        deps.logger.warn({ tenant: tenant.id, retryAfterMs: error.retryAfterMs, err: error.message }, 'sync skipped until the CRM allows calls again');
        return { skipped: error.message };
      }
      throw error;
    }
  };
}

function isChangeRequest(payload: JobPayloads['sync-tenant']): boolean {
  return payload.reason === 'webhook' || payload.reason === 'change-event';
}
