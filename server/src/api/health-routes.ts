import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { JobQueues } from '../jobs/queues.js';
import { registry } from '../observability/metrics.js';
import type { Database } from '../store/database.js';

/** GET /healthz (process up), GET /readyz (database, Redis and queues answer), GET /metrics (Prometheus). */
export function createHealthRouter(deps: { db: Database; redis: Redis; queues: JobQueues }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.all([
      check('database', async () => {
        await deps.db.query('select 1');
      }),
      check('redis', async () => {
        await deps.redis.ping();
      }),
      check('queues', async () => {
        await Promise.all(deps.queues.all().map((queue) => queue.getJobCounts('waiting')));
      }),
    ]);
    const ready = checks.every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(checks.map((c) => [c.name, c.ok ? 'ok' : c.error])) });
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return router;
}

async function check(name: string, probe: () => Promise<void>): Promise<{ name: string; ok: boolean; error?: string }> {
  try {
    await withTimeout(probe(), 2000);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: (error as Error).message };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
