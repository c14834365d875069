import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { syncSalesforceTenant, type SalesforceSyncReport, type SyncSalesforceOptions } from '../../../server/src/connectors/salesforce/sync.js';
import { createSalesforceSandbox, type OrgData, type SalesforceSandbox, type SalesforceSandboxOptions } from '../../../server/src/sandbox/salesforce/create-sandbox.js';
import type { Database } from '../../../server/src/store/database.js';
import { ensureTenant, type Tenant } from '../../../server/src/store/tenants.js';
import { connectRedis, openTestStore, type StoreKind } from '../connector-hubspot/harness.js';

export { count, dumpStore, type StoreKind } from '../connector-hubspot/harness.js';

/**
 * The store of `kind` and the Redis connection the tests of one describe block share (filled in
 * before them), with a rate-limit key prefix of their own; closed, and the keys removed, after them.
 */
export function useSyncContext(kind: StoreKind) {
  const context = { prefix: `tt-test-sf-sync-${randomUUID()}:` } as { db: Database; redis: Redis; prefix: string };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const store = await openTestStore(kind);
    close = store.close;
    context.db = store.db;
    context.redis = connectRedis();
  });
  afterAll(async () => {
    const keys = await context.redis.keys(`${context.prefix}*`);
    if (keys.length > 0) await context.redis.del(...keys);
    await context.redis.quit();
    await close?.();
  });
  return context;
}

/** The connected app's key pair: the sandbox holds the public key, the connector signs with the private one. */
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const PRIVATE_KEY_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_KEY_PEM = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** The Salesforce sandbox org served over HTTP on a free port, mounted under a path as the service mounts it. */
export async function startOrg(data: OrgData, options: Partial<SalesforceSandboxOptions> = {}) {
  const sandbox: SalesforceSandbox = createSalesforceSandbox({ data: structuredClone(data), consumerSecret: 'connector-test-secret', certificate: PUBLIC_KEY_PEM, ...options });
  const app = express();
  app.use('/sandbox/salesforce', sandbox.router);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/salesforce`;
  return {
    sandbox,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export type RunningOrg = Awaited<ReturnType<typeof startOrg>>;

/** Runs `work` against a sandbox org served for it alone, closed afterwards. */
export async function withOrg(data: OrgData, work: (org: RunningOrg) => Promise<void>, options: Partial<SalesforceSandboxOptions> = {}): Promise<void> {
  const org = await startOrg(data, options);
  try {
    await work(org);
  } finally {
    await org.close();
  }
}

/** A tenant of its own per scenario, so scenarios share one database without sharing rows. */
export function newTenant(db: Database, orgId: string, scenario: string): Promise<Tenant> {
  return ensureTenant(db, { crm: 'salesforce', externalId: `${orgId}-${scenario}`, name: `Org ${orgId} (${scenario})`, isSandbox: true });
}

const silent = pino({ level: 'silent' });

/** Runs a sync through the JWT bearer flow with fast retries and a unique rate-limit key prefix. */
export function runSync(
  context: { db: Database; redis: Redis; org: RunningOrg; tenant: Tenant; prefix: string },
  overrides: Partial<SyncSalesforceOptions> = {},
): Promise<SalesforceSyncReport> {
  const { sandbox, url } = context.org;
  return syncSalesforceTenant({
    db: context.db,
    redis: context.redis,
    tenant: context.tenant,
    org: { instanceUrl: url, loginUrl: url, auth: { jwt: { consumerKey: sandbox.consumerKey, username: sandbox.username, privateKeyPem: PRIVATE_KEY_PEM } } },
    mode: 'incremental',
    logger: silent,
    rateLimitPrefix: context.prefix,
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 8 },
    ...overrides,
  });
}

/** The org's live (not deleted) records of an object. */
export const liveRecords = (org: RunningOrg, type: Parameters<SalesforceSandbox['org']['all']>[0]) => org.sandbox.org.all(type).filter((record) => record.IsDeleted !== true);
