import { createSign, generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import jsforce from 'jsforce';
import { afterEach } from 'vitest';
import { generatePortfolio, toOrgData } from '../../../../server/src/sandbox/portfolio/index.js';
import { createSalesforceSandbox, type OrgData, type SalesforceSandbox, type SalesforceSandboxOptions } from '../../../../server/src/sandbox/salesforce/create-sandbox.js';
import { createSandboxInfoRouter } from '../../../../server/src/sandbox/info-router.js';

export const API_VERSION = '62.0';
export const CONSUMER_SECRET = 'sandbox-salesforce-test-secret';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const PRIVATE_KEY = keys.privateKey;
export const CERTIFICATE = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const orgs = new Map<number, OrgData>();

/** The org of a small generated portfolio (seed 42), generated once per size. */
export function orgData(accounts: number): OrgData {
  let data = orgs.get(accounts);
  if (!data) orgs.set(accounts, (data = toOrgData(generatePortfolio({ seed: 42, accounts, asOf: '2026-06-30' }))));
  return data;
}

export interface RunningOrg {
  sandbox: SalesforceSandbox;
  /** The login URL, which is also the instance URL. */
  loginUrl: string;
  origin: string;
  /** A signed JWT bearer assertion for the org's integration user (claims may be overridden). */
  assertion(claims?: Record<string, unknown>): string;
  /** A jsforce connection logged in through the JWT bearer flow. */
  login(): Promise<jsforce.Connection>;
  /** A jsforce connection with a session issued directly by the sandbox. */
  connect(options?: Partial<jsforce.ConnectionConfig>): jsforce.Connection;
  /** A sandbox test route (`/__stats`…) called with the consumer secret. */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts an express app on an ephemeral port with the org mounted at /sandbox/salesforce and GET /sandbox. */
export async function startOrg(options: Partial<Omit<SalesforceSandboxOptions, 'data'>> & { accounts?: number } = {}): Promise<RunningOrg> {
  const { accounts = 60, ...rest } = options;
  const sandbox = createSalesforceSandbox({ data: orgData(accounts), consumerSecret: CONSUMER_SECRET, certificate: CERTIFICATE, ...rest });
  const app = express();
  app.use('/sandbox/salesforce', sandbox.router);
  app.use('/sandbox', createSandboxInfoRouter({
    accessToken: 'hubspot-token', clientSecret: 'hubspot-secret', portalId: 1,
    salesforce: { username: sandbox.username, consumerKey: sandbox.consumerKey, orgId: sandbox.orgId },
  }));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const loginUrl = `${origin}/sandbox/salesforce`;
  const assertion = (claims: Record<string, unknown> = {}): string => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'RS256' })}.${part({ iss: sandbox.consumerKey, sub: sandbox.username, aud: loginUrl, exp: Math.floor(Date.now() / 1000) + 180, ...claims })}`;
    return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(PRIVATE_KEY).toString('base64url')}`;
  };
  return {
    sandbox,
    loginUrl,
    origin,
    assertion,
    login: async () => {
      const conn = new jsforce.Connection({ loginUrl, version: API_VERSION });
      await conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: assertion() });
      return conn;
    },
    connect: (config = {}) => new jsforce.Connection({ instanceUrl: loginUrl, accessToken: sandbox.issueSession().accessToken, version: API_VERSION, ...config }),
    admin: (path, init = {}) =>
      fetch(`${loginUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${CONSUMER_SECRET}`, 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** An error jsforce throws for a REST error body. */
export interface ApiError extends Error {
  errorCode: string;
}

/** The error a jsforce call fails with (the test fails when the call succeeds). */
export async function failure(call: PromiseLike<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

/** The statusCode of each SaveResult's first error (the REST API's field; jsforce's type calls it errorCode). */
export function statusCodes(results: ReadonlyArray<{ errors: readonly object[] }>): Array<string | undefined> {
  return results.map((r) => (r.errors[0] as { statusCode?: string } | undefined)?.statusCode);
}

/** A starter of orgs for a test file: each org it starts is closed after the test that started it. */
export function orgPerTest(): (options?: Parameters<typeof startOrg>[0]) => Promise<RunningOrg> {
  let current: RunningOrg | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (options) => (current = await startOrg(options));
}
