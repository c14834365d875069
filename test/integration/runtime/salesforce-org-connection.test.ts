import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../server/src/config/env.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { startService, type RunningService } from '../../../server/src/runtime/service.js';
import { generatePortfolio, toOrgData } from '../../../server/src/sandbox/portfolio/index.js';
import { createSalesforceSandbox, type SalesforceSandbox } from '../../../server/src/sandbox/salesforce/create-sandbox.js';
import { getTenant, setTenantStatus } from '../../../server/src/store/tenants.js';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
const ORG_NAME = 'Acme Analytics Ltd';

/** The connected app's key pair: the org holds the public key (as the certificate), Telltale the private one. */
const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY_PEM = appKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const CERTIFICATE = appKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
/** A key whose certificate was never uploaded to the app. */
const OTHER_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const data = toOrgData(generatePortfolio({ seed: 42, accounts: 40, asOf: '2026-06-30' }));
let prefixes = 0;
const queuePrefix = () => `{tt-sforg-${process.pid}-${++prefixes}}`;

interface CustomerOrg {
  sandbox: SalesforceSandbox;
  loginUrl: string;
  /** How often the org's name was asked for. */
  nameQueries(): number;
  close(): Promise<void>;
}

/**
 * A customer's org over HTTP: the Salesforce sandbox mounted under a path, its connected app trusting
 * CERTIFICATE. With `orgName`, `SELECT Name FROM Organization` (an object the sandbox does not emulate)
 * answers as Salesforce does, for a session the org issued.
 */
async function serveOrg(options: { orgName?: string } = {}): Promise<CustomerOrg> {
  const sandbox = createSalesforceSandbox({ data: structuredClone(data), consumerSecret: 'org-connection-test-secret', certificate: CERTIFICATE });
  const app = express();
  let nameQueries = 0;
  if (options.orgName) {
    const orgName = options.orgName;
    app.get('/sandbox/salesforce/services/data/:version/query', (req, res, next) => {
      if (req.query.q !== 'SELECT Name FROM Organization') return next();
      const session = sandbox.sessions.check(String(req.headers.authorization).replace(/^Bearer /, ''));
      if (!session) return next();
      nameQueries += 1;
      res.json({
        totalSize: 1,
        done: true,
        records: [{ attributes: { type: 'Organization', url: `/services/data/${req.params.version}/sobjects/Organization/${sandbox.orgId}` }, Name: orgName }],
      });
    });
  }
  app.use('/sandbox/salesforce', sandbox.router);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    sandbox,
    loginUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/salesforce`,
    nameQueries: () => nameQueries,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The environment of a deployment connected to `org` (the key written to a file of the data dir). */
function orgEnvironment(org: CustomerOrg, dataDir: string, overrides: { username?: string; privateKeyPem?: string; consumerKey?: string } = {}) {
  const keyFile = join(dataDir, 'salesforce.key');
  writeFileSync(keyFile, overrides.privateKeyPem ?? PRIVATE_KEY_PEM, { mode: 0o600 });
  return parseConfig({
    SALESFORCE_CONSUMER_KEY: overrides.consumerKey ?? org.sandbox.consumerKey,
    SALESFORCE_USERNAME: overrides.username ?? org.sandbox.username,
    SALESFORCE_PRIVATE_KEY_FILE: keyFile,
    SALESFORCE_LOGIN_URL: org.loginUrl,
    TELLTALE_ADMIN_TOKEN: ADMIN_TOKEN,
    TELLTALE_DATA_DIR: dataDir,
  });
}

const start = (config: ReturnType<typeof parseConfig>, options: { autoSync?: boolean } = {}) =>
  startService({ config, role: 'all', logger: createLogger('silent'), port: 0, queuePrefix: queuePrefix(), ...options });

/** Why a start failed (the test fails when it succeeds). */
async function startFailure(config: ReturnType<typeof parseConfig>): Promise<Error> {
  let service: RunningService | undefined;
  try {
    service = await start(config, { autoSync: false });
  } catch (error) {
    return error as Error;
  }
  await service.stop();
  throw new Error('expected the start to fail');
}

const bodyLines = (pem: string): string[] => pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));

describe("the service connected to a customer's Salesforce org", () => {
  let dir: string;
  let org: CustomerOrg;
  let service: RunningService | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-sforg-'));
    org = await serveOrg({ orgName: ORG_NAME });
    service = await start(orgEnvironment(org, dir));
  });
  afterAll(async () => {
    await service?.stop();
    await org?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('learns the org from its login, runs without the sandbox, and syncs the org at start', async () => {
    expect(service?.sandbox).toBeUndefined();
    expect(service?.tenants.map((t) => ({ id: t.id, crm: t.crm, name: t.name, sandbox: t.isSandbox }))).toEqual([
      { id: `salesforce-${org.sandbox.orgId}`, crm: 'salesforce', name: ORG_NAME, sandbox: false },
    ]);
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
    let body: { tenants: Array<{ accounts: number; sync: { lastRun: { status: string } | null } }> } | undefined;
    for (let i = 0; i < 300; i++) {
      body = (await (await fetch(`${service!.url}/api/v1/portfolio`, { headers })).json()) as typeof body;
      if (body?.tenants[0]?.sync.lastRun?.status === 'succeeded') break;
      await new Promise((done) => setTimeout(done, 200));
    }
    const accounts = org.sandbox.org.all('Account').filter((account) => account.IsDeleted !== true).length;
    expect(accounts).toBeGreaterThan(0);
    expect(body?.tenants).toHaveLength(1);
    expect(body?.tenants[0]).toMatchObject({ accounts, sync: { lastRun: { status: 'succeeded' } } });
    expect((await fetch(`${service!.url}/sandbox`)).status).toBe(404);
  });

  it('reconnects a disconnected org at the next start whose login works, keeping its name', async () => {
    const tenantId = `salesforce-${org.sandbox.orgId}`;
    await setTenantStatus(service!.db, tenantId, 'disconnected', 'Salesforce refused the JWT bearer session');
    await service!.stop();
    service = undefined;
    service = await start(orgEnvironment(org, dir), { autoSync: false });
    expect(service.tenants.map((t) => [t.id, t.status])).toEqual([[tenantId, 'active']]);
    expect(await getTenant(service.db, tenantId)).toMatchObject({ name: ORG_NAME, status: 'active', statusReason: null });
    // The name was read when the org was first connected, not at every start.
    expect(org.nameQueries()).toBe(1);
  });
});

describe('a Salesforce login at start', () => {
  let dir: string;
  let org: CustomerOrg;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-sforg-refused-'));
    org = await serveOrg();
  });
  afterAll(async () => {
    await org?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refused for a user not pre-authorised on the app stops the start, naming SALESFORCE_USERNAME and Salesforce\'s answer', async () => {
    const error = await startFailure(orgEnvironment(org, dir, { username: 'someone.else@acme.example' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^SALESFORCE_USERNAME: expected an active user of the org pre-authorised on the connected app; Salesforce refused the login \(invalid_grant: user hasn't approved this consumer\)\. Check /);
    for (const line of bodyLines(PRIVATE_KEY_PEM)) expect(error.message).not.toContain(line);
  });

  it('signed with a key that does not match the certificate stops the start, naming SALESFORCE_PRIVATE_KEY_FILE without key material', async () => {
    const error = await startFailure(orgEnvironment(org, dir, { privateKeyPem: OTHER_KEY_PEM }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^SALESFORCE_PRIVATE_KEY_FILE: expected the private key of the certificate uploaded to the connected app .*\(invalid_grant: invalid assertion\)$/);
    expect(error.message).not.toContain('PRIVATE KEY');
    for (const line of [...bodyLines(OTHER_KEY_PEM), ...bodyLines(PRIVATE_KEY_PEM)]) expect(error.message).not.toContain(line);
  });

  it('refused for an unknown consumer key names SALESFORCE_CONSUMER_KEY', async () => {
    const error = await startFailure(orgEnvironment(org, dir, { consumerKey: '3MVG9.not.this.org' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^SALESFORCE_CONSUMER_KEY: .*\(invalid_client_id: client identifier invalid\)/);
  });

  it('that works names the tenant after its org id when the org name cannot be read', async () => {
    const service = await start(orgEnvironment(org, dir), { autoSync: false });
    try {
      expect(service.tenants.map((t) => [t.id, t.name])).toEqual([[`salesforce-${org.sandbox.orgId}`, `Salesforce org ${org.sandbox.orgId}`]]);
    } finally {
      await service.stop();
    }
  });
});
