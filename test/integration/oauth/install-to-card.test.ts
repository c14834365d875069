import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@hubspot/api-client';
import { scoredInsightsSchema } from '../../../server/src/api/card-schemas.js';
import { loadFieldCatalogue } from '../../../server/src/actions/fields-catalogue.js';
import { hubspotPropertyDefinition } from '../../../server/src/connectors/hubspot/catalogue-properties.js';
import { HUBSPOT_AUTHORIZE_URL } from '../../../server/src/connectors/hubspot/oauth.js';
import { latestPredictions, type Prediction } from '../../../server/src/store/predictions.js';
import { loadHubSpotGrant } from '../../../server/src/store/tenant-credentials.js';
import { ensureTenant, getTenant } from '../../../server/src/store/tenants.js';
import { startAppService, type AppServiceHarness } from './app-service-harness.js';
import { installThroughBrowser } from './oauth-harness.js';

/**
 * A marketplace install end to end, through the service as it runs (API, BullMQ workers, store): the
 * admin installs the app from the portal, and without anything else a CSM's card shows the account's
 * scores. HubSpot is the sandbox portal; its consent screen stands in for app.hubspot.com.
 */
describe('installing the HubSpot app brings a new portal to scored cards', () => {
  let harness: AppServiceHarness;
  let portalId: string;
  let tenantId: string;
  let accessToken: string;
  let scored: Prediction;
  const catalogue = loadFieldCatalogue();
  const portalClient = () => new Client({ accessToken, basePath: harness.portal.baseUrl, numberOfApiCallRetries: 0 });

  beforeAll(async () => {
    harness = await startAppService({ accounts: 24 });
    portalId = String(harness.portal.sandbox.portalId);
    tenantId = `hubspot-${portalId}`;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('starts with no tenant, and the install sends the browser to the consent screen and back to a tenant with sealed tokens', async () => {
    expect(harness.service.tenants).toEqual([]);
    const run = await installThroughBrowser({ origin: harness.publicUrl }, { consentScreen: `${harness.portal.baseUrl}/oauth/authorize` });
    const authorize = new URL(run.authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(HUBSPOT_AUTHORIZE_URL);
    expect(authorize.searchParams.get('client_id')).toBe(harness.portal.sandbox.oauth.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${harness.publicUrl}/oauth/hubspot/callback`);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['crm.objects.companies.read', 'crm.schemas.companies.write']));
    expect(new URL(run.callbackUrl).origin).toBe(harness.publicUrl);

    expect(run.callback.status).toBe(200);
    expect(run.page).toContain('Telltale is connected to HubSpot');
    expect(await getTenant(harness.service.db, tenantId)).toMatchObject({ crm: 'hubspot', externalId: portalId, status: 'active', isSandbox: false });

    const grant = await loadHubSpotGrant(harness.service.db, harness.box, tenantId);
    expect(grant).toBeDefined();
    accessToken = grant!.accessToken;
    expect(harness.portal.sandbox.oauth.accessTokenInfo(accessToken)).toMatchObject({ hub_id: Number(portalId) });
    const { rows } = await harness.service.db.query<Record<string, unknown>>('select * from tenant_credentials where tenant_id = $1', [tenantId]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(accessToken);
    expect(JSON.stringify(rows)).not.toContain(grant!.refreshToken);
  });

  it("installs the catalogue's property group and properties in the portal at install, queued before the first sync", async () => {
    const install = await harness.finishedJob('act-tenant', { tenantId, reason: 'install' });
    const sync = await harness.finishedJob('sync-tenant', { tenantId, mode: 'full' });
    expect(install.timestamp).toBeLessThanOrEqual(sync.timestamp);
    const { objectType, group } = catalogue.hubspot;
    expect(await portalClient().crm.properties.groupsApi.getByName(objectType, group.name)).toMatchObject({ name: group.name, label: group.label });
    const live = new Map((await portalClient().crm.properties.coreApi.getAll(objectType)).results.map((p) => [p.name, p]));
    for (const field of catalogue.fields) {
      const expected = hubspotPropertyDefinition(catalogue, field);
      expect(live.get(field.hubspot.name), field.hubspot.name).toMatchObject({ name: expected.name, groupName: group.name, type: expected.type, fieldType: expected.fieldType });
    }
  });

  it('runs a first full sync of the portal with the OAuth token: every company lands in the store', async () => {
    await harness.finishedJob('sync-tenant', { tenantId, mode: 'full' });
    const { rows } = await harness.service.db.query<{ id: string }>('select id from accounts where tenant_id = $1 order by id', [tenantId]);
    const { store } = harness.portal.sandbox;
    const companies = store.idOrder('companies').filter((id) => store.getRecord('companies', id) !== undefined);
    expect(rows.map((row) => row.id).sort()).toEqual([...companies].sort());
    const runs = await harness.service.db.query<{ status: string; mode: string }>('select status, mode from sync_runs where tenant_id = $1', [tenantId]);
    expect(runs.rows.length).toBeGreaterThan(0);
    expect(runs.rows.every((run) => run.status === 'succeeded' && run.mode === 'full')).toBe(true);
  });

  it('scores the synced customers once the sync has finished', async () => {
    const sync = await harness.finishedJob('sync-tenant', { tenantId, mode: 'full' });
    const score = await harness.finishedJob('score-tenant', { tenantId, reason: 'after-sync' });
    // Queued by the sync once it had stored the portal (its after-sync step), not by anything else.
    expect(score.timestamp).toBeGreaterThanOrEqual(sync.processedOn!);
    const predictions = await latestPredictions(harness.service.db, tenantId, 'churn');
    expect(predictions.length).toBeGreaterThan(5);
    expect(score.returnvalue).toMatchObject({ scored: predictions.length });
    scored = predictions.reduce((riskiest, p) => (p.probability > riskiest.probability ? p : riskiest));
  });

  it('writes the scores back to the portal once the first scoring is done', async () => {
    await harness.finishedJob('act-tenant', { tenantId, reason: 'after-score' });
    const company = await portalClient().crm.companies.basicApi.getById(scored.accountId, ['telltale_churn_risk_score', 'telltale_churn_risk_band']);
    expect(company.properties).toMatchObject({ telltale_churn_risk_score: String(scored.riskScore), telltale_churn_risk_band: scored.band });
  });

  it("answers a card request signed for the portal with the scored account's insights", async () => {
    const { status, body } = await harness.signedGet(`/api/v1/hubspot/companies/${scored.accountId}/insights`, portalId);
    expect(status).toBe(200);
    const insights = scoredInsightsSchema.parse(body);
    expect(insights.account.id).toBe(scored.accountId);
    expect(insights.account.name).toBe(harness.portal.sandbox.store.getRecord('companies', scored.accountId)?.properties.name);
    expect(insights.churn).toMatchObject({ probability: scored.probability, riskScore: scored.riskScore, band: scored.band });
    expect(insights.churn.drivers.length).toBeGreaterThan(0);
    expect(insights.scoredAt).toBe(scored.scoredAt.toISOString());
  });

  it("refuses the company to a request signed for another portal, even one Telltale serves, and to another app's signature", async () => {
    const path = `/api/v1/hubspot/companies/${scored.accountId}/insights`;
    const otherPortal = String(Number(portalId) + 1);
    expect(await harness.signedGet(path, otherPortal)).toMatchObject({ status: 404, body: { error: 'not_found' } });
    await ensureTenant(harness.service.db, { crm: 'hubspot', externalId: otherPortal, name: 'Another portal' });
    expect(await harness.signedGet(path, otherPortal)).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await harness.signedGet(path, portalId, { secret: 'another-apps-client-secret' })).toMatchObject({ status: 401, body: { error: 'invalid_signature' } });
  });
});
