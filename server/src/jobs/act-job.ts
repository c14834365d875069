/**
 * The act-tenant handler: after scoring, the tenant's CRM is brought up to date — the catalogue's
 * properties installed (once per process; a second install is two reads), the changed field values
 * written back in batches, and interventions applied (tasks only where an account's state
 * escalated, never for the holdout). Every step is idempotent, so a retried or duplicated job
 * writes nothing new.
 */
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { applyInterventions, type InterventionCycleReport } from '../actions/apply-interventions.js';
import { scoredAccounts } from '../actions/scored-accounts.js';
import type { Clock } from '../clock/clock.js';
import { HubSpotApi } from '../connectors/hubspot/hubspot-api.js';
import { installHubSpotProperties } from '../connectors/hubspot/install-properties.js';
import { HubSpotRateLimiter } from '../connectors/hubspot/rate-limiter.js';
import { HubSpotTasks } from '../connectors/hubspot/tasks.js';
import { writeBackHubSpot, type WriteBackReport } from '../connectors/hubspot/write-back.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { getTenant } from '../store/tenants.js';
import type { JobPayloads } from './job-types.js';
import type { CredentialsFor } from './sync-job.js';
import { PermanentJobError } from './workers.js';

export interface ActJobDeps {
  db: Database;
  redis: Redis;
  logger: Logger;
  clock: Clock;
  credentialsFor: CredentialsFor;
  redisKeyPrefix?: string;
  /** Re-run when another write-back held the tenant's lease (its values may be older than ours). */
  retryLater?: (tenantId: string, delayMs: number) => Promise<unknown>;
}

export interface ActReport {
  tenantId: string;
  accounts: number;
  writeBack: WriteBackReport | { skipped: string };
  interventions: InterventionCycleReport;
}

export function createActJob(deps: ActJobDeps) {
  const installed = new Set<string>();
  return async (payload: JobPayloads['act-tenant'], job?: Job<JobPayloads['act-tenant']>): Promise<ActReport | { skipped: string }> => {
    const tenant = await getTenant(deps.db, payload.tenantId);
    if (!tenant || tenant.status !== 'active') return { skipped: `tenant ${payload.tenantId} is not active` };
    if (tenant.crm !== 'hubspot') return { skipped: `no write-back for ${tenant.crm} tenants yet` };
    const credentials = await deps.credentialsFor(tenant);
    if (!credentials) throw new PermanentJobError(`no HubSpot credentials for tenant ${tenant.id}`);
    const options = {
      accessToken: credentials.accessToken,
      basePath: credentials.basePath,
      tenantId: tenant.id,
      portalId: tenant.externalId,
      limiter: new HubSpotRateLimiter(deps.redis, { keyPrefix: deps.redisKeyPrefix }),
      logger: deps.logger,
    };
    const api = new HubSpotApi(options);
    if (!installed.has(tenant.id)) {
      await installHubSpotProperties(api, { logger: deps.logger });
      installed.add(tenant.id);
    }
    const accounts = await scoredAccounts(deps.db, tenant.id, payload.accountIds ? { accountIds: payload.accountIds } : {});
    void job?.updateProgress({ step: 'write-back', accounts: accounts.length }).catch(() => undefined);
    const writeBack = await writeBackHubSpot({ db: deps.db, api, accounts: accounts.map((a) => a.fields), clock: deps.clock, logger: deps.logger });
    if ('skipped' in writeBack) await deps.retryLater?.(tenant.id, 60_000);
    void job?.updateProgress({ step: 'interventions', accounts: accounts.length }).catch(() => undefined);
    const interventions = await applyInterventions(
      { db: deps.db, tenantId: tenant.id, tasks: new HubSpotTasks(options), clock: deps.clock, logger: deps.logger },
      accounts.map((a) => a.state),
    );
    const report: ActReport = { tenantId: tenant.id, accounts: accounts.length, writeBack, interventions };
    deps.logger.info(
      {
        tenant: tenant.id,
        accounts: accounts.length,
        changedAccounts: 'skipped' in writeBack ? null : writeBack.changedAccounts,
        batches: 'skipped' in writeBack ? null : writeBack.batches,
        tasksRequested: interventions.tasksRequested,
      },
      'tenant acted',
    );
    return report;
  };
}
