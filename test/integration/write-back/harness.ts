import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@hubspot/api-client';
import express from 'express';
import { Redis } from 'ioredis';
import type { WriteBackReport, WriteBackSkipped } from '../../../server/src/connectors/hubspot/write-back.js';
import { HubSpotApi } from '../../../server/src/connectors/hubspot/hubspot-api.js';
import { installHubSpotProperties } from '../../../server/src/connectors/hubspot/install-properties.js';
import { HubSpotRateLimiter, type RateLimitBudget } from '../../../server/src/connectors/rate-limiter.js';
import type { Database } from '../../../server/src/store/database.js';
import { ensureTenant } from '../../../server/src/store/tenants.js';
import { createTestDatabase, type DatabaseKind } from '../../support/test-databases.js';
import { createHubSpotSandbox, type HubSpotSandboxOptions } from '../../../server/src/sandbox/hubspot/create-sandbox.js';
import { buildPortal } from '../../fixtures/hubspot/portal-builder.js';
import { FIXTURE_SECRET, FIXTURE_TOKEN, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';
import { companyIds } from './company-values.js';

/** The clock of a first and of a later write-back run. */
export const T1 = '2025-07-01T08:00:00.000Z';
export const T2 = '2025-07-02T08:00:00.000Z';

/** The report of a run that was expected to run (not to be skipped). */
export function ran(outcome: WriteBackReport | WriteBackSkipped): WriteBackReport {
  if ('skipped' in outcome) throw new Error(`write-back skipped: ${outcome.skipped}`);
  return outcome;
}

/** Redis for the rate limiter, with a key prefix of its own that `close` removes. */
export function testRedis(): { redis: Redis; prefix: string; close(): Promise<void> } {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `tt-test-write-back-${randomUUID()}:`;
  return {
    redis,
    prefix,
    async close() {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** A migrated database of `kind` and Redis for a describe block, opened before its tests and dropped after. */
export function useDatabaseAndRedis(kind: DatabaseKind): { db: Database; redis: ReturnType<typeof testRedis> } {
  const context = { db: undefined as unknown as Database, redis: testRedis() };
  let drop: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    const database = await createTestDatabase(kind);
    context.db = database.db;
    drop = database.drop;
  });
  afterAll(async () => {
    await drop();
    await context.redis.close();
  });
  return context;
}

/** The connector's HubSpot repository against a running sandbox, with fast retries. */
export function sandboxApi(running: RunningSandbox, context: { tenantId: string; redis: Redis; prefix: string; budget?: Partial<RateLimitBudget> }): HubSpotApi {
  return new HubSpotApi({
    accessToken: FIXTURE_TOKEN,
    basePath: running.baseUrl,
    tenantId: context.tenantId,
    portalId: String(running.sandbox.portalId),
    limiter: new HubSpotRateLimiter(context.redis, { keyPrefix: context.prefix, ...(context.budget ? { budget: context.budget } : {}) }),
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 8 },
  });
}

/** A tenant row of its own (the write-back state belongs to a tenant). */
export async function newTenant(db: Database): Promise<string> {
  const tenant = await ensureTenant(db, { crm: 'hubspot', externalId: randomUUID(), name: 'Write-back test portal', isSandbox: true });
  return tenant.id;
}

/** One batch update as the sandbox received it. */
export interface SentBatch {
  inputs: Array<{ id: string; properties: Record<string, string>; objectWriteTraceId?: string }>;
}

/**
 * The sandbox over HTTP (as fixtures/hubspot/sandbox-server starts it) with every batch update body
 * recorded, and an optional hook that runs once the sandbox has applied a batch update and before
 * its answer leaves (`afterApplied(n)` for the n-th, counted from 1).
 */
export async function startRecordingSandbox(
  options: Omit<HubSpotSandboxOptions, 'accessToken' | 'clientSecret'>,
  afterApplied?: (n: number) => Promise<void> | void,
): Promise<RunningSandbox & { sent: SentBatch[] }> {
  const sandbox = createHubSpotSandbox({ ...options, accessToken: FIXTURE_TOKEN, clientSecret: FIXTURE_SECRET });
  const sent: SentBatch[] = [];
  const app = express();
  app.use('/sandbox/hubspot', express.json({ limit: '20mb' }), (req, res, next) => {
    if (req.method === 'POST' && /\/batch\/update$/.test(req.path)) {
      sent.push(structuredClone(req.body as SentBatch));
      const n = sent.length;
      const send = res.json.bind(res);
      res.json = (body: unknown) => {
        void Promise.resolve(afterApplied?.(n)).then(() => send(body));
        return res;
      };
    }
    next();
  });
  app.use('/sandbox/hubspot', sandbox.router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}/sandbox/hubspot`;
  return {
    sandbox,
    sent,
    baseUrl,
    origin,
    client: new Client({ accessToken: FIXTURE_TOKEN, basePath: baseUrl, numberOfApiCallRetries: 0 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** How many batch updates reached the sandbox's endpoint (faulted and rate-limited answers not counted). */
export function batchUpdatesServed(running: RunningSandbox): number {
  return running.sandbox.stats().requests['POST /crm/v3/objects/{objectType}/batch/update'] ?? 0;
}

/** A recording sandbox of `companies` companies with the catalogue installed, a tenant and its API. */
export async function preparePortal(
  db: Database,
  redis: { redis: Redis; prefix: string },
  companies: number,
  options: { afterApplied?: (n: number) => Promise<void> | void; rateLimit?: false } = {},
) {
  const running = await startRecordingSandbox({ data: buildPortal({ companies, contactsPerCompany: 0 }), ...(options.rateLimit === false ? { rateLimit: false } : {}) }, options.afterApplied);
  const tenantId = await newTenant(db);
  const api = sandboxApi(running, { tenantId, redis: redis.redis, prefix: redis.prefix });
  await installHubSpotProperties(api);
  running.sandbox.resetStats();
  return { running, api, tenantId, ids: companyIds(companies) };
}
