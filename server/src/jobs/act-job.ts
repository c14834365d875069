/**
 * The act-tenant handler: after scoring, the tenant's CRM (HubSpot or Salesforce) is brought up to
 * date — on HubSpot the catalogue's properties installed (once per process; a second install is two
 * reads), the changed field values written back in batches, and interventions applied (tasks only where an account's state
 * escalated, never for the holdout). Every step is idempotent, so a retried or duplicated job
 * writes nothing new.
 */
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { applyInterventions, type InterventionCycleReport } from '../actions/apply-interventions.js';
import type { CrmTaskGateway } from '../actions/crm-task-gateway.js';
import type { AccountFieldValues } from '../actions/plan-field-writes.js';
import { scoredAccounts } from '../actions/scored-accounts.js';
import type { Clock } from '../clock/clock.js';
import { HubSpotApi } from '../connectors/hubspot/hubspot-api.js';
import { installHubSpotProperties } from '../connectors/hubspot/install-properties.js';
import { HubSpotRateLimiter } from '../connectors/rate-limiter.js';
import { HubSpotTasks } from '../connectors/hubspot/tasks.js';
import { writeBackHubSpot, type WriteBackReport, type WriteBackSkipped } from '../connectors/hubspot/write-back.js';
import { createSalesforceRateLimiter } from '../connectors/salesforce/rate-limit.js';
import { SalesforceApi } from '../connectors/salesforce/salesforce-api.js';
import { SalesforceTasks } from '../connectors/salesforce/tasks.js';
import { writeBackSalesforce } from '../connectors/salesforce/write-back.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { getTenant, type Tenant } from '../store/tenants.js';
import type { JobPayloads } from './job-types.js';
import type { CredentialsFor, SalesforceOrgFor } from './sync-job.js';
import { PermanentJobError } from './workers.js';

export interface ActJobDeps {
  db: Database;
  redis: Redis;
  logger: Logger;
  clock: Clock;
  credentialsFor: CredentialsFor;
  /** How Salesforce orgs are reached; absent: Salesforce tenants are skipped. */
  salesforceOrgFor?: SalesforceOrgFor;
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

/** The tenant's CRM as the act job uses it: write the changed fields back, and its tasks. */
interface CrmActions {
  writeBack(accounts: readonly AccountFieldValues[]): Promise<WriteBackReport | WriteBackSkipped>;
  tasks: CrmTaskGateway;
}

export function createActJob(deps: ActJobDeps) {
  const installed = new Set<string>();

  /** HubSpot: the catalogue's properties are installed once per process (a second install is two reads). */
  async function hubspotActions(tenant: Tenant): Promise<CrmActions> {
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
    return {
      writeBack: (accounts) => writeBackHubSpot({ db: deps.db, api, accounts, clock: deps.clock, logger: deps.logger }),
      tasks: new HubSpotTasks(options),
    };
  }

  /** Salesforce: the fields come with the DX project (extension/salesforce), nothing to install. */
  async function salesforceActions(tenant: Tenant): Promise<CrmActions> {
    const org = await deps.salesforceOrgFor?.(tenant);
    if (!org) throw new PermanentJobError(`no Salesforce access for tenant ${tenant.id}`);
    const api = new SalesforceApi({
      tenantId: tenant.id,
      orgId: tenant.externalId,
      ...org,
      limiter: createSalesforceRateLimiter(deps.redis, { keyPrefix: deps.redisKeyPrefix }),
      logger: deps.logger,
    });
    return {
      writeBack: (accounts) => writeBackSalesforce({ db: deps.db, api, accounts, clock: deps.clock, logger: deps.logger }),
      tasks: new SalesforceTasks(api, { logger: deps.logger }),
    };
  }

  return async (payload: JobPayloads['act-tenant'], job?: Job<JobPayloads['act-tenant']>): Promise<ActReport | { skipped: string }> => {
    const tenant = await getTenant(deps.db, payload.tenantId);
    if (!tenant || tenant.status !== 'active') return { skipped: `tenant ${payload.tenantId} is not active` };
    const crm = tenant.crm === 'salesforce' ? await salesforceActions(tenant) : await hubspotActions(tenant);
    const accounts = await scoredAccounts(deps.db, tenant.id, payload.accountIds ? { accountIds: payload.accountIds } : {});
    void job?.updateProgress({ step: 'write-back', accounts: accounts.length }).catch(() => undefined);
    const writeBack = await crm.writeBack(accounts.map((a) => a.fields));
    if ('skipped' in writeBack) await deps.retryLater?.(tenant.id, 60_000);
    void job?.updateProgress({ step: 'interventions', accounts: accounts.length }).catch(() => undefined);
    const interventions = await applyInterventions({ db: deps.db, tenantId: tenant.id, tasks: crm.tasks, clock: deps.clock, logger: deps.logger }, accounts.map((a) => a.state));
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
