import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/src/config/env.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { startService, type RunningService } from '../../../server/src/runtime/service.js';
import { getTenant } from '../../../server/src/store/tenants.js';

interface JobView {
  state: string;
  failedReason: string | null;
  result: { applied?: boolean } | null;
}

describe('tenant field mapping through the admin API', () => {
  let dir: string;
  let service: RunningService;
  let tenantId: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${service.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${service.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const settle = async (jobId: string): Promise<JobView> => {
    for (let i = 0; i < 200; i++) {
      const { body } = await call('GET', `/jobs/sync/${jobId}`);
      const job = body as unknown as JobView;
      if (job.state === 'completed' || job.state === 'failed') return job;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`job ${jobId} did not finish`);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-mapping-'));
    const config = parseConfig({ TELLTALE_DATA_DIR: dir, TELLTALE_SANDBOX_ACCOUNTS: '30', TELLTALE_SANDBOX_AS_OF: '2026-06-30' });
    service = await startService({ config, role: 'all', logger: createLogger('silent'), autoSync: false, port: 0, queuePrefix: `{tt-mapping-${process.pid}}` });
    tenantId = service.tenants[0]!.id;
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the defaults when the tenant has no overrides', async () => {
    const { status, body } = await call('GET', `/tenants/${tenantId}/mapping`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ overrides: {}, mapping: { company: { arr: 'arr', seats: 'licensed_seats' } } });
  });

  it('refuses a malformed mapping at once and stores nothing', async () => {
    const { status, body } = await call('PUT', `/tenants/${tenantId}/mapping`, { company: { arr: 42 } });
    expect(status).toBe(400);
    expect(body.message).toMatch(/^company\.arr: /);
    expect((await getTenant(service.db, tenantId))?.mapping).toEqual({});
  });

  it('fails a mapping that names properties the portal lacks, naming each, and stores nothing', async () => {
    const { status, body } = await call('PUT', `/tenants/${tenantId}/mapping`, { company: { arr: 'annual_contract_value' }, ticket: { csat: 'nps_score' } });
    expect(status).toBe(202);
    const job = await settle(String(body.jobId));
    expect(job.state).toBe('failed');
    expect(job.failedReason).toContain("'annual_contract_value'");
    expect(job.failedReason).toContain("'nps_score'");
    expect((await getTenant(service.db, tenantId))?.mapping).toEqual({});
  });

  it('stores a mapping whose properties exist and re-syncs the tenant fully', async () => {
    const { body } = await call('PUT', `/tenants/${tenantId}/mapping`, { company: { segment: null } });
    const job = await settle(String(body.jobId));
    expect(job.state).toBe('completed');
    expect(job.result).toMatchObject({ applied: true });
    expect((await getTenant(service.db, tenantId))?.mapping).toEqual({ company: { segment: null } });
    const { body: after } = await call('GET', `/tenants/${tenantId}/mapping`);
    expect(after).toMatchObject({ mapping: { company: { segment: null, arr: 'arr' } } });
  });

  it('answers 404 for an unknown tenant', async () => {
    expect((await call('GET', '/tenants/hubspot-0/mapping')).status).toBe(404);
    expect((await call('PUT', '/tenants/hubspot-0/mapping', {})).status).toBe(404);
  });
});
