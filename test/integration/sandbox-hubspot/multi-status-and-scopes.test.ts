import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, property } from '../../fixtures/hubspot/portal-builder.js';
import { FIXTURE_TOKEN, startSandbox, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function portalWithBand() {
  const data = buildPortal({ companies: 5 });
  data.properties.companies.push(
    property('band', 'enumeration', 'customer_success', { options: ['low', 'high'].map((value, displayOrder) => ({ value, label: value, displayOrder, hidden: false })) }),
  );
  return data;
}

describe('HubSpot sandbox batch multi-status answers through @hubspot/api-client', () => {
  let running: RunningSandbox;
  beforeAll(async () => {
    running = await startSandbox({ data: portalWithBand(), rateLimit: false });
  });
  afterAll(async () => {
    await running.close();
  });

  it('applies the valid inputs of a traced batch update and names the invalid one by its trace id (207)', async () => {
    const response = await running.client.crm.objects.batchApi.updateWithHttpInfo('companies', {
      inputs: [
        { id: '1001', objectWriteTraceId: 't-1001', properties: { band: 'high' } },
        { id: '1002', objectWriteTraceId: 't-1002', properties: { band: 'severe' } },
        { id: '1003', objectWriteTraceId: 't-1003', properties: { band: 'low' } },
      ],
    });
    expect(response.httpStatusCode).toBe(207);
    expect(response.data.results.map((r) => [r.id, r.objectWriteTraceId])).toEqual([
      ['1001', 't-1001'],
      ['1003', 't-1003'],
    ]);
    const errors = 'errors' in response.data ? response.data.errors : [];
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: expect.stringMatching(/^Property values were not valid: .*INVALID_OPTION/),
      context: { objectWriteTraceId: ['t-1002'] },
    });
    expect(running.sandbox.store.getRecord('companies', '1001')?.properties.band).toBe('high');
    expect(running.sandbox.store.getRecord('companies', '1002')?.properties.band).toBeUndefined();
  });

  it('rejects a whole untraced batch with 400 when one input is invalid, applying none', async () => {
    const error = await running.client.crm.objects.batchApi
      .update('companies', { inputs: [{ id: '1004', properties: { band: 'low' } }, { id: '1005', properties: { band: 'severe' } }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
    expect(running.sandbox.store.getRecord('companies', '1004')?.properties.band).toBeUndefined();
  });

  it('lists missing records of a traced update with their ids and trace ids', async () => {
    const response = await running.client.crm.objects.batchApi.updateWithHttpInfo('companies', {
      inputs: [
        { id: '1004', objectWriteTraceId: 'a', properties: { band: 'low' } },
        { id: '999999', objectWriteTraceId: 'b', properties: { band: 'low' } },
      ],
    });
    expect(response.httpStatusCode).toBe(207);
    const errors = 'errors' in response.data ? response.data.errors : [];
    expect(errors?.[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999999'], objectWriteTraceId: ['b'] } });
  });

  it('takes numbers only as digits with an optional sign and one decimal point', async () => {
    await running.client.crm.companies.basicApi.update('1001', { properties: { arr: '-1250.5' } });
    for (const bad of ['1e3', '1,250', ' 12']) {
      const error = await running.client.crm.companies.basicApi.update('1001', { properties: { arr: bad } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR', message: expect.stringContaining('INVALID_INTEGER') } });
    }
  });

  it('keeps a number property display hint from create and update', async () => {
    const auth = { authorization: `Bearer ${FIXTURE_TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${running.baseUrl}/crm/v3/properties/companies`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'potential', label: 'Potential', type: 'number', fieldType: 'number', groupName: 'customer_success', numberDisplayHint: 'currency', showCurrencySymbol: true }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ numberDisplayHint: 'currency', showCurrencySymbol: true });
    const patched = await fetch(`${running.baseUrl}/crm/v3/properties/companies/potential`, { method: 'PATCH', headers: auth, body: JSON.stringify({ numberDisplayHint: 'unformatted' }) });
    expect(await patched.json()).toMatchObject({ numberDisplayHint: 'unformatted', showCurrencySymbol: true });
    const refused = await fetch(`${running.baseUrl}/crm/v3/properties/companies/potential`, { method: 'PATCH', headers: auth, body: JSON.stringify({ numberDisplayHint: 'money' }) });
    expect(refused.status).toBe(400);
  });
});

describe('HubSpot sandbox scopes', () => {
  let running: RunningSandbox;
  beforeAll(async () => {
    running = await startSandbox({ data: buildPortal({ companies: 3 }), rateLimit: false, grantedScopes: ['crm.objects.companies.read', 'crm.schemas.companies.read'] });
  });
  afterAll(async () => {
    await running.close();
  });

  it('serves what the granted scopes cover and answers 403 MISSING_SCOPES naming the scope otherwise', async () => {
    await expect(running.client.crm.properties.coreApi.getAll('companies')).resolves.toMatchObject({ results: expect.any(Array) });
    const error = await running.client.crm.properties.groupsApi.create('companies', { name: 'telltale', label: 'Telltale' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 403,
      body: {
        status: 'error',
        category: 'MISSING_SCOPES',
        correlationId: expect.stringMatching(UUID),
        errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['crm.schemas.companies.write'] } }],
      },
    });
    const write = await running.client.crm.companies.batchApi.update({ inputs: [{ id: '1001', properties: { name: 'x' } }] }).catch((e: unknown) => e);
    expect(write).toMatchObject({ code: 403, body: { errors: [{ context: { requiredGranularScopes: ['crm.objects.companies.write'] } }] } });
    expect(running.sandbox.store.catalog.group('companies', 'telltale')).toBeUndefined();
  });
});
