import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/src/config/env.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { startService, type RunningService } from '../../../server/src/runtime/service.js';
import { latestPredictions } from '../../../server/src/store/predictions.js';

interface PortfolioTenant {
  tenant: { id: string };
  activeAccounts: number;
  scored: { accounts: number; lastScoredAt: string | null; bands: { low: number; medium: number; high: number } };
}

describe('scoring after a sync', () => {
  let dir: string;
  let service: RunningService;
  let tenantId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-scoring-runtime-'));
    const config = parseConfig({ TELLTALE_DATA_DIR: dir, TELLTALE_SANDBOX_ACCOUNTS: '30' });
    service = await startService({ config, role: 'all', logger: createLogger('silent'), port: 0, queuePrefix: `{tt-scoring-${process.pid}}` });
    tenantId = service.tenants[0]!.id;
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a churn prediction for every active account once the start-up sync has run', { timeout: 90_000 }, async () => {
    const active = async () =>
      (await service.db.query<{ id: string }>('select id from accounts where tenant_id = $1 and not archived and churned_at is null order by id', [tenantId])).rows.map((r) => r.id);
    let scored: string[] = [];
    let expected: string[] = [];
    for (let waited = 0; waited < 60_000; waited += 250) {
      expected = await active();
      scored = (await latestPredictions(service.db, tenantId, 'churn')).map((p) => p.accountId).sort();
      if (expected.length > 0 && scored.length >= expected.length) break;
      await new Promise((done) => setTimeout(done, 250));
    }
    expect(expected.length).toBeGreaterThan(10);
    expect(scored).toEqual(expected);

    const response = await fetch(`${service.url}/api/v1/portfolio`, { headers: { authorization: `Bearer ${service.adminToken}` } });
    const body = (await response.json()) as { tenants: PortfolioTenant[] };
    const tenant = body.tenants.find((t) => t.tenant.id === tenantId)!;
    expect(tenant.scored.accounts).toBe(tenant.activeAccounts);
    expect(tenant.scored.bands.low + tenant.scored.bands.medium + tenant.scored.bands.high).toBe(tenant.activeAccounts);
    expect(Date.parse(tenant.scored.lastScoredAt ?? '')).not.toBeNaN();
  });

  it('schedules the nightly scoring of each tenant at 03:00 UTC', async () => {
    const schedulers = await service.queues.queue('score').getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern])).toEqual([[`score:${tenantId}`, '0 3 * * *']]);
  });
});
