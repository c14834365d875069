import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@hubspot/api-client';
import { CrmError } from '../../../server/src/connectors/crm-error.js';
import type { HubSpotCredentialsFor } from '../../../server/src/runtime/credentials.js';
import { loadHubSpotGrant } from '../../../server/src/store/tenant-credentials.js';
import { getTenant, type Tenant } from '../../../server/src/store/tenants.js';
import { FIXTURE_PORTAL_ID } from '../../fixtures/hubspot/portal-builder.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';
import { CLIENT_SECRET, installThroughBrowser, startOAuthHarness, type OAuthHarness } from './oauth-harness.js';

const TENANT_ID = `hubspot-${FIXTURE_PORTAL_ID}`;

describe.each(DATABASE_KINDS)('HubSpot install flow end to end (%s)', (kind) => {
  let test: TestDatabase;
  let harness: OAuthHarness;
  let credentialsFor: HubSpotCredentialsFor;
  let tenant: Tenant;
  const secretsSeen = new Set<string>([CLIENT_SECRET]);

  const tokenCalls = () => harness.sandbox.stats().requests['POST /oauth/v1/token'] ?? 0;
  const grant = async () => {
    const stored = await loadHubSpotGrant(test.db, harness.box, TENANT_ID);
    if (stored) [stored.accessToken, stored.refreshToken].forEach((s) => secretsSeen.add(s));
    return stored;
  };
  const companies = (accessToken: string) => new Client({ accessToken, basePath: harness.sandboxBase, numberOfApiCallRetries: 0 }).crm.companies.basicApi.getPage(2);
  const fresh = async (provider = credentialsFor, options?: { rejectedAccessToken?: string }) => {
    const credentials = await provider(tenant, options);
    if (!credentials) throw new Error('no credentials');
    secretsSeen.add(credentials.accessToken);
    return credentials;
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await startOAuthHarness(test.db);
    credentialsFor = harness.newCredentials();
  });
  afterAll(async () => {
    await harness?.close();
    await test?.drop();
  });

  it('installs: /install → consent → callback creates the tenant, stores the tokens sealed and runs onInstalled', async () => {
    const run = await installThroughBrowser(harness);
    secretsSeen.add(run.code);
    expect(run.start.status).toBe(302);
    const authorize = new URL(run.authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${harness.sandboxBase}/oauth/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(harness.sandbox.oauth.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${harness.origin}/oauth/hubspot/callback`);
    expect(authorize.searchParams.get('scope')?.split(' ')).toContain('crm.objects.companies.read');
    expect(run.cookie).toMatch(/^tt_hubspot_install=/);
    expect(run.start.headers.getSetCookie()[0]).toMatch(/HttpOnly/i);
    expect(run.start.headers.getSetCookie()[0]).toMatch(/SameSite=Lax/i);

    expect(run.callback.status).toBe(200);
    expect(run.page).toContain('Telltale is connected to HubSpot');
    expect(run.page).toContain(`portal ${FIXTURE_PORTAL_ID}`);
    expect(run.page).not.toContain(run.code);
    expect(run.callback.headers.get('cache-control')).toBe('no-store');
    expect(run.callback.headers.get('referrer-policy')).toBe('no-referrer');

    const stored = await getTenant(test.db, TENANT_ID);
    expect(stored).toMatchObject({ id: TENANT_ID, crm: 'hubspot', externalId: String(FIXTURE_PORTAL_ID), status: 'active', isSandbox: false });
    tenant = stored!;
    expect(harness.installs).toEqual([{ tenant: expect.objectContaining({ id: TENANT_ID }), install: { portalId: FIXTURE_PORTAL_ID, scopes: expect.arrayContaining(['oauth', 'tickets']), reinstall: false } }]);
  });

  it('keeps the tokens encrypted at rest: the stored bytes contain neither token', async () => {
    const opened = await grant();
    expect(opened).toBeDefined();
    expect(harness.sandbox.oauth.accessTokenInfo(opened!.accessToken)).toMatchObject({ hub_id: FIXTURE_PORTAL_ID });
    const { rows } = await test.db.query<Record<string, unknown>>('select * from tenant_credentials');
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows);
    for (const secret of [opened!.accessToken, opened!.refreshToken]) {
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(Buffer.from(secret).toString('base64').slice(0, 20));
    }
    expect(rows[0]).toMatchObject({ key_id: harness.box.currentKeyId, provider: 'hubspot' });
    expect(String(rows[0]!.access_token_sealed)).toMatch(/^v1\./);
  });

  it('gives the sync a token the sandbox API accepts (through @hubspot/api-client), without refreshing a fresh one', async () => {
    const before = tokenCalls();
    const credentials = await fresh();
    expect(credentials.basePath).toBe(harness.sandboxBase);
    expect(credentials.accessToken).toBe((await grant())!.accessToken);
    expect((await companies(credentials.accessToken)).results).toHaveLength(2);
    expect(tokenCalls()).toBe(before);
  });

  it('refreshes once less than five minutes are left, stores the new token, and the old one expires on schedule', async () => {
    const old = (await fresh()).accessToken;
    harness.advanceMinutes(24);
    expect((await fresh()).accessToken).toBe(old);
    harness.advanceMinutes(2);
    const before = tokenCalls();
    const renewed = await fresh();
    expect(renewed.accessToken).not.toBe(old);
    expect(tokenCalls()).toBe(before + 1);
    expect((await grant())!.accessToken).toBe(renewed.accessToken);
    expect((await grant())!.refreshedAt).not.toBeNull();
    harness.advanceMinutes(5);
    await expect(companies(old)).rejects.toMatchObject({ code: 401, body: { category: 'EXPIRED_AUTHENTICATION' } });
    expect((await companies(renewed.accessToken)).results).toHaveLength(2);
  });

  it('refreshes once for a tenant when several workers ask at once', async () => {
    const workerA = credentialsFor;
    const workerB = harness.newCredentials();
    harness.advanceMinutes(26);
    const before = tokenCalls();
    const answers = await Promise.all([fresh(workerA), fresh(workerB), fresh(workerA), fresh(workerB)]);
    expect(new Set(answers.map((a) => a.accessToken)).size).toBe(1);
    expect(tokenCalls()).toBe(before + 1);
  });

  it('refreshes on a 401 for the rejected token only: a token already replaced is not refreshed again', async () => {
    const current = (await fresh()).accessToken;
    const before = tokenCalls();
    const renewed = await fresh(credentialsFor, { rejectedAccessToken: current });
    expect(renewed.accessToken).not.toBe(current);
    expect(tokenCalls()).toBe(before + 1);
    expect((await fresh(harness.newCredentials(), { rejectedAccessToken: current })).accessToken).toBe(renewed.accessToken);
    expect(tokenCalls()).toBe(before + 1);
  });

  it('marks the tenant disconnected when the refresh token is revoked, telling the admin to reinstall, and stops asking HubSpot', async () => {
    const { refreshToken } = (await grant())!;
    await new Client({ basePath: harness.sandboxBase, numberOfApiCallRetries: 0 }).oauth.refreshTokensApi.archive(refreshToken);
    harness.advanceMinutes(30);
    const error = await credentialsFor(tenant).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ kind: 'AUTH' });
    expect((error as Error).message).toMatch(/reinstall it: open http:\/\/127\.0\.0\.1:\d+\/oauth\/hubspot\/install/);
    const after = await getTenant(test.db, TENANT_ID);
    expect(after).toMatchObject({ status: 'disconnected' });
    expect(after?.statusReason).toBe((error as Error).message);
    expect(after?.statusReason).toContain('BAD_REFRESH_TOKEN');
    expect(await grant()).toBeUndefined();
    const calls = tokenCalls();
    expect(await credentialsFor(tenant)).toBeUndefined();
    expect(tokenCalls()).toBe(calls);
  });

  it('reconnects on a re-install: the tenant is active again with new tokens, and onInstalled hears it is a re-install', async () => {
    const run = await installThroughBrowser(harness);
    secretsSeen.add(run.code);
    expect(run.callback.status).toBe(200);
    expect(run.page).toContain('Reconnected');
    expect(await getTenant(test.db, TENANT_ID)).toMatchObject({ status: 'active', statusReason: null });
    expect(harness.installs.at(-1)?.install).toMatchObject({ reinstall: true });
    const { rows } = await test.db.query<{ n: number }>('select count(*)::int as n from tenants');
    expect(rows[0]?.n).toBe(1);
    expect((await companies((await fresh()).accessToken)).results).toHaveLength(2);
    expect((await grant())!.refreshedAt).toBeNull();
  });

  it('never writes a token, code or the client secret to the logs', () => {
    expect(harness.logs.length).toBeGreaterThan(3);
    const logs = harness.logs.join('\n');
    expect(logs).toContain('hubspot app installed');
    expect(logs).toContain('hubspot grant revoked; tenant disconnected');
    for (const secret of secretsSeen) expect(logs).not.toContain(secret);
  });
});
