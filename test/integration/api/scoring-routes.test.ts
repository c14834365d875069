import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoringRouter } from '../../../server/src/api/scoring-routes.js';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { JobQueues } from '../../../server/src/jobs/queues.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import { getScoringSettingsOverrides } from '../../../server/src/store/tenant-settings.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';
import { TENANT_ID, scoreAt, smallTenantDatabase } from '../scoring/tenant-scoring.js';

const REDIS_URL = process.env.TELLTALE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each(DATABASE_KINDS)('scoring admin API on %s', (kind) => {
  let test: TestDatabase;
  let redis: Redis;
  let queues: JobQueues;
  let server: Server;
  let base: string;
  let pool: OnnxPool;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    test = await smallTenantDatabase(kind);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queues = new JobQueues(`{tt-scoring-api-${randomUUID()}}`, redis);
    pool = new OnnxPool({ threads: 2 });
    const app = express();
    app.use('/api/v1', express.json(), createScoringRouter({ db: test.db, queues, clock: fixedClock('2024-07-01T18:00:00Z') }));
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server?.close(done));
    for (const queue of queues?.all() ?? []) await queue.obliterate({ force: true });
    await queues?.close();
    await redis?.quit();
    await pool?.close();
    await test?.drop();
  });

  it('serves the default settings to a tenant without overrides', async () => {
    const { status, body } = await call('GET', `/tenants/${TENANT_ID}/scoring-settings`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ tenantId: TENANT_ID, overrides: {}, settings: { riskBands: { medium: 50, high: 80 }, expansionWindow: { '90_days': 0.5 }, trajectory: { minChangePoints: 5 } } });
  });

  it('refuses bad settings with 400 naming each problem, and changes nothing', async () => {
    for (const [body, problem] of [
      [{ riskBands: { medium: 80, high: 60 } }, 'riskBands.medium: medium must be below high'],
      [{ riskBands: { medium: 50 } }, 'riskBands.high: '],
      [{ expansionWindow: { '30_days': 2, '90_days': 0.5, '12_months': 0.5 } }, 'expansionWindow.30_days: '],
      [{ bands: { medium: 50, high: 80 } }, 'bands'],
      ['[1, 2]', 'body: expected a JSON object'],
    ] as const) {
      const answer = await call('PUT', `/tenants/${TENANT_ID}/scoring-settings`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_settings');
      expect(answer.body.message).toContain(problem);
    }
    expect(await getScoringSettingsOverrides(test.db, TENANT_ID)).toEqual({});
    expect(await queues.queue('score').getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('stores valid settings and queues a rescoring that applies them', async () => {
    const { status, body } = await call('PUT', `/tenants/${TENANT_ID}/scoring-settings`, { riskBands: { medium: 30, high: 60 } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ settings: { riskBands: { medium: 30, high: 60 }, trajectory: { minChangePoints: 5 } }, overrides: { riskBands: { medium: 30, high: 60 } } });
    const jobId = (body.rescore as { jobId: string }).jobId;
    const job = await queues.queue('score').getJob(jobId);
    expect(job?.data).toEqual({ tenantId: TENANT_ID, reason: 'manual' });
    expect((await call('GET', `/tenants/${TENANT_ID}/scoring-settings`)).body.settings).toMatchObject({ riskBands: { medium: 30, high: 60 } });
  });

  it('answers 404 for a tenant that does not exist', async () => {
    expect((await call('GET', '/tenants/hubspot-0/scoring-settings')).status).toBe(404);
    expect((await call('PUT', '/tenants/hubspot-0/scoring-settings', {})).status).toBe(404);
  });

  it("serves an account's full scoring result, and 404 for an account never scored", async () => {
    expect((await call('GET', `/tenants/${TENANT_ID}/accounts/acc-a/scores`)).status).toBe(404);
    await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'manual' });
    const { status, body } = await call('GET', `/tenants/${TENANT_ID}/accounts/acc-a/scores`);
    expect(status).toBe(200);
    const churn = body.churn as { band: string; riskScore: number; drivers: unknown[]; driversText: string };
    expect(body).toMatchObject({ tenantId: TENANT_ID, accountId: 'acc-a', churn: { asOf: '2024-07-01' }, expansion: { asOf: '2024-07-01' }, health: { asOf: '2024-07-01' } });
    // Scored under the tenant's thresholds stored in the test before.
    expect(churn.band).toBe(churn.riskScore >= 60 ? 'high' : churn.riskScore >= 30 ? 'medium' : 'low');
    expect(churn.drivers).toHaveLength(6);
    const history = (body.health as { history: Array<{ day: string }> }).history;
    expect(history[0]!.day).toBe('2024-04-02');
    expect(history.at(-1)!.day).toBe('2024-07-01');
    expect((await call('GET', `/tenants/${TENANT_ID}/accounts/acc-b/scores`)).status).toBe(404);
  });
});
