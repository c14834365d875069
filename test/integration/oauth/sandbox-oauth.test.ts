import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@hubspot/api-client';
import { SANDBOX_OAUTH_CLIENT_ID } from '../../../server/src/sandbox/hubspot/oauth-grants.js';
import { buildPortal, FIXTURE_PORTAL_ID } from '../../fixtures/hubspot/portal-builder.js';
import { FIXTURE_SECRET, startSandbox, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';
import { movableClock } from './oauth-harness.js';

const REDIRECT = 'http://127.0.0.1:9/oauth/hubspot/callback';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the HubSpot sandbox as an OAuth server', () => {
  let running: RunningSandbox;
  let advanceMinutes: (minutes: number) => void;
  let oauthClient: Client;

  beforeEach(async () => {
    const movable = movableClock();
    advanceMinutes = movable.advanceMinutes;
    running = await startSandbox({ data: buildPortal({ companies: 3 }), clock: movable.clock, rateLimit: false });
    oauthClient = new Client({ basePath: running.baseUrl, numberOfApiCallRetries: 0 });
  });
  afterEach(async () => {
    running.sandbox.webhooks.close();
    await running.close();
  });

  async function authorize(query: Record<string, string> = {}): Promise<Response> {
    const params = new URLSearchParams({ client_id: SANDBOX_OAUTH_CLIENT_ID, redirect_uri: REDIRECT, scope: 'oauth crm.objects.companies.read', state: 's-1', ...query });
    return fetch(`${running.baseUrl}/oauth/authorize?${params.toString()}`, { redirect: 'manual' });
  }

  async function newCode(): Promise<string> {
    const answer = await authorize();
    return new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
  }

  const exchange = (code: string, overrides: { secret?: string; redirect?: string; clientId?: string } = {}) =>
    oauthClient.oauth.tokensApi.create('authorization_code', code, overrides.redirect ?? REDIRECT, overrides.clientId ?? SANDBOX_OAUTH_CLIENT_ID, overrides.secret ?? FIXTURE_SECRET);

  const refresh = (refreshToken: string) => oauthClient.oauth.tokensApi.create('refresh_token', undefined, REDIRECT, SANDBOX_OAUTH_CLIENT_ID, FIXTURE_SECRET, refreshToken);

  const rawToken = (form: Record<string, string>) =>
    fetch(`${running.baseUrl}/oauth/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

  it('stands in for the consent screen: redirects back with a code and the state, as "Connect app" does', async () => {
    const answer = await authorize();
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('s-1');
    expect(back.searchParams.get('code')).toMatch(UUID);
  });

  it('shows an error instead of redirecting for an unknown client id or a missing redirect URL', async () => {
    const unknown = await authorize({ client_id: 'someone-else' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('unknown client_id');
    const noRedirect = await authorize({ redirect_uri: 'javascript:alert(1)' });
    expect(noRedirect.status).toBe(400);
    expect(noRedirect.headers.get('location')).toBeNull();
  });

  it('exchanges a code once for tokens the API routes accept, and reports the portal and scopes of the token', async () => {
    const tokens = await exchange(await newCode());
    expect(tokens).toMatchObject({ tokenType: 'bearer', expiresIn: 1800 });
    expect(tokens.refreshToken).toMatch(/^na1-/);
    const api = new Client({ accessToken: tokens.accessToken, basePath: running.baseUrl, numberOfApiCallRetries: 0 });
    const page = await api.crm.companies.basicApi.getPage(2);
    expect(page.results).toHaveLength(2);
    const info = await oauthClient.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info).toMatchObject({ hubId: FIXTURE_PORTAL_ID, scopes: ['oauth', 'crm.objects.companies.read'], expiresIn: 1800, tokenType: 'access' });
  });

  it("answers HubSpot's 400 BAD_AUTH_CODE for a reused, unknown or expired code", async () => {
    const code = await newCode();
    await exchange(code);
    await expect(exchange(code)).rejects.toMatchObject({ code: 400, body: { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code' } });
    await expect(exchange('not-a-code')).rejects.toMatchObject({ code: 400, body: { status: 'BAD_AUTH_CODE' } });
    const late = await newCode();
    advanceMinutes(6);
    await expect(exchange(late)).rejects.toMatchObject({ code: 400, body: { status: 'BAD_AUTH_CODE' } });
  });

  it('refuses a wrong client id, client secret, redirect URI or grant type with HubSpot-shaped bodies', async () => {
    const body = async (form: Record<string, string>) => {
      const answer = await rawToken(form);
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    };
    const base = { grant_type: 'authorization_code', client_id: SANDBOX_OAUTH_CLIENT_ID, client_secret: FIXTURE_SECRET, redirect_uri: REDIRECT };
    expect(await body({ ...base, client_id: 'other', code: await newCode() })).toEqual({
      status: 400,
      body: { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id', correlationId: expect.stringMatching(UUID), error: 'invalid_client', error_description: 'missing or unknown client id' },
    });
    expect(await body({ ...base, client_secret: 'wrong', code: await newCode() })).toMatchObject({ status: 400, body: { status: 'BAD_CLIENT_SECRET', error: 'invalid_client' } });
    expect(await body({ ...base, redirect_uri: 'http://127.0.0.1:9/elsewhere', code: await newCode() })).toMatchObject({ status: 400, body: { status: 'BAD_REDIRECT_URI', error: 'invalid_grant' } });
    expect(await body({ ...base, grant_type: 'password' })).toMatchObject({ status: 400, body: { status: 'BAD_GRANT_TYPE', error: 'unsupported_grant_type' } });
    expect(JSON.stringify(await body({ ...base, client_secret: 'wrong', code: 'c' }))).not.toContain('wrong');
  });

  it('refreshes: a new access token for the same refresh token, while the old access token runs out', async () => {
    const first = await exchange(await newCode());
    advanceMinutes(20);
    const second = await refresh(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).toBe(first.refreshToken);
    advanceMinutes(12);
    const stale = new Client({ accessToken: first.accessToken, basePath: running.baseUrl, numberOfApiCallRetries: 0 });
    await expect(stale.crm.companies.basicApi.getPage(1)).rejects.toMatchObject({
      code: 401,
      body: { status: 'error', category: 'EXPIRED_AUTHENTICATION', message: 'The OAuth token used to make this call expired 2 minute(s) ago.' },
    });
    const fresh = new Client({ accessToken: second.accessToken, basePath: running.baseUrl, numberOfApiCallRetries: 0 });
    await expect(fresh.crm.companies.basicApi.getPage(1)).resolves.toMatchObject({ results: [expect.anything()] });
  });

  it("still takes the private-app token, and answers 401 INVALID_AUTHENTICATION for a token it never issued", async () => {
    await expect(running.client.crm.companies.basicApi.getPage(1)).resolves.toMatchObject({ results: [expect.anything()] });
    const forged = new Client({ accessToken: 'sandbox-oauth-forged', basePath: running.baseUrl, numberOfApiCallRetries: 0 });
    await expect(forged.crm.companies.basicApi.getPage(1)).rejects.toMatchObject({ code: 401, body: { category: 'INVALID_AUTHENTICATION' } });
  });

  it('revokes a refresh token (DELETE /oauth/v1/refresh-tokens/{token}): refreshing then answers 400 BAD_REFRESH_TOKEN', async () => {
    const tokens = await exchange(await newCode());
    await expect(oauthClient.oauth.refreshTokensApi.get(tokens.refreshToken)).resolves.toMatchObject({ hubId: FIXTURE_PORTAL_ID, clientId: SANDBOX_OAUTH_CLIENT_ID });
    await oauthClient.oauth.refreshTokensApi.archive(tokens.refreshToken);
    await expect(refresh(tokens.refreshToken)).rejects.toMatchObject({ code: 400, body: { status: 'BAD_REFRESH_TOKEN', error: 'invalid_grant' } });
    await expect(oauthClient.oauth.refreshTokensApi.get(tokens.refreshToken)).rejects.toMatchObject({ code: 404 });
    expect(running.sandbox.stats().requests).toMatchObject({ 'POST /oauth/v1/token': 2, 'DELETE /oauth/v1/refresh-tokens/{token}': 1 });
  });
});
