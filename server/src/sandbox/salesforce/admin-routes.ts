/**
 * The sandbox's own test routes (not Salesforce's), behind a live session or the consumer secret,
 * neither counted against the API limit nor in the stats:
 *   GET /__stats, POST /__stats/reset,
 *   POST /__faults (a FaultPlan: 5xx on matching requests, every session expired, per-record errors),
 *   DELETE /__faults,
 *   POST /__reset-limits (optional body { used: n } sets the rolling usage instead of clearing it).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ApiUsage } from './api-usage.js';
import { requireAdmin } from './auth.js';
import { badRequest } from './errors.js';
import type { FaultInjector, FaultPlan } from './faults.js';
import type { SessionRegistry } from './sessions.js';
import type { StatsRecorder } from './stats.js';

export interface AdminRouteDeps {
  stats: StatsRecorder;
  sessions: SessionRegistry;
  apiUsage: ApiUsage;
  consumerSecret: string;
  faults: FaultInjector;
  injectFaults(plan: FaultPlan): void;
}

const resetLimitsSchema = z.strictObject({ used: z.number().int().min(0).optional() });

export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.sessions, deps.consumerSecret);
  router.get('/__stats', admin, (_req, res) => {
    res.json({ ...deps.stats.snapshot(), apiUsage: { used: deps.apiUsage.used(), max: deps.apiUsage.max }, liveSessions: deps.sessions.liveSessions });
  });
  router.post('/__stats/reset', admin, (_req, res) => {
    deps.stats.reset();
    res.status(204).end();
  });
  router.post('/__faults', admin, (req, res) => {
    deps.injectFaults(req.body as FaultPlan);
    res.status(201).json(req.body);
  });
  router.delete('/__faults', admin, (_req, res) => {
    deps.faults.clear();
    res.status(204).end();
  });
  router.post('/__reset-limits', admin, (req, res) => {
    const parsed = resetLimitsSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest('INVALID_INPUT', '__reset-limits takes an optional { used: integer >= 0 }');
    deps.apiUsage.setUsed(parsed.data.used ?? 0);
    res.json({ used: deps.apiUsage.used(), max: deps.apiUsage.max });
  });
  return router;
}
