import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock/clock.js';
import type { JobQueues } from '../jobs/queues.js';
import type { Database } from '../store/database.js';
import { tenantCoverage } from '../store/portfolio-summary.js';
import { ZodError } from 'zod';
import { resolveHubSpotMapping } from '../connectors/hubspot/tenant-mapping.js';
import { exportTrainingTable } from '../features/training-table.js';
import { CHURN_MODEL } from '../jobs/score-job.js';
import { latestPredictionSummary } from '../store/predictions.js';
import { getTenant, listTenants } from '../store/tenants.js';
import { unmappedUsage } from '../store/usage.js';
import { createScoringRouter } from './scoring-routes.js';

const syncBody = z.object({ mode: z.enum(['full', 'incremental']).default('incremental') }).strict();

/**
 * Admin API under /api/v1 (Bearer admin token, applied by the app):
 * - GET  /portfolio                    per tenant: accounts synced, history, last sync, sync lag, unmapped usage,
 *                                      and the latest churn predictions (`scored`: accounts, lastScoredAt, bands)
 * - POST /tenants/:tenantId/sync       enqueue a sync ({mode: 'full'|'incremental'}); 202 with the job id
 * - GET  /jobs/:queue/:jobId           a job's state, progress and result
 * - GET  /tenants/:tenantId/training-table   the training table as CSV (`_default`: the only or sandbox tenant)
 * - GET  /tenants/:tenantId/mapping    the field mapping in force (defaults + the tenant's overrides)
 * - PUT  /tenants/:tenantId/mapping    new overrides: checked against the portal by a job (202 + job id)
 * - GET/PUT /tenants/:tenantId/scoring-settings, GET /tenants/:tenantId/accounts/:accountId/scores: see scoring-routes.ts
 */
export function createAdminRouter(deps: { db: Database; queues: JobQueues; clock: Clock }): Router {
  const router = Router();
  router.use(createScoringRouter(deps));

  router.get('/portfolio', async (_req, res) => {
    const [tenants, coverage] = await Promise.all([listTenants(deps.db), tenantCoverage(deps.db)]);
    const now = deps.clock.now().getTime();
    const rows = await Promise.all(
      tenants.map(async (tenant) => {
        const c = coverage.get(tenant.id);
        const lastSyncAt = c?.lastSuccessfulSyncAt ?? null;
        return {
          tenant: { id: tenant.id, crm: tenant.crm, name: tenant.name, sandbox: tenant.isSandbox, status: tenant.status, statusReason: tenant.statusReason },
          accounts: c?.accounts ?? 0,
          activeAccounts: c?.activeAccounts ?? 0,
          churnedAccounts: c?.churnedAccounts ?? 0,
          records: { contacts: c?.contacts ?? 0, deals: c?.deals ?? 0, tickets: c?.tickets ?? 0, engagements: c?.engagements ?? 0 },
          usage: { accountDays: c?.usageDays ?? 0, accountsWithUsage: c?.accountsWithUsage ?? 0, unmapped: await unmappedUsage(deps.db, tenant.id) },
          history: { from: c?.historyFrom ?? null, to: c?.historyTo ?? null },
          sync: {
            lastSyncAt,
            lagSeconds: lastSyncAt ? Math.max(0, Math.round((now - Date.parse(lastSyncAt)) / 1000)) : null,
            lastRun: c?.lastSync ?? null,
          },
          scored: await latestPredictionSummary(deps.db, tenant.id, CHURN_MODEL),
        };
      }),
    );
    res.json({ generatedAt: new Date(now).toISOString(), tenants: rows });
  });

  router.post('/tenants/:tenantId/sync', async (req, res) => {
    const body = syncBody.safeParse(req.body ?? {});
    if (!body.success) {
      res.status(400).json({ error: 'invalid_request', message: body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      return;
    }
    const tenant = await getTenant(deps.db, req.params.tenantId);
    if (!tenant) {
      res.status(404).json({ error: 'not_found', message: `no tenant ${req.params.tenantId}` });
      return;
    }
    const job = await deps.queues.enqueueSync(tenant.id, body.data.mode, 'manual');
    res.status(202).json({ queue: 'sync', jobId: job.id, tenantId: tenant.id, mode: body.data.mode });
  });

  router.get('/jobs/:queue/:jobId', async (req, res) => {
    const queue = deps.queues.all().find((q) => q.name === req.params.queue);
    const job = queue ? await queue.getJob(req.params.jobId) : undefined;
    if (!job) {
      res.status(404).json({ error: 'not_found', message: `no job ${req.params.jobId} in queue ${req.params.queue}` });
      return;
    }
    res.json({ id: job.id, name: job.name, state: await job.getState(), progress: job.progress, attemptsMade: job.attemptsMade, result: job.returnvalue ?? null, failedReason: job.failedReason ?? null });
  });

  router.get('/tenants/:tenantId/mapping', async (req, res) => {
    const tenant = await getTenant(deps.db, req.params.tenantId);
    if (!tenant) {
      res.status(404).json({ error: 'not_found', message: `no tenant ${req.params.tenantId}` });
      return;
    }
    res.json({ tenantId: tenant.id, overrides: tenant.mapping, mapping: resolveHubSpotMapping(tenant.mapping) });
  });

  router.put('/tenants/:tenantId/mapping', async (req, res) => {
    const tenant = await getTenant(deps.db, req.params.tenantId);
    if (!tenant) {
      res.status(404).json({ error: 'not_found', message: `no tenant ${req.params.tenantId}` });
      return;
    }
    const overrides: unknown = req.body;
    try {
      if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new TypeError('body: expected a JSON object of mapping overrides');
      resolveHubSpotMapping(overrides);
    } catch (error) {
      const message = error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (error as Error).message;
      res.status(400).json({ error: 'invalid_mapping', message });
      return;
    }
    const job = await deps.queues.add('apply-mapping', { tenantId: tenant.id, overrides: overrides as Record<string, unknown> }, { dedupeKey: `mapping:${tenant.id}` });
    res.status(202).json({ queue: 'sync', jobId: job.id, tenantId: tenant.id });
  });

  router.get('/tenants/:tenantId/training-table', async (req, res) => {
    const tenants = await listTenants(deps.db);
    const wanted = req.params.tenantId;
    const tenant = wanted === '_default' ? (tenants.length === 1 ? tenants[0] : tenants.find((t) => t.isSandbox)) : tenants.find((t) => t.id === wanted);
    if (!tenant) {
      res.status(404).json({ error: 'not_found', message: `no tenant ${wanted}` });
      return;
    }
    res.status(200).type('text/csv').set('Content-Disposition', `attachment; filename="training-table-${tenant.id}.csv"`);
    await exportTrainingTable({ db: deps.db, tenantId: tenant.id, out: res });
    res.end();
  });

  return router;
}
