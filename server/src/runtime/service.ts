import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Worker } from 'bullmq';
import express from 'express';
import { createAdminRouter } from '../api/admin-routes.js';
import { requireAdmin } from '../api/admin-auth.js';
import { createHubSpotWebhookRouter } from '../api/hubspot-webhooks.js';
import { createHealthRouter } from '../api/health-routes.js';
import { httpMetrics } from '../api/http-metrics.js';
import { createUsageRouter } from '../api/usage/usage-router.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { ConfigError, type Config } from '../config/env.js';
import type { AnySyncProgress } from '../jobs/sync-job.js';
import { JobQueues } from '../jobs/queues.js';
import { openRedis, type RedisHandle } from '../jobs/redis.js';
import { buildRegistry } from '../jobs/registry.js';
import { createApplyMappingJob } from '../jobs/apply-mapping-job.js';
import { createScoreJob } from '../jobs/score-job.js';
import { createActJob } from '../jobs/act-job.js';
import { SalesforceChangeListener } from '../jobs/change-listener.js';
import { createHubSpotApp } from './hubspot-app.js';
import { createCardApi } from './card-api.js';
import { createModelRouter } from '../api/model-routes.js';
import { STARTER_MODEL_DIRS } from '../scoring/tenant-models.js';
import { servingModel } from '../training/serving-model.js';
import { TrainingRuns } from '../training/training-runs.js';
import { createSyncJob } from '../jobs/sync-job.js';
import { closeWorkers, startWorkers } from '../jobs/workers.js';
import type { Logger } from '../logging/logger.js';
import { ModelRegistry } from '../scoring/model-registry.js';
import { OnnxPool } from '../scoring/onnx-pool.js';
import type { Database } from '../store/database.js';
import { openDatabase } from '../store/open-database.js';
import { ensureTenant, listTenants, type Tenant } from '../store/tenants.js';
import { loadOrCreateLocalSecrets } from './local-secrets.js';
import { writeServiceInfo } from './service-info.js';
import { mountSandbox, SANDBOX_HUBSPOT_PATH, type SandboxMode } from './sandbox-mode.js';
import { feedSandboxTenants } from './sandbox-usage.js';
import { salesforceOrgs } from './salesforce-org.js';
import { connectSalesforceOrg } from './salesforce-connection.js';

export type Role = 'all' | 'api' | 'worker';

/** What the CLI shows while the service starts and works (one call per step). */
export interface ServiceReporter {
  step(message: string): void;
  syncProgress?(tenantId: string, progress: AnySyncProgress): void;
  usageProgress?(tenantId: string, sent: number, total: number | undefined): void;
  usageDone?(tenantId: string, result: { accountDays: number; durationMs: number }): void;
}

export interface RunningService {
  url: string;
  adminToken: string;
  role: Role;
  db: Database;
  redis: RedisHandle;
  queues: JobQueues;
  sandbox: SandboxMode | undefined;
  tenants: Tenant[];
  /** Resolves when the sandbox's usage history has been sent (immediately outside sandbox mode). */
  usageLoaded: Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts the service: store, Redis, queues, HTTP API (api/all), workers and schedulers (worker/all). */
export async function startService(options: {
  config: Config;
  role: Role;
  logger: Logger;
  clock?: Clock;
  reporter?: ServiceReporter;
  queuePrefix?: string;
  /** Enqueue a sync of every tenant at start (default true; one-shot CLI commands enqueue their own). */
  autoSync?: boolean;
  /** Listen on this port instead of config.port (0: any free port). */
  port?: number;
}): Promise<RunningService> {
  const { config, role, logger } = options;
  const clock = options.clock ?? systemClock;
  const report = options.reporter ?? { step: () => undefined };
  const cleanups: Array<[string, () => Promise<void>]> = [];
  const stop = async () => {
    for (const [name, cleanup] of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn({ step: name, err: (error as Error).message }, 'shutdown step failed');
      }
    }
  };
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    cleanups.push(['database', () => db.close()]);
    if (role !== 'all' && db.kind === 'pglite') {
      throw new ConfigError('DATABASE_URL', `expected a PostgreSQL URL to run --role ${role}: embedded PGlite serves one process, so API and workers must share it (--role all)`);
    }
    report.step(db.kind === 'pglite' ? `database: embedded PGlite in ${config.dataDir}/pglite` : 'database: PostgreSQL');

    const redis = await openRedis({ url: config.redisUrl, dataDir: config.dataDir, logger });
    cleanups.push(['redis', () => redis.stop()]);
    report.step(redis.embedded ? `redis: private redis-server at ${redis.url}` : 'redis: connected');
    const prefix = options.queuePrefix ?? '{telltale}';
    const queues = new JobQueues(prefix, redis.connect('queues'));
    cleanups.push(['queues', () => queues.close()]);

    const secrets = config.sandbox ? loadOrCreateLocalSecrets(config.dataDir) : undefined;
    const adminToken = config.adminToken ?? secrets?.adminToken;
    if (!adminToken) throw new ConfigError('TELLTALE_ADMIN_TOKEN', 'expected a secret of at least 24 characters');

    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', 'loopback');
    app.use(httpMetrics);
    app.use(createHealthRouter({ db, redis: redis.connect('health'), queues }));
    let sandbox: SandboxMode | undefined;
    if (config.sandbox && secrets) {
      sandbox = mountSandbox(app, { config, secrets, clock, logger });
      report.step(`sandbox: HubSpot portal ${sandbox.portalId} and Salesforce org ${sandbox.salesforce.orgId} with ${config.sandboxAccounts} companies, history to ${sandbox.asOf}`);
    }
    // ONNX sessions in worker threads: scoring jobs use them, and the API verifies tenant-trained models with them.
    const pool = new OnnxPool();
    cleanups.push(['onnx pool', () => pool.close()]);
    const hubspotApp = createHubSpotApp({ config, secrets, db, clock, logger });
    if (role !== 'worker') {
      app.use(hubspotApp.router);
      // Signed by HubSpot (not the admin token): mounted before the admin-only /api/v1 routes.
      const clientSecret = config.hubspot.clientSecret ?? secrets?.sandboxClientSecret;
      app.use(createHubSpotWebhookRouter({ db, queues, clientSecret: () => clientSecret, ...(config.publicUrl ? { publicOrigin: config.publicUrl } : {}), clock, logger }));
      app.use(
        createCardApi({ db, clock, logger, pool, queues, redis: redis.connect('cards'), redisKeyPrefix: prefix, clientSecret: () => clientSecret, publicOrigin: config.publicUrl, credentialsFor: () => hubspotApp.credentials() }),
      );
      app.use('/v1/usage', createUsageRouter({ db, logger, clock }));
      const trainingRuns = new TrainingRuns();
      cleanups.push(['training runs', async () => trainingRuns.close()]);
      app.use('/api/v1', requireAdmin(adminToken), express.json({ limit: '100kb' }), createModelRouter({ db, pool, dataDir: config.dataDir, runs: trainingRuns }));
      app.use('/api/v1', requireAdmin(adminToken), express.json({ limit: '100kb' }), createAdminRouter({ db, queues, clock }));
      const board = new ExpressAdapter();
      board.setBasePath('/admin/queues');
      createBullBoard({ queues: queues.all().map((q) => new BullMQAdapter(q)), serverAdapter: board });
      app.use('/admin/queues', requireAdmin(adminToken), board.getRouter());
    }
    app.use((_req, res) => {
      res.status(404).json({ error: 'not_found', message: 'no such endpoint' });
    });
    app.use((error: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const status = error.status && error.status >= 400 && error.status < 600 ? error.status : 500;
      if (status >= 500) logger.error({ err: error.message, stack: error.stack }, 'request failed');
      res.status(status).json({ error: status >= 500 ? 'internal_error' : (error.type ?? 'bad_request'), message: status >= 500 ? 'internal error' : error.message });
    });

    const server = await listen(app, options.port ?? config.port);
    cleanups.push(['http', () => new Promise<void>((done) => server.close(() => done()))]);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const isOneShot = options.autoSync === false;
    const url = `http://localhost:${port}`;
    if (!isOneShot) writeServiceInfo(config.dataDir, { url, pid: process.pid, adminToken, startedAt: clock.now().toISOString() });
    if (sandbox && role !== 'worker') {
      // The sandbox portal sends its change events to this process, as HubSpot sends them to the app.
      const webhooks = sandbox.hubspot.webhooks;
      webhooks.setTarget(`${config.publicUrl ?? `http://127.0.0.1:${port}`}/webhooks/hubspot`);
      cleanups.push(['sandbox webhooks', async () => webhooks.close()]);
    }

    if (sandbox) {
      await ensureTenant(db, { crm: 'hubspot', externalId: String(sandbox.portalId), name: 'Sandbox portal (demo data)', isSandbox: true });
      await ensureTenant(db, { crm: 'salesforce', externalId: sandbox.salesforce.orgId, name: 'Sandbox org (demo data)', isSandbox: true });
    } else if (config.hubspot.accessToken) {
      const portalId = await discoverPortalId(config);
      await ensureTenant(db, { crm: 'hubspot', externalId: String(portalId), name: `HubSpot portal ${portalId}` });
    }
    // The customer's own Salesforce org (connected app from the environment): one login names its tenant.
    const salesforceOrg = await connectSalesforceOrg({ db, logger, salesforce: config.salesforce });
    if (salesforceOrg) report.step(`salesforce: org ${salesforceOrg.orgId} (${salesforceOrg.tenant.name}) at ${salesforceOrg.access.instanceUrl}`);
    const tenants = (await listTenants(db)).filter((t) => t.status === 'active');
    const hubspotBase = config.hubspot.apiBaseUrl ?? (sandbox ? `http://127.0.0.1:${port}${SANDBOX_HUBSPOT_PATH}` : 'https://api.hubapi.com');

    const credentialsFor = hubspotApp.start({
      port,
      hubspotBase,
      sandbox,
      // A new portal: its properties are installed (act-tenant with nothing scored yet), its syncs and
      // nightly scoring scheduled, and the first full sync starts; the scoring after it writes the scores back.
      onInstalled: async (tenant) => {
        await queues.enqueueInstallAct(tenant.id);
        await queues.scheduleSync(tenant.id, config.syncIntervalMinutes);
        await queues.scheduleNightlyScore(tenant.id);
        await queues.enqueueSync(tenant.id, 'full', 'start');
      },
    });

    const salesforceOrgFor = salesforceOrgs({ config, sandbox, secrets, port, connected: salesforceOrg });
    // Sandbox tenants are scored once their usage history is in (feedSandboxTenants below).
    const sandboxTenants = sandbox && role !== 'worker' && !isOneShot ? tenants.filter((t) => t.isSandbox) : [];
    const feedAbort = new AbortController();
    cleanups.push(['usage feed', async () => feedAbort.abort()]);
    const feed = sandbox
      ? feedSandboxTenants({
          db,
          sandbox,
          tenants: sandboxTenants,
          serviceUrl: `http://127.0.0.1:${port}`,
          logger,
          signal: feedAbort.signal,
          score: (tenantId) => queues.enqueueScore(tenantId, 'after-sync'),
          sync: (tenantId) => queues.enqueueSync(tenantId, 'incremental', 'start'),
          onProgress: report.usageProgress,
          onDone: report.usageDone,
        })
      : undefined;
    const scoreAfterSync = async (tenantId: string) => (feed && !feed.usageReady(tenantId) ? undefined : queues.enqueueScore(tenantId, 'after-sync'));

    let workers: Worker[] = [];
    const shutdown = new AbortController();
    if (role !== 'api') {
      const jobRedis = redis.connect('jobs');
      const handlers = buildRegistry(
        ['sync-tenant', 'apply-mapping', 'score-tenant', 'act-tenant'],
        [
          [
            'sync-tenant',
            createSyncJob({
              db,
              redis: jobRedis,
              logger,
              redisKeyPrefix: prefix,
              shutdown: shutdown.signal,
              onProgress: report.syncProgress,
              credentialsFor,
              salesforceOrgFor,
              // The score job finds the accounts whose data changed since its last run.
              afterSync: scoreAfterSync,
            }),
          ],
          ['apply-mapping', createApplyMappingJob({ db, redis: jobRedis, queues, logger, redisKeyPrefix: prefix, credentialsFor })],
          [
            'score-tenant',
            createScoreJob({
              db,
              logger,
              clock,
              pool,
              models: new ModelRegistry({ pool }),
              // A tenant's own model once `telltale train --tenant` activated one, else the starter model.
              modelDirFor: async (tenantId, model) => (await servingModel(db, tenantId, model, STARTER_MODEL_DIRS[model])).dir,
              afterScore: (tenantId) => queues.enqueueAct(tenantId, 'after-score'),
            }),
          ],
          [
            'act-tenant',
            createActJob({ db, redis: jobRedis, logger, clock, credentialsFor, salesforceOrgFor, redisKeyPrefix: prefix, retryLater: (tenantId, delayMs) => queues.enqueueAct(tenantId, 'after-score', delayMs) }),
          ],
        ],
      );
      // The embedded database takes one writer at a time: tenants sync one after another (the sandbox's
      // HubSpot portal first, then its Salesforce org) instead of slowing each other down.
      workers = startWorkers({ prefix, connect: redis.connect, handlers, logger, ...(db.kind === 'pglite' ? { concurrency: { sync: 1 } } : {}) });
      cleanups.push(['workers', () => closeWorkers(workers, logger)]);
      cleanups.push(['running syncs', async () => shutdown.abort()]);
      for (const tenant of tenants) {
        // Salesforce orgs are polled until their change events are live (the listener then syncs them less often).
        await queues.scheduleSync(tenant.id, tenant.crm === 'salesforce' ? config.salesforce.pollMinutes : config.syncIntervalMinutes);
        await queues.scheduleNightlyScore(tenant.id);
        if (options.autoSync !== false && !feed?.ownsStartupSync(tenant.id)) await queues.enqueueSync(tenant.id, 'incremental', 'start');
      }
      report.step(`jobs: ${workers.length} queue worker(s); sync every ${config.syncIntervalMinutes} min and scoring nightly for ${tenants.length} tenant(s)`);
      if (config.salesforce.changeEvents && !isOneShot && tenants.some((t) => t.crm === 'salesforce')) {
        const listener = new SalesforceChangeListener({
          db,
          redis: redis.connect('change-events'),
          queues,
          logger,
          redisKeyPrefix: prefix,
          salesforceOrgFor,
          liveSyncMinutes: config.syncIntervalMinutes,
          pollMinutes: config.salesforce.pollMinutes,
        });
        listener.start(tenants);
        cleanups.push(['change listener', () => listener.close()]);
        report.step('salesforce: listening to Change Data Capture (Account, Opportunity, Case)');
      }
    }

    const usageLoaded = feed?.loaded ?? Promise.resolve();
    return { url, adminToken, role, db, redis, queues, sandbox, tenants, usageLoaded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = app.listen(port);
    server.once('listening', () => done(server));
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new ConfigError('PORT', `expected a free port, but ${port} is in use`) : error),
    );
  });
}

/** A private-app token belongs to one portal; HubSpot's account-info endpoint says which. */
async function discoverPortalId(config: Config): Promise<number> {
  const base = config.hubspot.apiBaseUrl ?? 'https://api.hubapi.com';
  const response = await fetch(`${base}/account-info/v3/details`, { headers: { authorization: `Bearer ${config.hubspot.accessToken}` } });
  if (!response.ok) throw new ConfigError('HUBSPOT_ACCESS_TOKEN', `expected a valid HubSpot token, but account-info answered ${response.status}`);
  const body = (await response.json()) as { portalId?: number };
  if (typeof body.portalId !== 'number') throw new Error('HubSpot account-info returned no portalId');
  return body.portalId;
}
