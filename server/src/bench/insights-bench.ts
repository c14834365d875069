/**
 * The card API part of `npm run bench`: the sandbox tenant scored by the real score job, then
 * `GET /api/v1/hubspot/companies/:id/insights` signed as HubSpot signs it, sent at a steady rate over
 * HTTP for a fixed time, cycling through the scored companies; latency percentiles of the answers.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createCardRouter } from '../api/card-routes.js';
import { signatureV3 } from '../api/hubspot-signature.js';
import { systemClock } from '../clock/clock.js';
import { createScoreJob } from '../jobs/score-job.js';
import type { Logger } from '../logging/logger.js';
import { ModelRegistry } from '../scoring/model-registry.js';
import { OnnxPool } from '../scoring/onnx-pool.js';
import type { Database } from '../store/database.js';
import { latestPredictions } from '../store/predictions.js';
import type { Tenant } from '../store/tenants.js';

const RATE_PER_SECOND = 50;
const DURATION_MS = 20_000;
const SECRET = 'bench-card-secret';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export async function benchInsights(db: Database, tenant: Tenant, logger: Logger, print: (line: string) => void = console.log): Promise<void> {
  const pool = new OnnxPool();
  let server: Server | undefined;
  try {
    const score = createScoreJob({ db, pool, logger, clock: systemClock, models: new ModelRegistry({ pool }) });
    const scoredStarted = performance.now();
    const report = await score({ tenantId: tenant.id, reason: 'nightly' });
    const scoredMs = performance.now() - scoredStarted;
    if ('skipped' in report) throw new Error(report.skipped);
    print(`\ncard API`);
    print(`  score job, whole tenant       ${report.scored} accounts (3 models, explained) in ${(scoredMs / 1000).toFixed(1)} s`);

    const app = express();
    app.use(
      createCardRouter({
        db,
        clock: systemClock,
        logger,
        clientSecret: () => SECRET,
        tasksFor: async () => undefined,
        enqueueSync: async () => undefined,
        scoreAccountsNow: async () => undefined,
      }),
    );
    server = await new Promise<Server>((done) => {
      const s = app.listen(0, '127.0.0.1', () => done(s));
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ids = (await latestPredictions(db, tenant.id, 'churn')).map((p) => p.accountId);
    const latencies: number[] = [];
    let failures = 0;
    const requests: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; performance.now() - started < DURATION_MS; i++) {
      const due = started + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      const url = `${origin}/api/v1/hubspot/companies/${ids[i % ids.length]}/insights?portalId=${tenant.externalId}&userId=1`;
      const timestamp = String(Date.now());
      const signature = signatureV3({ clientSecret: SECRET, method: 'GET', url, body: '', timestamp });
      const sent = performance.now();
      requests.push(
        fetch(url, { headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp } }).then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 200) latencies.push(performance.now() - sent);
          else failures++;
        }),
      );
    }
    await Promise.all(requests);
    const sorted = [...latencies].sort((a, b) => a - b);
    print(
      `  insights at ${RATE_PER_SECOND} req/s for ${DURATION_MS / 1000} s   ${sorted.length} answered 200 (${failures} other): ` +
        `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms (target p99 < 50 ms)`,
    );
  } finally {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await pool.close();
  }
}
