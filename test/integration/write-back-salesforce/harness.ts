import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Redis } from 'ioredis';
import { createSalesforceRateLimiter } from '../../../server/src/connectors/salesforce/rate-limit.js';
import { SalesforceApi } from '../../../server/src/connectors/salesforce/salesforce-api.js';
import { generatePortfolio } from '../../../server/src/sandbox/portfolio/index.js';
import { toOrgData } from '../../../server/src/sandbox/portfolio/to-org-data.js';
import { createSalesforceSandbox, type OrgData, type SalesforceSandbox } from '../../../server/src/sandbox/salesforce/create-sandbox.js';
import type { Database } from '../../../server/src/store/database.js';
import { ensureTenant } from '../../../server/src/store/tenants.js';
import { catalogue } from './account-values.js';

/** The day the test portfolio's history ends. */
export const AS_OF = '2025-06-30';
const CONSUMER_SECRET = 'telltale-write-back-test-secret';

/** One sObject Collections request body as the org received it. */
export interface SentCollection {
  allOrNone: boolean;
  records: Array<Record<string, unknown> & { attributes: { type: string }; id?: string }>;
}

/** A sandbox org over HTTP, with every collection write recorded. */
export interface RunningOrg {
  sandbox: SalesforceSandbox;
  /** Login and instance URL. */
  url: string;
  accountIds: string[];
  /** Each Account's OwnerId. */
  ownerOf: Map<string, string | null>;
  /** Collection updates (PATCH) and creates (POST), in arrival order. */
  updates: SentCollection[];
  creates: SentCollection[];
  close(): Promise<void>;
}

const portfolios = new Map<number, OrgData>();

/** The synthetic portfolio of `accounts` accounts as an org holds it (generated once per size). */
export function orgData(accounts: number): OrgData {
  let data = portfolios.get(accounts);
  if (!data) portfolios.set(accounts, (data = toOrgData(generatePortfolio({ seed: 11, accounts, asOf: AS_OF }))));
  return data;
}

/**
 * The sandbox org of a portfolio of `accounts` accounts, served over HTTP on an ephemeral port. An
 * optional hook runs once the org has applied the n-th collection update (counted from 1) and
 * before its answer leaves; the answers of the first `loseCreateAnswers` collection creates are
 * lost after the org applied them, as behind a failing gateway.
 */
export async function startOrg(
  accounts: number,
  options: { afterUpdate?: (n: number) => Promise<void> | void; /** Collection creates the org applies but whose answer a proxy replaces with a 502 page. */ loseCreateAnswers?: number } = {},
): Promise<RunningOrg> {
  const data = orgData(accounts);
  const sandbox = createSalesforceSandbox({ data, consumerSecret: CONSUMER_SECRET, fieldCatalogue: catalogue });
  const updates: SentCollection[] = [];
  const creates: SentCollection[] = [];
  const app = express();
  app.use('/sandbox/salesforce', express.json({ limit: '20mb' }), (req, res, next) => {
    if (/\/composite\/sobjects$/.test(req.path) && (req.method === 'PATCH' || req.method === 'POST')) {
      const sent = structuredClone(req.body as SentCollection);
      if (req.method === 'POST') {
        creates.push(sent);
        if (creates.length <= (options.loseCreateAnswers ?? 0)) {
          res.json = () => res.status(502).type('text/html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
        }
      } else {
        updates.push(sent);
        const n = updates.length;
        const send = res.json.bind(res);
        res.json = (body: unknown) => {
          void Promise.resolve(options.afterUpdate?.(n)).then(() => send(body));
          return res;
        };
      }
    }
    next();
  });
  app.use('/sandbox/salesforce', sandbox.router);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const accountIds = data.records.Account.map((a) => a.Id);
  return {
    sandbox,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/salesforce`,
    accountIds,
    ownerOf: new Map(data.records.Account.map((a) => [a.Id, typeof a.OwnerId === 'string' ? a.OwnerId : null])),
    updates,
    creates,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The connector's Salesforce repository against a running org: a session the org issued (renewed the same way), fast retries. */
export function orgApi(org: Pick<RunningOrg, 'sandbox' | 'url'>, context: { tenantId: string; redis: Redis; prefix: string; accessToken?: string }): SalesforceApi {
  return new SalesforceApi({
    tenantId: context.tenantId,
    orgId: org.sandbox.orgId,
    instanceUrl: org.url,
    loginUrl: org.url,
    auth: { accessToken: context.accessToken ?? org.sandbox.issueSession().accessToken, refresh: () => Promise.resolve(org.sandbox.issueSession().accessToken) },
    limiter: createSalesforceRateLimiter(context.redis, { keyPrefix: context.prefix }),
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 8 },
  });
}

/** A Salesforce tenant of its own (the write-back state and interventions belong to a tenant). */
export async function newSalesforceTenant(db: Database, name: string): Promise<string> {
  const tenant = await ensureTenant(db, { crm: 'salesforce', externalId: `00D${randomUUID()}`, name, isSandbox: true });
  return tenant.id;
}

/** The `index`-th id (a test's own fixture positions; throws past the end). */
export function idAt(ids: readonly string[], index: number): string {
  const id = ids[index];
  if (id === undefined) throw new Error(`no id at ${index} of ${ids.length}`);
  return id;
}

/** Collection updates that reached the org's endpoint (injected faults not counted). */
export function collectionUpdatesServed(org: RunningOrg): number {
  return org.sandbox.stats().requests['PATCH /services/data/vXX.X/composite/sobjects'] ?? 0;
}

/** Collection creates that reached the org's endpoint (injected faults not counted). */
export function collectionCreatesServed(org: RunningOrg): number {
  return org.sandbox.stats().requests['POST /services/data/vXX.X/composite/sobjects'] ?? 0;
}

/** The catalogue fields of these Accounts as SOQL returns them through jsforce, by id then API name. */
export async function queryAccountFields(api: SalesforceApi, ids: readonly string[]): Promise<Record<string, Record<string, unknown>>> {
  const names = catalogue.fields.map((f) => f.salesforce.apiName);
  const out: Record<string, Record<string, unknown>> = {};
  for (let start = 0; start < ids.length; start += 200) {
    const list = ids
      .slice(start, start + 200)
      .map((id) => `'${id}'`)
      .join(', ');
    await api.query<Record<string, unknown>>(`SELECT Id, ${names.join(', ')} FROM Account WHERE Id IN (${list})`, {
      onPage: async (records) => {
        for (const record of records) out[String(record.Id)] = Object.fromEntries(names.map((name) => [name, record[name] ?? null]));
      },
    });
  }
  return out;
}
