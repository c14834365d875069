import { randomUUID } from 'node:crypto';
import type { Worker } from 'bullmq';
import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { SALESFORCE_API_VERSION } from '../../../server/src/connectors/salesforce/salesforce-api.js';
import { CHANGE_EVENTS_SOURCE, SalesforceChangeListener } from '../../../server/src/jobs/change-listener.js';
import { JobQueues } from '../../../server/src/jobs/queues.js';
import { buildRegistry } from '../../../server/src/jobs/registry.js';
import { createSyncJob } from '../../../server/src/jobs/sync-job.js';
import { withTenantLock } from '../../../server/src/jobs/tenant-lock.js';
import { closeWorkers, startWorkers } from '../../../server/src/jobs/workers.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { generatePortfolio } from '../../../server/src/sandbox/portfolio/index.js';
import { toOrgData } from '../../../server/src/sandbox/portfolio/to-org-data.js';
import type { SalesforceSandboxOptions } from '../../../server/src/sandbox/salesforce/create-sandbox.js';
import { getCursors, listSyncRuns } from '../../../server/src/store/sync-state.js';
import type { Tenant } from '../../../server/src/store/tenants.js';
import { Redis } from 'ioredis';
import { newTenant, PRIVATE_KEY_PEM, runSync, startOrg, useSyncContext, type RunningOrg } from './harness.js';

const data = toOrgData(generatePortfolio({ seed: 23, accounts: 30, asOf: '2025-06-30' }));
const logger = createLogger('silent');
/** Long polls answer within a second here, so a refused session or a dropped client shows quickly. */
const FAST_STREAMING: Partial<SalesforceSandboxOptions> = { streaming: { connectTimeoutMs: 1_000 } };

/**
 * The change listener against the sandbox org over HTTP: real jsforce streaming (faye long polling),
 * real BullMQ queues and sync workers, the store on PGlite.
 */
describe('Salesforce change events drive syncs', () => {
  const ctx = useSyncContext('pglite');
  const running: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of running.splice(0).reverse()) await stop();
  });

  /** The org, a synced tenant, queues and a sync worker; `listen()` starts a listener (stopped after the test). */
  async function setUp(scenario: string, options: Partial<SalesforceSandboxOptions> = FAST_STREAMING) {
    const org: RunningOrg = await startOrg(data, options);
    running.push(() => org.close());
    const tenant = await newTenant(ctx.db, data.orgId, `${scenario}-${randomUUID().slice(0, 8)}`);
    await runSync({ ...ctx, org, tenant });
    const prefix = `{tt-cdc-${randomUUID().slice(0, 8)}}`;
    const connections: Redis[] = [];
    const connect = () => {
      const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
      connections.push(connection);
      return connection;
    };
    const queues = new JobQueues(prefix, connect());
    const orgAccess = { instanceUrl: org.url, loginUrl: org.url, auth: { jwt: { consumerKey: org.sandbox.consumerKey, username: org.sandbox.username, privateKeyPem: PRIVATE_KEY_PEM } } };
    const handlers = buildRegistry(['sync-tenant'], [
      ['sync-tenant', createSyncJob({ db: ctx.db, redis: ctx.redis, logger, redisKeyPrefix: prefix, credentialsFor: async () => undefined, salesforceOrgFor: async () => orgAccess })],
    ]);
    const workers: Worker[] = startWorkers({ prefix, connect, handlers, logger, concurrency: { sync: 1 } });
    running.push(async () => {
      await closeWorkers(workers, logger);
      await queues.queue('sync').obliterate({ force: true });
      await queues.close();
      for (const connection of connections) connection.disconnect();
    });
    const listen = () => {
      const listener = new SalesforceChangeListener({
        db: ctx.db,
        redis: ctx.redis,
        queues,
        logger,
        redisKeyPrefix: prefix,
        salesforceOrgFor: async () => orgAccess,
        liveSyncMinutes: 15,
        pollMinutes: 5,
        batchWindowMs: 50,
        retryMs: 200,
      });
      listener.start([tenant]);
      running.push(() => listener.close());
      return listener;
    };
    return { org, tenant, queues, listen, syncRuns: async () => (await listSyncRuns(ctx.db, tenant.id, 'salesforce')).length };
  }

  const syncEveryMinutes = async (queues: JobQueues, tenant: Tenant) => {
    const scheduler = (await queues.queue('sync').getJobSchedulers()).find((s) => s.key === `sync:${tenant.id}`);
    return scheduler?.every ? Number(scheduler.every) / 60_000 : undefined;
  };
  const accountName = async (tenant: Tenant, id: string) =>
    (await ctx.db.query<{ name: string }>('select name from accounts where tenant_id = $1 and id = $2', [tenant.id, id])).rows[0]?.name;
  const storedReplay = async (tenant: Tenant) => Object.fromEntries([...(await getCursors(ctx.db, tenant.id, CHANGE_EVENTS_SOURCE))].map(([channel, c]) => [channel, c.cursor]));
  const liveAccountId = (org: RunningOrg) => org.sandbox.org.all('Account').find((a) => a.IsDeleted !== true)!.Id;

  it("syncs a customer's change within seconds, syncs less often while events are live, and ignores Telltale's own writes", async () => {
    const { org, tenant, queues, listen, syncRuns } = await setUp('live');
    listen();
    await waitFor(async () => (await syncEveryMinutes(queues, tenant)) === 15, 'the subscription did not go live');

    const accountId = liveAccountId(org);
    org.sandbox.org.update('Account', accountId, { Name: 'Renamed in Salesforce' });
    await waitFor(async () => (await accountName(tenant, accountId)) === 'Renamed in Salesforce', 'the change was not synced');
    const runsAfterChange = await syncRuns();

    // Telltale's write-back names its client in Sforce-Call-Options: the event it causes is not a change to sync.
    const telltale = new Connection({ instanceUrl: org.url, accessToken: org.sandbox.issueSession().accessToken, version: SALESFORCE_API_VERSION, callOptions: { client: 'Telltale' } });
    await telltale.sobject('Account').update({ Id: accountId, Telltale_Churn_Risk_Score__c: 91 });
    const before = (await storedReplay(tenant))['/data/AccountChangeEvent'];
    await waitFor(async () => (await storedReplay(tenant))['/data/AccountChangeEvent'] !== before, 'the own write was not seen');
    await new Promise((done) => setTimeout(done, 500));
    expect(await syncRuns()).toBe(runsAfterChange);
  });

  it('replays the changes made while no listener ran', async () => {
    const { org, tenant, queues, listen } = await setUp('restart');
    const first = listen();
    await waitFor(async () => (await syncEveryMinutes(queues, tenant)) === 15, 'the subscription did not go live');
    const accountId = liveAccountId(org);
    org.sandbox.org.update('Account', accountId, { Name: 'Before the restart' });
    await waitFor(async () => (await accountName(tenant, accountId)) === 'Before the restart', 'the first change was not synced');
    await waitFor(async () => (await queues.queue('sync').getActiveCount()) + (await queues.queue('sync').getWaitingCount()) === 0, 'the sync did not finish');
    await first.close();

    const opportunity = org.sandbox.org.all('Opportunity').find((o) => o.IsDeleted !== true && o.AccountId === accountId) ?? org.sandbox.org.all('Opportunity')[0]!;
    org.sandbox.org.update('Opportunity', opportunity.Id, { Amount: 424_242 });
    const deal = async () => (await ctx.db.query<{ amount: string }>('select amount from deals where tenant_id = $1 and id = $2', [tenant.id, opportunity.Id])).rows[0]?.amount;
    await new Promise((done) => setTimeout(done, 300));
    expect(Number(await deal())).not.toBe(424_242);

    listen();
    await waitFor(async () => Number(await deal()) === 424_242, 'the change made while stopped was not replayed');
  });

  it('logs in again and resubscribes when Salesforce ends the session', async () => {
    const { org, tenant, queues, listen } = await setUp('session');
    listen();
    await waitFor(async () => (await syncEveryMinutes(queues, tenant)) === 15, 'the subscription did not go live');
    const tokensBefore = org.sandbox.stats().tokensIssued['urn:ietf:params:oauth:grant-type:jwt-bearer'] ?? 0;
    org.sandbox.expireAllSessions();
    await waitFor(async () => (org.sandbox.stats().tokensIssued['urn:ietf:params:oauth:grant-type:jwt-bearer'] ?? 0) > tokensBefore, 'no new session was requested');
    await waitFor(async () => (await syncEveryMinutes(queues, tenant)) === 15, 'the subscription did not come back');
    const accountId = liveAccountId(org);
    org.sandbox.org.update('Account', accountId, { Name: 'After a new session' });
    await waitFor(async () => (await accountName(tenant, accountId)) === 'After a new session', 'the change after the new session was not synced');
  });

  it('runs a change that arrives during a sync after that sync instead of dropping it', async () => {
    const { org, tenant, queues, listen } = await setUp('busy');
    listen();
    await waitFor(async () => (await syncEveryMinutes(queues, tenant)) === 15, 'the subscription did not go live');
    // Another process's sync of the tenant holds the lock while the change arrives.
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    const held = withTenantLock(ctx.redis, { prefix: queues.prefix, tenantId: tenant.id, work: 'sync' }, () => released);
    const accountId = liveAccountId(org);
    org.sandbox.org.update('Account', accountId, { Name: 'Changed during a sync' });
    // (The periodic sync's next run is a delayed job too: look for the change's.)
    await waitFor(async () => (await queues.queue('sync').getDelayed()).some((job) => job.data.reason === 'change-event'), 'the change-requested sync did not wait');
    expect(await accountName(tenant, accountId)).not.toBe('Changed during a sync');
    release();
    await held;
    await waitFor(async () => (await accountName(tenant, accountId)) === 'Changed during a sync', 'the waiting sync did not run');
  });

  it('polls when Change Data Capture is not enabled for the entities', async () => {
    const { org, tenant, queues, listen, syncRuns } = await setUp('disabled', { ...FAST_STREAMING, changeDataCapture: { entities: [] } });
    const runs = await syncRuns();
    listen();
    await new Promise((done) => setTimeout(done, 1_500));
    expect(await syncEveryMinutes(queues, tenant)).toBe(5);
    org.sandbox.org.update('Account', liveAccountId(org), { Name: 'Not announced' });
    await new Promise((done) => setTimeout(done, 500));
    expect(await syncRuns()).toBe(runs);
  });
});

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s`);
}
