import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { createActJob, type ActReport } from '../../../server/src/jobs/act-job.js';
import { createScoreJob } from '../../../server/src/jobs/score-job.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { generatePortfolio, toPortalData } from '../../../server/src/sandbox/portfolio/index.js';
import { ModelRegistry } from '../../../server/src/scoring/model-registry.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import type { Database } from '../../../server/src/store/database.js';
import type { Tenant } from '../../../server/src/store/tenants.js';
import { SANDBOX_TOKEN, connectRedis, newTenant, openTestStore, runSync, startSandbox } from '../connector-hubspot/harness.js';

const AS_OF = '2026-06-30';

/** Sync a small sandbox portfolio, score it, then act: the CRM ends up carrying the scores. */
describe('act-tenant after scoring', () => {
  let store: { db: Database; close(): Promise<void> };
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let redis: Redis;
  let pool: OnnxPool;
  let tenant: Tenant;
  const prefix = `tt-test-act-${randomUUID()}:`;
  let act: ReturnType<typeof createActJob>;

  beforeAll(async () => {
    store = await openTestStore('pglite');
    const data = toPortalData(generatePortfolio({ seed: 11, accounts: 60, asOf: AS_OF }));
    sandbox = await startSandbox(data, false);
    redis = connectRedis();
    pool = new OnnxPool({ threads: 1 });
    tenant = await newTenant(store.db, String(data.portalId));
    await runSync({ db: store.db, redis, basePath: sandbox.basePath, tenant, prefix }, { concurrency: 1 });
    const logger = createLogger('silent');
    const score = createScoreJob({ db: store.db, pool, logger, clock: fixedClock(`${AS_OF}T20:00:00.000Z`), models: new ModelRegistry({ pool }) });
    const scored = await score({ tenantId: tenant.id, reason: 'nightly' });
    expect('skipped' in scored).toBe(false);
    act = createActJob({
      db: store.db,
      redis,
      logger,
      clock: fixedClock(`${AS_OF}T20:05:00.000Z`),
      credentialsFor: async () => ({ accessToken: SANDBOX_TOKEN, basePath: sandbox.basePath }),
      redisKeyPrefix: prefix,
    });
  }, 120_000);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await pool.close();
    await sandbox.close();
    await store.close();
  });

  it('installs the properties, writes every scored company and a second run changes nothing', async () => {
    const first = (await act({ tenantId: tenant.id, reason: 'after-score' })) as ActReport;
    expect(first.accounts).toBeGreaterThan(20);
    expect(first.writeBack).toMatchObject({ changedAccounts: first.accounts, written: first.accounts });

    const { rows } = await store.db.query<{ account_id: string; risk_score: number; band: string }>(
      `select distinct on (account_id) account_id, risk_score, band from predictions where tenant_id = $1 and model = 'churn' order by account_id, as_of desc`,
      [tenant.id],
    );
    for (const row of rows) {
      const company = sandbox.sandbox.store.getRecord('companies', row.account_id)!;
      expect(company.properties.telltale_churn_risk_score).toBe(String(row.risk_score));
      expect(company.properties.telltale_churn_risk_band).toBe(row.band);
      expect(company.properties.telltale_next_best_action).toBeTruthy();
    }

    const before = sandbox.sandbox.stats().total;
    const second = (await act({ tenantId: tenant.id, reason: 'after-score' })) as ActReport;
    expect(second.writeBack).toMatchObject({ changedAccounts: 0, batches: 0 });
    expect(second.interventions.tasksRequested).toBe(0);
    // The second install is two reads; nothing else is sent.
    expect(sandbox.sandbox.stats().total - before).toBeLessThanOrEqual(2);
  }, 120_000);
});
