import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { buildPortal } from '../../fixtures/hubspot/portal-builder.js';
import { startSandbox, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';

describe('HubSpot sandbox properties and owners through @hubspot/api-client', () => {
  let running: RunningSandbox;
  beforeAll(async () => {
    running = await startSandbox({ data: buildPortal({ owners: 7 }), rateLimit: false });
  });
  afterAll(async () => {
    await running.close();
  });

  it('lists the portal\'s company properties including the customer_success group', async () => {
    const all = await running.client.crm.properties.coreApi.getAll('companies');
    const arr = all.results.find((p) => p.name === 'arr');
    expect(arr).toMatchObject({ type: 'number', groupName: 'customer_success' });
    expect(all.results.map((p) => p.name)).toContain('hs_object_id');
    const groups = await running.client.crm.properties.groupsApi.getAll('companies');
    expect(groups.results.map((g) => g.name)).toContain('customer_success');
  });

  it('creates a group and a property, refuses the same property twice with 409, and updates it', async () => {
    await running.client.crm.properties.groupsApi.create('companies', { name: 'telltale', label: 'Telltale', displayOrder: 5 });
    const create = {
      name: 'telltale_churn_risk',
      label: 'Churn risk',
      type: PropertyCreateTypeEnum.Number,
      fieldType: PropertyCreateFieldTypeEnum.Number,
      groupName: 'telltale',
    };
    const created = await running.client.crm.properties.coreApi.create('companies', create);
    expect(created).toMatchObject({ name: 'telltale_churn_risk', groupName: 'telltale', hubspotDefined: false });
    const duplicate = await running.client.crm.properties.coreApi.create('companies', create).catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ code: 409, body: { category: 'OBJECT_ALREADY_EXISTS' } });
    const updated = await running.client.crm.properties.coreApi.update('companies', 'telltale_churn_risk', { label: 'Churn risk (%)' });
    expect(updated.label).toBe('Churn risk (%)');
    const fetched = await running.client.crm.properties.coreApi.getByName('companies', 'telltale_churn_risk');
    expect(fetched.label).toBe('Churn risk (%)');
    await running.client.crm.companies.basicApi.update('1001', { properties: { telltale_churn_risk: '0.42' } });
    const company = await running.client.crm.companies.basicApi.getById('1001', ['telltale_churn_risk']);
    expect(company.properties.telltale_churn_risk).toBe('0.42');
  });

  it('batch-creates properties and reports an existing one as an error entry', async () => {
    const input = (name: string) => ({ name, label: name, type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text, groupName: 'customer_success' });
    const response = await running.client.crm.properties.batchApi.create('companies', { inputs: [input('telltale_next_step'), input('arr')] });
    expect(response.results.map((p) => p.name)).toEqual(['telltale_next_step']);
    expect(response).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_ALREADY_EXISTS' }] });
  });

  it('pages owners, filters them by email and reads one by id', async () => {
    const first = await running.client.crm.owners.ownersApi.getPage(undefined, undefined, 5);
    expect(first.results).toHaveLength(5);
    const second = await running.client.crm.owners.ownersApi.getPage(undefined, first.paging?.next?.after, 5);
    expect(second.results.map((o) => o.id)).toEqual(['105', '106']);
    const byEmail = await running.client.crm.owners.ownersApi.getPage('csm2@vendor.example.com');
    expect(byEmail.results.map((o) => o.id)).toEqual(['102']);
    const one = await running.client.crm.owners.ownersApi.getById(101);
    expect(one).toMatchObject({ email: 'csm1@vendor.example.com', userId: 9001 });
  });
});
