import { createHmac } from 'node:crypto';
import jsforce from 'jsforce';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../server/src/clock/clock.js';
import { API_VERSION, CONSUMER_SECRET, failure, orgPerTest, type RunningOrg } from './support/start-org.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

async function token(org: RunningOrg, form: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${org.loginUrl}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('Salesforce sandbox OAuth and sessions', () => {
  const start = orgPerTest();

  it('logs in through the JWT bearer flow with jsforce and answers with a signed token response', async () => {
    const org = await start();
    const conn = await org.login();
    expect(conn.instanceUrl).toBe(org.loginUrl);
    expect(conn.userInfo).toMatchObject({ id: org.sandbox.userId, organizationId: org.sandbox.orgId });
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(60);
    const { status, body } = await token(org, { grant_type: JWT_BEARER, assertion: org.assertion() });
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(new RegExp(`^${org.sandbox.orgId.slice(0, 15)}!`)),
      scope: 'api', instance_url: org.loginUrl, id: `${org.loginUrl}/id/${org.sandbox.orgId}/${org.sandbox.userId}`,
      token_type: 'Bearer', issued_at: expect.stringMatching(/^\d{13}$/), signature: expect.any(String),
    });
    expect(body.signature).toBe(createHmac('sha256', CONSUMER_SECRET).update(`${body.id}${body.issued_at}`).digest('base64'));
    expect(org.sandbox.stats().tokensIssued).toEqual({ [JWT_BEARER]: 2 });
  });

  it("refuses bad assertions and grants with Salesforce's error and description", async () => {
    const org = await start();
    const conn = new jsforce.Connection({ loginUrl: org.loginUrl, version: API_VERSION });
    const refusal = await failure(conn.authorize({ grant_type: JWT_BEARER, assertion: org.assertion({ aud: 'https://login.salesforce.com' }) }));
    expect([refusal.name, refusal.message]).toEqual(['invalid_grant', 'audience is invalid']);
    expect(await token(org, { grant_type: JWT_BEARER, assertion: org.assertion({ sub: 'someone@else.example' }) })).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: "user hasn't approved this consumer" } });
    expect(await token(org, { grant_type: 'password', username: 'x', password: 'y' })).toEqual({ status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } });
    expect(await token(org, { grant_type: 'refresh_token', client_id: org.sandbox.consumerKey, client_secret: 'wrong', refresh_token: 'x' })).toEqual({ status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } });
    expect(await token(org, { grant_type: 'refresh_token', client_id: org.sandbox.consumerKey, client_secret: CONSUMER_SECRET, refresh_token: 'x' })).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } });
  });

  it('answers an unknown or missing session with 401 INVALID_SESSION_ID', async () => {
    const org = await start();
    for (const headers of [{ authorization: 'Bearer 00Dxx!nope' }, {}] as Array<Record<string, string>>) {
      const response = await fetch(`${org.loginUrl}/services/data/v62.0/limits`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
  });

  it('lets jsforce log in again through refreshFn once every session was expired', async () => {
    const org = await start();
    let refreshes = 0;
    const conn = new jsforce.Connection({
      instanceUrl: org.loginUrl,
      accessToken: org.sandbox.issueSession().accessToken,
      version: API_VERSION,
      refreshFn: (_conn, callback) => {
        refreshes++;
        void token(org, { grant_type: JWT_BEARER, assertion: org.assertion() }).then(({ body }) => callback(null, body.access_token ?? ''));
      },
    });
    const old = conn.accessToken;
    expect((await org.admin('/__faults', { method: 'POST', body: { errorCode: 'INVALID_SESSION_ID' } })).status).toBe(201);
    expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBe(org.sandbox.org.count('Contact'));
    expect(refreshes).toBe(1);
    expect(conn.accessToken).not.toBe(old);
    expect(org.sandbox.stats().byStatus).toEqual({ '200': 1, '401': 1 });
  });

  it('refreshes with the refresh_token grant through jsforce OAuth2 settings', async () => {
    const org = await start();
    const issued = org.sandbox.issueSession({ withRefreshToken: true });
    const conn = new jsforce.Connection({
      oauth2: { clientId: org.sandbox.consumerKey, clientSecret: CONSUMER_SECRET, loginUrl: org.loginUrl },
      instanceUrl: org.loginUrl, accessToken: issued.accessToken, refreshToken: issued.refreshToken ?? '', version: API_VERSION,
    });
    org.sandbox.expireAllSessions();
    expect((await conn.query('SELECT COUNT() FROM Opportunity')).totalSize).toBe(org.sandbox.org.count('Opportunity'));
    expect(org.sandbox.stats().tokensIssued).toEqual({ refresh_token: 1 });
  });

  it('ends sessions after their lifetime', async () => {
    let now = Date.parse('2026-07-01T10:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    const org = await start({ clock, sessionTtlSeconds: 60 });
    const conn = org.connect();
    await expect(conn.query('SELECT Id FROM User LIMIT 1')).resolves.toMatchObject({ totalSize: 1 });
    now += 60_000;
    const error = await failure(conn.query('SELECT Id FROM User LIMIT 1'));
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
  });

  it('runs the web-server flow: authorize redirects back with a code that jsforce exchanges for a refresh token', async () => {
    const org = await start({ callbackUrls: ['http://127.0.0.1/oauth/salesforce/callback'] });
    const authorize = new URL(`${org.loginUrl}/services/oauth2/authorize`);
    authorize.search = new URLSearchParams({ response_type: 'code', client_id: org.sandbox.consumerKey, redirect_uri: 'http://127.0.0.1/oauth/salesforce/callback', state: 's1' }).toString();
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('s1');
    const conn = new jsforce.Connection({ oauth2: { clientId: org.sandbox.consumerKey, clientSecret: CONSUMER_SECRET, redirectUri: 'http://127.0.0.1/oauth/salesforce/callback', loginUrl: org.loginUrl }, version: API_VERSION });
    await conn.authorize(back.searchParams.get('code') ?? '');
    expect(conn.refreshToken).toMatch(/^5Aep861/);
    expect((await conn.query('SELECT COUNT() FROM Event')).totalSize).toBe(org.sandbox.org.count('Event'));
    const reused = await failure(conn.authorize(back.searchParams.get('code') ?? ''));
    expect([reused.name, reused.message]).toEqual(['invalid_grant', 'invalid authorization code']);
    authorize.searchParams.set('redirect_uri', 'https://evil.example/cb');
    expect((await fetch(authorize, { redirect: 'manual' })).status).toBe(400);
  });
});
