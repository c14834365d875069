import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createUsageRouter } from '../../../server/src/api/usage/usage-router.js';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import type { Database } from '../../../server/src/store/database.js';
import { ensureTenant, type Tenant } from '../../../server/src/store/tenants.js';

export interface TestAccount {
  id: string;
  domain?: string | null;
  archived?: boolean;
}

/** Inserts CRM accounts the usage API can map to. */
export async function insertAccounts(db: Database, tenantId: string, accounts: readonly TestAccount[]): Promise<void> {
  await db.query(
    `insert into accounts (tenant_id, id, name, domain, archived)
     select $1, u.id, 'Account ' || u.id, u.domain, u.archived from unnest($2::text[], $3::text[], $4::boolean[]) as u(id, domain, archived)`,
    [tenantId, accounts.map((a) => a.id), accounts.map((a) => a.domain ?? null), accounts.map((a) => a.archived ?? false)],
  );
}

export interface UsageApp {
  db: Database;
  tenant: Tenant;
  baseUrl: string;
  /** POSTs a JSON body (or raw string) to /v1/usage/events with the tenant's write key unless headers say otherwise. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** The usage router mounted at /v1/usage on an express app listening on a free port. */
export async function startUsageApp(
  db: Database,
  options: { now?: string; before?: express.RequestHandler } = {},
): Promise<UsageApp> {
  const now = options.now ?? '2025-03-10T12:00:00.000Z';
  const tenant = await ensureTenant(db, { crm: 'hubspot', externalId: randomBytes(4).toString('hex'), name: 'Usage test portal' });
  const app = express();
  if (options.before) app.use(options.before);
  app.use('/v1/usage', createUsageRouter({ db, logger: createLogger('silent'), clock: fixedClock(now) }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    db,
    tenant,
    baseUrl,
    async post(body, headers) {
      const response = await fetch(`${baseUrl}/v1/usage/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${tenant.usageWriteKey}:`).toString('base64')}`,
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Row counts of every usage table, to prove a refused request stored nothing. */
export async function usageRowCounts(db: Database): Promise<Record<string, number>> {
  const { rows } = await db.query<Record<string, number>>(
    `select (select count(*) from usage_daily)::int as daily, (select count(*) from usage_events)::int as events,
            (select count(*) from usage_user_accounts)::int as users, (select count(*) from usage_unmapped)::int as unmapped`,
  );
  return rows[0] ?? {};
}

export async function dailyRows(db: Database, tenantId: string) {
  const { rows } = await db.query<{
    account_id: string;
    day: string;
    active_users: number;
    sessions: number;
    events: number;
    distinct_features: number;
    advanced_features: number;
    source: string;
  }>(
    `select account_id, day, active_users, sessions, events, distinct_features, advanced_features, source
     from usage_daily where tenant_id = $1 order by account_id, day`,
    [tenantId],
  );
  return rows;
}
