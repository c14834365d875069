import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/companies/index.js';
import { buildPortal } from '../../fixtures/hubspot/portal-builder.js';
import { startSandbox, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';

describe('HubSpot sandbox objects and search through @hubspot/api-client', () => {
  let running: RunningSandbox;

  beforeAll(async () => {
    running = await startSandbox({ data: buildPortal({ companies: 250 }), rateLimit: false });
  });
  afterAll(async () => {
    await running.close();
  });

  it('pages a company list with paging.next.after until every company is read once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await running.client.crm.companies.basicApi.getPage(100, after, ['name', 'arr']);
      seen.push(...page.results.map((r) => r.id));
      expect(page.results[0]?.properties).toHaveProperty('arr');
      after = page.paging?.next?.after;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual([...seen].sort((a, b) => Number(a) - Number(b)));
  });

  it('caps a list page at 50 records when propertiesWithHistory is asked, newest version first', async () => {
    const page = await running.client.crm.companies.basicApi.getPage(100, undefined, ['name'], ['arr']);
    expect(page.results).toHaveLength(50);
    const history = page.results[0]?.propertiesWithHistory?.arr ?? [];
    expect(history).toHaveLength(2);
    expect(history[0]?.value).toBe('10000');
    expect(history[1]?.sourceType).toBe('IMPORT');
  });

  it('reads one record with its associations and answers 404 with HubSpot\'s body for a missing id', async () => {
    const contact = await running.client.crm.contacts.basicApi.getById('5003', ['email'], undefined, ['companies']);
    expect(contact.properties.email).toBe('person0@company1.example.com');
    expect(contact.associations?.companies?.results.map((r) => r.id)).toContain('1002');
    const missing = await running.client.crm.companies.basicApi.getById('999999').catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 404, body: { category: 'OBJECT_NOT_FOUND' } });
  });

  it('searches by hs_lastmodifieddate with a GTE filter, ascending sort, total and offset paging', async () => {
    const cutoff = Date.parse('2024-01-01T00:00:00.000Z') + 101 * 60_000;
    const request = {
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: FilterOperatorEnum.Gte, value: String(cutoff) }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] as unknown as string[],
      properties: ['arr'],
      limit: 100,
      after: '0',
    };
    const first = await running.client.crm.companies.searchApi.doSearch(request);
    expect(first.total).toBe(150);
    expect(first.paging?.next?.after).toBe('100');
    const stamps = first.results.map((r) => Date.parse(r.properties.hs_lastmodifieddate ?? ''));
    expect(stamps[0]).toBe(cutoff);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(Object.keys(first.results[0]?.properties ?? {}).sort()).toEqual(['arr', 'createdate', 'hs_lastmodifieddate', 'hs_object_id']);
    const second = await running.client.crm.companies.searchApi.doSearch({ ...request, after: '100' });
    expect(second.results).toHaveLength(50);
    expect(second.paging).toBeUndefined();
  });

  it('answers 400 VALIDATION_ERROR when a search page would reach past 10,000 results', async () => {
    const error = await running.client.crm.companies.searchApi
      .doSearch({ filterGroups: [], sorts: [], properties: [], limit: 100, after: '9950' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
  });

  it('batch reads up to 100 ids and reports missing ones in a 207 errors[] entry', async () => {
    const found = await running.client.crm.companies.batchApi.read({ inputs: [{ id: '1001' }, { id: '1002' }], properties: ['arr'], propertiesWithHistory: [] });
    expect(found.results.map((r) => r.id).sort()).toEqual(['1001', '1002']);
    const partial = await running.client.crm.companies.batchApi.read({ inputs: [{ id: '1001' }, { id: '424242' }], properties: [], propertiesWithHistory: [] });
    expect(partial).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } }] });
    const tooMany = await running.client.crm.companies.batchApi
      .read({ inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(1001 + i) })), properties: [], propertiesWithHistory: [] })
      .catch((e: unknown) => e);
    expect(tooMany).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
  });

  it('batch updates records, bumps hs_lastmodifieddate and keeps the old value in history', async () => {
    const before = await running.client.crm.companies.basicApi.getById('1010', ['hs_lastmodifieddate']);
    const updated = await running.client.crm.companies.batchApi.update({ inputs: [{ id: '1010', properties: { arr: '123456' } }] });
    expect(updated.results[0]?.properties.arr).toBe('123456');
    const after = await running.client.crm.companies.basicApi.getById('1010', ['hs_lastmodifieddate'], ['arr']);
    expect(Date.parse(after.properties.hs_lastmodifieddate ?? '')).toBeGreaterThan(Date.parse(before.properties.hs_lastmodifieddate ?? ''));
    expect(after.propertiesWithHistory?.arr?.map((v) => v.value).slice(0, 2)).toEqual(['123456', '100000']);
    const invalid = await running.client.crm.companies.batchApi
      .update({ inputs: [{ id: '1010', properties: { no_such_property: 'x' } }] })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
  });

  it('batch reads v4 associations and reports inputs without any as NO_ASSOCIATIONS_FOUND', async () => {
    const response = await running.client.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: '1002' }, { id: '1001' }] });
    expect(response.results).toHaveLength(1);
    const [result] = response.results;
    expect(result?._from.id).toBe('1002');
    expect(result?.to.map((t) => String(t.toObjectId)).sort()).toEqual(['5003', '5004']);
    expect(result?.to[0]?.associationTypes).toEqual(
      expect.arrayContaining([expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 280, label: null }), expect.objectContaining({ typeId: 2, label: 'Primary' })]),
    );
    expect(response).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND' }] });
  });

  it('pages one record\'s v4 associations', async () => {
    const page = await running.client.crm.associations.v4.basicApi.getPage('contacts', '5003', 'companies', undefined, 1);
    expect(page.results).toEqual([expect.objectContaining({ toObjectId: '1002' })]);
    expect(page.paging).toBeUndefined();
  });
});
