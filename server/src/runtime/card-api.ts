/**
 * The card API as the service runs it: signed HubSpot card requests answered from the store, rescoring
 * one account inline through the same score job the workers run, and CRM tasks created with the
 * tenant's credentials (available once the service listens, hence the lazy lookup).
 */
import type { Router } from 'express';
import type { Redis } from 'ioredis';
import { createCardRouter } from '../api/card-routes.js';
import type { Clock } from '../clock/clock.js';
import { HubSpotRateLimiter } from '../connectors/rate-limiter.js';
import { HubSpotTasks } from '../connectors/hubspot/tasks.js';
import type { JobQueues } from '../jobs/queues.js';
import { createScoreJob } from '../jobs/score-job.js';
import type { Logger } from '../logging/logger.js';
import { ModelRegistry } from '../scoring/model-registry.js';
import type { OnnxPool } from '../scoring/onnx-pool.js';
import { STARTER_MODEL_DIRS } from '../scoring/tenant-models.js';
import type { Database } from '../store/database.js';
import { servingModel } from '../training/serving-model.js';
import type { HubSpotCredentialsFor } from './credentials.js';

export interface CardApiDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  pool: OnnxPool;
  queues: JobQueues;
  /** For the per-tenant HubSpot rate limiter shared with the jobs. */
  redis: Redis;
  redisKeyPrefix: string;
  clientSecret: () => string | undefined;
  publicOrigin?: string | undefined;
  credentialsFor: () => HubSpotCredentialsFor | undefined;
}

export function createCardApi(deps: CardApiDeps): Router {
  const score = createScoreJob({
    db: deps.db,
    pool: deps.pool,
    logger: deps.logger,
    clock: deps.clock,
    models: new ModelRegistry({ pool: deps.pool }),
    modelDirFor: async (tenantId, model) => (await servingModel(deps.db, tenantId, model, STARTER_MODEL_DIRS[model])).dir,
    afterScore: (tenantId) => deps.queues.enqueueAct(tenantId, 'after-score'),
  });
  const limiter = new HubSpotRateLimiter(deps.redis, { keyPrefix: deps.redisKeyPrefix });
  return createCardRouter({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    clientSecret: deps.clientSecret,
    publicOrigin: deps.publicOrigin,
    tasksFor: async (tenant) => {
      const credentials = await deps.credentialsFor()?.(tenant);
      if (!credentials) return undefined;
      return new HubSpotTasks({ accessToken: credentials.accessToken, basePath: credentials.basePath, tenantId: tenant.id, portalId: tenant.externalId, limiter, logger: deps.logger });
    },
    enqueueSync: (tenantId) => deps.queues.enqueueSync(tenantId, 'incremental', 'manual'),
    scoreAccountsNow: (tenantId, accountIds) => score({ tenantId, reason: 'manual', accountIds }),
  });
}
