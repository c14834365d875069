import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hubspotPropertyDefinitions } from '../../../server/src/connectors/hubspot/catalogue-properties.js';
import { CrmError } from '../../../server/src/connectors/crm-error.js';
import { installHubSpotProperties, PropertyInstallError } from '../../../server/src/connectors/hubspot/install-properties.js';
import { buildPortal, property } from '../../fixtures/hubspot/portal-builder.js';
import { startSandbox, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';
import { catalogue } from './company-values.js';
import { sandboxApi, testRedis } from './harness.js';

const WRITES = /^(POST|PATCH) /;

function writesIn(running: RunningSandbox): Record<string, number> {
  return Object.fromEntries(Object.entries(running.sandbox.stats().requests).filter(([route]) => WRITES.test(route)));
}

describe('installing the catalogue properties in a HubSpot portal', () => {
  const redis = testRedis();
  let running: RunningSandbox | undefined;
  const api = (tenantId: string) => {
    if (!running) throw new Error('no sandbox');
    return sandboxApi(running, { tenantId, redis: redis.redis, prefix: redis.prefix });
  };

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  afterAll(async () => {
    await redis.close();
  });

  it('creates the telltale group and every property in one batch on an empty portal', async () => {
    running = await startSandbox({ data: buildPortal({ companies: 2 }) });
    const report = await installHubSpotProperties(api('install-empty'));
    expect(report).toMatchObject({ group: 'created', updated: [], unchanged: [] });
    expect(report.created).toEqual(catalogue.fields.map((f) => f.hubspot.name));
    expect(writesIn(running)).toEqual({ 'POST /crm/v3/properties/{objectType}/groups': 1, 'POST /crm/v3/properties/{objectType}/batch/create': 1 });
    const live = running.sandbox.store.catalog;
    expect(live.group('companies', 'telltale')).toMatchObject({ label: 'Telltale' });
    for (const wanted of hubspotPropertyDefinitions(catalogue)) {
      const { displayOrder: _order, formField: _form, ...rest } = wanted;
      expect(live.get('companies', wanted.name)).toMatchObject({ ...rest, options: rest.options ?? [] });
    }
    expect(live.get('companies', 'telltale_expansion_potential')).toMatchObject({ numberDisplayHint: 'currency', showCurrencySymbol: true });
  });

  it('makes no write on a second run', async () => {
    running = await startSandbox({ data: buildPortal({ companies: 2 }) });
    await installHubSpotProperties(api('install-twice'));
    running.sandbox.resetStats();
    const again = await installHubSpotProperties(api('install-twice'));
    expect(again).toMatchObject({ group: 'unchanged', created: [], updated: [] });
    expect(again.unchanged).toHaveLength(catalogue.fields.length);
    expect(running.sandbox.stats()).toMatchObject({
      total: 2,
      requests: { 'GET /crm/v3/properties/{objectType}/groups': 1, 'GET /crm/v3/properties/{objectType}': 1 },
    });
  });

  it('repairs drifted labels, descriptions, options and display hints, keeping options customers added', async () => {
    running = await startSandbox({ data: buildPortal({ companies: 2 }) });
    await installHubSpotProperties(api('install-drift'));
    const live = running.sandbox.store.catalog;
    const edit = (name: string, change: object) => {
      const current = live.get('companies', name);
      if (!current) throw new Error(`no ${name}`);
      live.put('companies', { ...current, ...change });
    };
    edit('telltale_health_score', { label: 'Health (old)', description: 'old text' });
    edit('telltale_churn_risk_band', {
      options: [
        { value: 'low', label: 'Low', displayOrder: 0, hidden: false },
        { value: 'high', label: 'Very high', displayOrder: 1, hidden: false },
        { value: 'watch', label: 'Watch list', displayOrder: 2, hidden: false },
      ],
    });
    edit('telltale_expansion_potential', { numberDisplayHint: 'formatted' });
    live.putGroup('companies', { name: 'telltale', label: 'Old name', displayOrder: -1, archived: false });
    running.sandbox.store.updateRecord('companies', '1001', { telltale_churn_risk_band: 'watch' });
    running.sandbox.resetStats();

    const report = await installHubSpotProperties(api('install-drift'));
    expect(report.group).toBe('relabelled');
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([
      { name: 'telltale_churn_risk_band', what: ['options'] },
      { name: 'telltale_expansion_potential', what: ['numberDisplayHint'] },
      { name: 'telltale_health_score', what: ['label', 'description'] },
    ]);
    expect(writesIn(running)).toEqual({ 'PATCH /crm/v3/properties/{objectType}/groups/{groupName}': 1, 'PATCH /crm/v3/properties/{objectType}/{propertyName}': 3 });
    expect(live.get('companies', 'telltale_health_score')).toMatchObject({ label: 'Health score', description: catalogue.byKey.get('health_score')?.description });
    expect(live.get('companies', 'telltale_churn_risk_band')?.options.map((o) => [o.value, o.label])).toEqual([
      ['low', 'Low'],
      ['medium', 'Medium'],
      ['high', 'High'],
      ['watch', 'Watch list'],
    ]);
    expect(live.get('companies', 'telltale_expansion_potential')?.numberDisplayHint).toBe('currency');
    expect(running.sandbox.store.getRecord('companies', '1001')?.properties.telltale_churn_risk_band).toBe('watch');

    running.sandbox.resetStats();
    await installHubSpotProperties(api('install-drift'));
    expect(writesIn(running)).toEqual({});
  });

  it('refuses a portal where a catalogue property has another type, writing nothing', async () => {
    const data = buildPortal({ companies: 2 });
    data.properties.companies.push(property('telltale_health_score', 'string', 'customer_success', { hubspotDefined: false }));
    running = await startSandbox({ data });
    const error = await installHubSpotProperties(api('install-conflict')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropertyInstallError);
    expect((error as Error).message).toMatch(/telltale_health_score has type string; the catalogue needs number.*Nothing was changed/);
    expect(writesIn(running)).toEqual({});
  });

  it('refuses a portal where a catalogue property is archived, naming how to restore it', async () => {
    const data = buildPortal({ companies: 2 });
    data.properties.companies.push(property('telltale_model_version', 'string', 'customer_success', { hubspotDefined: false, archived: true }));
    running = await startSandbox({ data });
    const error = await installHubSpotProperties(api('install-archived')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropertyInstallError);
    expect((error as Error).message).toMatch(/telltale_model_version is archived in the portal; restore it/);
    expect(writesIn(running)).toEqual({});
  });

  it('fails with an AUTH error naming the missing scope when the token may not change property definitions', async () => {
    running = await startSandbox({ data: buildPortal({ companies: 2 }), grantedScopes: ['crm.objects.companies.read', 'crm.objects.companies.write', 'crm.schemas.companies.read'] });
    const error = await installHubSpotProperties(api('install-scopes')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ kind: 'AUTH', status: 403 });
    expect((error as Error).message).toMatch(/Installing Telltale's HubSpot properties was refused: it needs the crm\.schemas\.companies\.read, crm\.schemas\.companies\.write scopes\. HubSpot asked for: crm\.schemas\.companies\.write\./);
    expect(running.sandbox.store.catalog.group('companies', 'telltale')).toBeUndefined();
  });
});
