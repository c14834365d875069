import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { syncHubSpotTenant, type SyncHubSpotOptions, type SyncReport } from '../../../server/src/connectors/hubspot/sync.js';
import { createHubSpotSandbox, type HubSpotSandbox } from '../../../server/src/sandbox/hubspot/create-sandbox.js';
import type { PortalData } from '../../../server/src/sandbox/hubspot/portal-data.js';
import type { Database } from '../../../server/src/store/database.js';
import { ensureTenant, setTenantMapping, type Tenant } from '../../../server/src/store/tenants.js';
import { createTestDatabase, type DatabaseKind } from '../../support/test-databases.js';

export const SANDBOX_TOKEN = 'pat-na1-connector-test-token';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type StoreKind = DatabaseKind;

/** A migrated store of either kind; Postgres gets its own database, dropped on close. */
export async function openTestStore(kind: StoreKind): Promise<{ db: Database; close(): Promise<void> }> {
  const { db, drop } = await createTestDatabase(kind);
  return { db, close: drop };
}

/** The HubSpot sandbox served over HTTP on a free port, as the connector reaches it in production. */
export async function startSandbox(data: PortalData, rateLimit?: { perTenSeconds: number; searchPerSecond: number } | false) {
  const sandbox: HubSpotSandbox = createHubSpotSandbox({ data, accessToken: SANDBOX_TOKEN, clientSecret: 'connector-test-secret', rateLimit });
  const app = express();
  app.use('/sandbox/hubspot', sandbox.router);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    sandbox,
    basePath: `http://127.0.0.1:${port}/sandbox/hubspot`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export function connectRedis(): Redis {
  return new Redis(REDIS_URL);
}

/** A tenant of its own per scenario, so scenarios share one database without sharing rows. */
export async function newTenant(db: Database, externalId: string, mapping?: Record<string, unknown>): Promise<Tenant> {
  const tenant = await ensureTenant(db, { crm: 'hubspot', externalId, name: `Portal ${externalId}`, isSandbox: true });
  if (!mapping) return tenant;
  await setTenantMapping(db, tenant.id, mapping);
  return { ...tenant, mapping };
}

const silent = pino({ level: 'silent' });

/** Runs a sync with fast retries and a unique rate-limit key prefix. */
export function runSync(
  context: { db: Database; redis: Redis; basePath: string; tenant: Tenant; prefix: string },
  overrides: Partial<SyncHubSpotOptions> = {},
): Promise<SyncReport> {
  return syncHubSpotTenant({
    db: context.db,
    redis: context.redis,
    tenant: context.tenant,
    client: { accessToken: SANDBOX_TOKEN, basePath: context.basePath },
    mode: 'incremental',
    logger: silent,
    rateLimitPrefix: context.prefix,
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 8 },
    ...overrides,
  });
}

const DUMPS: Record<string, string> = {
  accounts: 'select * from accounts where tenant_id = $1 order by id',
  account_history: 'select * from account_history where tenant_id = $1 order by account_id, field, valid_from',
  contacts: 'select * from contacts where tenant_id = $1 order by id',
  deals: 'select * from deals where tenant_id = $1 order by id',
  tickets: 'select * from tickets where tenant_id = $1 order by id',
  engagements: 'select * from engagements where tenant_id = $1 order by id',
};

/** Every CRM row of a tenant, without tenant_id and synced_at (which differ between tenants and runs). */
export async function dumpStore(db: Database, tenantId: string): Promise<Record<string, Array<Record<string, unknown>>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const [table, sql] of Object.entries(DUMPS)) {
    const { rows } = await db.query<Record<string, unknown>>(sql, [tenantId]);
    out[table] = rows.map(({ tenant_id: _tenant, synced_at: _synced, ...rest }) => normalise(rest));
  }
  return out;
}

function normalise(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]));
}

export async function count(db: Database, table: string, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1`, [tenantId]);
  return rows[0]?.n ?? 0;
}
