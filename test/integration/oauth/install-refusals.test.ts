import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadHubSpotGrant } from '../../../server/src/store/tenant-credentials.js';
import { getTenant, listTenants } from '../../../server/src/store/tenants.js';
import { FIXTURE_PORTAL_ID } from '../../fixtures/hubspot/portal-builder.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';
import { CLIENT_SECRET, installThroughBrowser, startInstall, startOAuthHarness, type OAuthHarness } from './oauth-harness.js';

const TENANT_ID = `hubspot-${FIXTURE_PORTAL_ID}`;

/** The install flow's refusals and failures (PGlite: no path here depends on the database kind). */
describe('HubSpot install refusals', () => {
  let test: TestDatabase;
  let harness: OAuthHarness;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    harness = await startOAuthHarness(test.db);
  });
  afterEach(async () => {
    await test.db.query('delete from tenants');
    harness.installs.length = 0;
    harness.hooks.onInstalled = async () => undefined;
    harness.setApp((app) => app);
  });
  afterAll(async () => {
    await harness?.close();
    await test?.drop();
  });

  const callback = (query: string, cookie?: string) => fetch(`${harness.origin}/oauth/hubspot/callback?${query}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const nothingStored = async () => {
    expect(await listTenants(test.db)).toEqual([]);
    expect(harness.installs).toEqual([]);
  };

  it('answers a cancelled consent (error=access_denied) with a page saying nothing changed', async () => {
    const answer = await callback('error=access_denied&error_description=The+user+declined');
    expect(answer.status).toBe(403);
    const page = await answer.text();
    expect(page).toContain('Install cancelled');
    expect(page).toContain('href="/oauth/hubspot/install"');
    await nothingStored();
  });

  it('refuses a state older than ten minutes', async () => {
    const run = await installThroughBrowser(harness, { beforeCallback: () => harness.advanceMinutes(11) });
    expect(run.callback.status).toBe(400);
    expect(run.page).toContain('This install link has expired');
    await nothingStored();
  });

  it('refuses a callback in a browser without the install cookie, and one with a changed state', async () => {
    const run = await startInstall(harness);
    const url = new URL(run.callbackUrl);
    const elsewhere = await callback(url.searchParams.toString());
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('Start the install in this browser');
    url.searchParams.set('state', `${url.searchParams.get('state')}x`);
    const changed = await callback(url.searchParams.toString(), run.cookie);
    expect(changed.status).toBe(400);
    expect(await changed.text()).toContain('This install link is not valid');
    await nothingStored();
  });

  it("refuses a replayed callback: HubSpot's code is single-use (BAD_AUTH_CODE)", async () => {
    const run = await installThroughBrowser(harness);
    expect(run.callback.status).toBe(200);
    const replay = await callback(new URL(run.callbackUrl).searchParams.toString(), run.cookie);
    expect(replay.status).toBe(400);
    const page = await replay.text();
    expect(page).toContain('This install link was already used');
    expect(page).not.toContain(run.code);
    expect(harness.installs).toHaveLength(1);
  });

  it("shows a configuration error, and stores nothing, when HubSpot refuses the app's client secret", async () => {
    harness.setApp((app) => ({ ...app, clientSecret: 'not-the-secret' }));
    const run = await installThroughBrowser(harness);
    expect(run.callback.status).toBe(502);
    expect(run.page).toContain('HubSpot refused this Telltale service');
    expect(run.page).not.toContain('not-the-secret');
    await nothingStored();
    expect(harness.logs.join('\n')).toContain('BAD_CLIENT_SECRET');
    expect(harness.logs.join('\n')).not.toContain('not-the-secret');
  });

  it('keeps the tokens and says setup did not finish when onInstalled fails; installing again retries it', async () => {
    harness.hooks.onInstalled = async () => {
      throw new Error('property group could not be created');
    };
    const failed = await installThroughBrowser(harness);
    expect(failed.callback.status).toBe(500);
    expect(failed.page).toContain('Connected, but setup did not finish');
    expect(await getTenant(test.db, TENANT_ID)).toMatchObject({ status: 'active' });
    expect(await loadHubSpotGrant(test.db, harness.box, TENANT_ID)).toBeDefined();
    harness.hooks.onInstalled = async () => undefined;
    const retried = await installThroughBrowser(harness);
    expect(retried.callback.status).toBe(200);
    expect(harness.installs.map((i) => i.install.reinstall)).toEqual([false, true]);
  });

  it('answers 404 with a hint on both routes when OAuth is not configured (private-app mode)', async () => {
    harness.setApp(undefined);
    for (const path of ['/oauth/hubspot/install', '/oauth/hubspot/callback?code=c&state=s']) {
      const answer = await fetch(`${harness.origin}${path}`, { redirect: 'manual' });
      expect(answer.status).toBe(404);
      const page = await answer.text();
      expect(page).toContain('HUBSPOT_CLIENT_ID');
      expect(page).toContain('HUBSPOT_ACCESS_TOKEN');
    }
    expect(JSON.stringify(harness.logs)).not.toContain(CLIENT_SECRET);
  });
});
