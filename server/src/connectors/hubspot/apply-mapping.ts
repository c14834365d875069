import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';
import { setTenantMapping, type Tenant } from '../../store/tenants.js';
import { HubSpotApi } from './hubspot-api.js';
import { HubSpotRateLimiter } from '../rate-limiter.js';
import { resolveHubSpotMapping, type HubSpotMapping } from './tenant-mapping.js';
import { validateHubSpotMapping } from './validate-mapping.js';

/**
 * Checks a tenant's mapping overrides against the portal's property definitions and stores them when
 * every mapped property exists; throws MappingValidationError naming each missing one otherwise
 * (nothing is stored then). Returns the resolved mapping.
 */
export async function applyHubSpotMapping(options: {
  db: Database;
  redis: Redis;
  tenant: Tenant;
  client: { accessToken: string; basePath?: string };
  overrides: Record<string, unknown>;
  rateLimitPrefix?: string;
  logger: Logger;
}): Promise<HubSpotMapping> {
  const mapping = resolveHubSpotMapping(options.overrides);
  const api = new HubSpotApi({
    accessToken: options.client.accessToken,
    basePath: options.client.basePath,
    tenantId: options.tenant.id,
    portalId: options.tenant.externalId,
    limiter: new HubSpotRateLimiter(options.redis, { keyPrefix: options.rateLimitPrefix }),
    logger: options.logger,
  });
  await validateHubSpotMapping(api, mapping);
  await setTenantMapping(options.db, options.tenant.id, options.overrides);
  return mapping;
}
