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

  it('stores a churn prediction for every active account once the start-up sync and the usage history are in', { timeout: 90_000 }, async () => {
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

  it('scores the sandbox Salesforce org beside the portal and writes the fields to its Accounts', { timeout: 90_000 }, async () => {
    const org = service.tenants.find((t) => t.crm === 'salesforce')!;
    const sandboxOrg = service.sandbox!.salesforce.org;
    const written = () => sandboxOrg.all('Account').filter((a) => a.Telltale_Churn_Risk_Score__c !== null && a.Telltale_Churn_Risk_Score__c !== undefined);
    let scored: string[] = [];
    for (let waited = 0; waited < 80_000; waited += 250) {
      scored = (await latestPredictions(service.db, org.id, 'churn')).map((p) => p.accountId).sort();
      if (scored.length > 0 && written().length >= scored.length) break;
      await new Promise((done) => setTimeout(done, 250));
    }
    expect(scored.length).toBeGreaterThan(10);
    expect(written().map((a) => a.Id).sort()).toEqual(scored);
    const predictions = new Map((await latestPredictions(service.db, org.id, 'churn')).map((p) => [p.accountId, p]));
    for (const account of written()) {
      expect(account.Telltale_Churn_Risk_Score__c).toBe(predictions.get(account.Id)!.riskScore);
      expect(account.Telltale_Churn_Risk_Band__c).toBe(predictions.get(account.Id)!.band);
    }
  });

  it('schedules the nightly scoring of each tenant at 03:00 UTC', async () => {
    const schedulers = await service.queues.queue('score').getJobSchedulers();
    // The sandbox runs two tenants: its HubSpot portal and its Salesforce org.
    expect(service.tenants.map((t) => t.crm).sort()).toEqual(['hubspot', 'salesforce']);
    expect(schedulers.map((s) => [s.key, s.pattern]).sort()).toEqual(service.tenants.map((t) => [`score:${t.id}`, '0 3 * * *']).sort());
  });
});
