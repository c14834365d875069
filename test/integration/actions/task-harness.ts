import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { AccountState } from '../../../server/src/actions/account-state.js';
import type { CrmTaskGateway } from '../../../server/src/actions/crm-task-gateway.js';
import { HubSpotRateLimiter } from '../../../server/src/connectors/rate-limiter.js';
import { HubSpotTasks, taskKeyOf } from '../../../server/src/connectors/hubspot/tasks.js';
import type { HubSpotSandbox } from '../../../server/src/sandbox/hubspot/create-sandbox.js';
import type { PortalData, SandboxRecord } from '../../../server/src/sandbox/hubspot/portal-data.js';
import type { Database } from '../../../server/src/store/database.js';
import { setHoldoutShare } from '../../../server/src/store/interventions.js';
import { buildPortal, property } from '../../fixtures/hubspot/portal-builder.js';
import type { DatabaseKind } from '../../support/test-databases.js';
import { accountState } from '../../unit/actions/account-states.js';
import { connectRedis, newTenant, openTestStore, SANDBOX_TOKEN, startSandbox } from '../connector-hubspot/harness.js';

/** A suite's database of `kind` and Redis, opened before its tests and closed (with its rate-limit keys) after them. */
export function actionsSuite(kind: DatabaseKind) {
  const suite = { db: undefined as unknown as Database, redis: undefined as unknown as Redis, prefix: `tt-test-actions-${randomUUID()}:` };
  let close: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    const store = await openTestStore(kind);
    suite.db = store.db;
    suite.redis = connectRedis();
    close = store.close;
  });
  afterAll(async () => {
    const keys = await suite.redis.keys(`${suite.prefix}*`);
    if (keys.length > 0) await suite.redis.del(...keys);
    await suite.redis.quit();
    await close();
  });
  return suite;
}

/** A sandbox portal of `companies` companies over HTTP, a tenant of its own, and HubSpot tasks against it. */
export async function startScenario(suite: ReturnType<typeof actionsSuite>, name: string, companies: number, holdoutShare?: number) {
  const server = await startSandbox(taskPortal(companies));
  const tenant = await newTenant(suite.db, name);
  if (holdoutShare !== undefined) await setHoldoutShare(suite.db, tenant.id, holdoutShare);
  const tasks = hubSpotTasks(suite.redis, server.basePath, tenant.id, suite.prefix);
  return { server, sandbox: server.sandbox, tenant, tasks };
}

/** A portal of `companies` companies (ids from 1001, owners 100–102) whose tasks carry HubSpot's task properties. */
export function taskPortal(companies: number): PortalData {
  const portal = buildPortal({ companies, contactsPerCompany: 0 });
  const options = (values: string[]) => values.map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false }));
  portal.properties.tasks.push(
    property('hs_task_body', 'string', 'task'),
    property('hs_task_priority', 'enumeration', 'task', { options: options(['NONE', 'LOW', 'MEDIUM', 'HIGH']) }),
    property('hs_task_type', 'enumeration', 'task', { options: options(['TODO', 'CALL', 'EMAIL']) }),
    property('hubspot_owner_id', 'enumeration', 'task'),
  );
  portal.properties.tasks = portal.properties.tasks.map((p) =>
    p.name === 'hs_task_status' ? { ...p, options: options(['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']) } : p,
  );
  return portal;
}

/** HubSpot tasks through the real client against `basePath`, with fast retries and a test-unique limiter. */
export function hubSpotTasks(redis: Redis, basePath: string, tenantId: string, prefix: string): HubSpotTasks {
  const limiter = new HubSpotRateLimiter(redis, { keyPrefix: prefix });
  return new HubSpotTasks({ accessToken: SANDBOX_TOKEN, basePath, tenantId, limiter, retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 8 } });
}

/** The kinds of account the portfolio cycles through, by company index modulo 5. */
export const PORTFOLIO_KINDS = ['high_support', 'high_engagement', 'medium_usage', 'low_calm', 'low_expanding'] as const;
export type PortfolioKind = (typeof PORTFOLIO_KINDS)[number];

/**
 * The plays whose task a first evaluation creates for each kind outside the holdout (ordered by play
 * id): one per escalated trigger kind, its top-ranked play. Against FIRST_EVALUATION_BASELINE only
 * High risk and the 30-day expansion escalate; Medium risk at a timely window does not.
 */
export const FIRST_EVALUATION_TASKS: Readonly<Record<PortfolioKind, readonly string[]>> = {
  high_support: ['executive_escalation'],
  high_engagement: ['executive_escalation'],
  medium_usage: [],
  low_calm: [],
  low_expanding: ['upsell_conversation'],
};

export function portfolioKind(index: number): PortfolioKind {
  return PORTFOLIO_KINDS[index % PORTFOLIO_KINDS.length] ?? 'low_calm';
}

/** Account states of a portal built by `taskPortal`, one per company, with the company's owner. */
export function portfolioStates(tenantId: string, companies: number, change: (index: number) => Parameters<typeof accountState>[0] = () => ({})): AccountState[] {
  return Array.from({ length: companies }, (_, i) => {
    const base = { tenantId, accountId: String(1001 + i), accountName: `Company ${i}`, ownerId: String(100 + (i % 3)) };
    const kind = portfolioKind(i);
    const shape =
      kind === 'high_support'
        ? { band: 'high' as const, drivers: { support: 16, product_usage: 1 }, driverText: { support: '5 escalated tickets in 30 days' } }
        : kind === 'high_engagement'
          ? { band: 'high' as const, drivers: { stakeholder_engagement: 11, product_usage: 6 } }
          : kind === 'medium_usage'
            ? { band: 'medium' as const, drivers: { product_usage: 8 } }
            : kind === 'low_calm'
              ? { band: 'low' as const, drivers: { support: 1 } }
              : { band: 'low' as const, drivers: {}, expansionWindow: '30_days' as const };
    return accountState({ ...base, ...shape, ...change(i) });
  });
}

/** The tasks Telltale wrote in the sandbox (their body carries a reference), with their company. */
export function telltaleTasks(sandbox: HubSpotSandbox): Array<{ task: SandboxRecord; key: string; companyIds: string[] }> {
  return sandbox.store
    .idOrder('tasks')
    .map((id) => sandbox.store.rawRecord('tasks', id))
    .filter((task): task is SandboxRecord => task !== undefined && !task.archived)
    .flatMap((task) => {
      const key = taskKeyOf(task.properties.hs_task_body);
      if (!key) return [];
      return [{ task, key, companyIds: sandbox.store.associations.list('tasks', task.id, 'companies').map((a) => a.toObjectId) }];
    });
}

/** The tenant's interventions as (account, play, status, task) rows. */
export async function interventionRows(db: Database, tenantId: string) {
  const { rows } = await db.query<{ id: string; account_id: string; play_id: string; status: string; crm_task_id: string | null; holdout: boolean }>(
    `select id::text as id, account_id, play_id, status, crm_task_id, holdout from interventions where tenant_id = $1 order by account_id, play_id, created_at`,
    [tenantId],
  );
  return rows;
}

/** A gateway that passes everything to `real` except what `createTasks` does after the CRM answered. */
export function gatewayWithCreate(real: CrmTaskGateway, afterCreate: () => Promise<never>): CrmTaskGateway {
  return {
    batchLimit: real.batchLimit,
    createTasks: async (drafts) => {
      await real.createTasks(drafts);
      return afterCreate();
    },
    updateTasks: (updates) => real.updateTasks(updates),
    readTaskStates: (ids) => real.readTaskStates(ids),
    findTasksByKey: (refs) => real.findTasksByKey(refs),
  };
}
