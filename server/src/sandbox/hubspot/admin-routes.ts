import { Router } from 'express';
import type { FaultInjector } from './faults.js';
import { parseFaultPlan } from './faults.js';
import type { StatsRecorder } from './stats.js';
import type { WebhookSender } from './webhook-sender.js';

/**
 * The sandbox's own test routes (not HubSpot's): GET /__stats, POST /__stats/reset, POST /__faults
 * (body: a FaultPlan), DELETE /__faults. They are neither rate limited nor counted. `__stats` also
 * reports webhook deliveries.
 */
export function adminRoutes(stats: StatsRecorder, faults: FaultInjector, webhooks: Pick<WebhookSender, 'snapshot'>): Router {
  const router = Router();
  router.get('/__stats', (_req, res) => {
    res.json({ ...stats.snapshot(), webhooks: webhooks.snapshot() });
  });
  router.post('/__stats/reset', (_req, res) => {
    stats.reset();
    res.status(204).end();
  });
  router.post('/__faults', (req, res) => {
    const plan = parseFaultPlan(req.body);
    faults.add(plan);
    res.status(201).json(plan);
  });
  router.delete('/__faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  return router;
}
