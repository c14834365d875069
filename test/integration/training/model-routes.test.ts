import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRouter } from '../../../server/src/api/model-routes.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import type { Database } from '../../../server/src/store/database.js';
import type { Tenant } from '../../../server/src/store/tenants.js';
import { trainTenantModel, type TrainTenantModelResult } from '../../../server/src/training/train-tenant-model.js';
import { TrainingRuns, type TrainingRun } from '../../../server/src/training/training-runs.js';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../../support/test-databases.js';
import { buildPortfolioTenant } from './portfolio-tenant.js';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

describe.each(DATABASE_KINDS)('tenant model API on %s', (kind) => {
  let handle: TestDatabase;
  let db: Database;
  let pool: OnnxPool;
  let dataDir: string;
  let tenant: Tenant;
  let server: Server;
  let baseUrl: string;
  const runs = new TrainingRuns();
  // While a test holds `held` open, a started run waits for it before training for real.
  let held: Promise<void> | undefined;
  let release: () => void = () => undefined;
  const train: typeof trainTenantModel = async (options) => {
    await held;
    return trainTenantModel(options);
  };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    db = handle.db;
    pool = new OnnxPool({ threads: 1 });
    dataDir = await mkdtemp(join(tmpdir(), 'tt-model-routes-'));
    tenant = await buildPortfolioTenant(db, { seed: 8, accounts: 40, asOf: '2026-06-30' });
    const app = express();
    app.use('/api/v1', express.json(), createModelRouter({ db, pool, dataDir, runs, train }));
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    release();
    await runs.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await pool?.close();
    await handle?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  it('trains in the background and reports through polling that too few outcomes keep the starter model', async () => {
    const started = await call<{ run: TrainingRun; poll: string }>('POST', '/tenants/_default/models/churn/train', {});
    expect(started.status).toBe(202);
    expect(started.body.run).toMatchObject({ tenantId: tenant.id, model: 'churn', state: 'running' });
    expect(started.body.poll).toBe(`/api/v1/tenants/${tenant.id}/models/churn/training`);
    let run = started.body.run;
    for (let waited = 0; run.state === 'running' && waited < 60_000; waited += 200) {
      await new Promise((done) => setTimeout(done, 200));
      run = (await call<TrainingRun>('GET', started.body.poll.replace('/api/v1', ''))).body;
    }
    expect(run.state).toBe('succeeded');
    const result = run.result as TrainTenantModelResult;
    expect(result.outcome).toBe('too-few-outcomes');
    expect(result.message).toMatch(/^\d+ churned accounts observed in labelled windows .* at least \d+ more needed .*the starter model .* stays active$/);
    expect(run.progress.some((line) => line.startsWith('exporting the training table'))).toBe(true);

    const listed = await call<{ tenantId: string; models: Array<{ model: string; serving: { source: string }; versions: unknown[]; training: TrainingRun }> }>('GET', `/tenants/${tenant.id}/models`);
    expect(listed.status).toBe(200);
    expect(listed.body.models).toHaveLength(1);
    expect(listed.body.models[0]).toMatchObject({ model: 'churn', serving: { source: 'starter' }, versions: [], training: { id: run.id, state: 'succeeded' } });
  });

  it('answers 409 while a run of the same tenant and model is in progress', async () => {
    held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = await call<{ run: TrainingRun }>('POST', `/tenants/${tenant.id}/models/churn/train`, { seed: 7 });
    expect(first.status).toBe(202);
    const second = await call<{ error: string; message: string; run: TrainingRun }>('POST', `/tenants/${tenant.id}/models/churn/train`);
    expect(second.status).toBe(409);
    expect(second.body.message).toContain(`a churn training of ${tenant.id} is already running (run ${first.body.run.id}`);
    held = undefined;
    release();
    await runs.idle();
    expect(runs.get(tenant.id, 'churn')?.state).toBe('succeeded');
  });

  it('refuses an unknown model, an unknown tenant and a bad body, starting nothing', async () => {
    const before = runs.get(tenant.id, 'churn');
    const model = await call<{ message: string }>('POST', `/tenants/${tenant.id}/models/upsell/train`);
    expect(model).toEqual({ status: 400, body: { error: 'unknown_model', message: 'model "upsell" cannot be trained for a tenant; choose one of: churn' } });
    const unknown = await call<{ message: string }>('POST', '/tenants/hubspot-404/models/churn/train');
    expect(unknown).toEqual({ status: 404, body: { error: 'not_found', message: 'no tenant hubspot-404' } });
    const body = await call<{ message: string }>('POST', `/tenants/${tenant.id}/models/churn/train`, { seed: -1, force: true });
    expect(body.status).toBe(400);
    expect(body.body.message).toMatch(/seed: .*; body: .*force/);
    expect(runs.get(tenant.id, 'churn')).toBe(before);
    expect((await call('GET', '/tenants/hubspot-404/models')).status).toBe(404);
    expect((await call('GET', `/tenants/${tenant.id}/models/upsell/training`)).status).toBe(400);
  });
});
