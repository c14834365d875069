import type { Redis } from 'ioredis';
import { applyHubSpotMapping } from '../connectors/hubspot/apply-mapping.js';
import { CrmError } from '../connectors/crm-error.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { getTenant } from '../store/tenants.js';
import type { JobPayloads } from './job-types.js';
import type { JobQueues } from './queues.js';
import type { CredentialsFor } from './sync-job.js';
import { PermanentJobError } from './workers.js';

/**
 * The apply-mapping handler: validates the overrides against the portal, stores them, and enqueues a
 * full sync so every stored record is read again through the new mapping. A mapping that names
 * missing properties fails at once with a message naming each of them, and changes nothing.
 */
export function createApplyMappingJob(deps: { db: Database; redis: Redis; queues: JobQueues; logger: Logger; credentialsFor: CredentialsFor; redisKeyPrefix: string }) {
  return async (payload: JobPayloads['apply-mapping']) => {
    const tenant = await getTenant(deps.db, payload.tenantId);
    if (!tenant) return { skipped: `tenant ${payload.tenantId} no longer exists` };
    if (tenant.crm !== 'hubspot') throw new PermanentJobError(`no connector for ${tenant.crm} yet`);
    const credentials = await deps.credentialsFor(tenant);
    if (!credentials) throw new PermanentJobError(`tenant ${tenant.id} has no credentials in this deployment`);
    try {
      await applyHubSpotMapping({ ...deps, rateLimitPrefix: deps.redisKeyPrefix, tenant, client: credentials, overrides: payload.overrides, logger: deps.logger.child({ tenant: tenant.id }) });
    } catch (error) {
      if (error instanceof CrmError && error.kind !== 'TEMPORARY') throw new PermanentJobError(error.message);
      throw error;
    }
    const sync = await deps.queues.enqueueSync(tenant.id, 'full', 'manual');
    return { applied: true, syncJobId: sync.id };
  };
}
