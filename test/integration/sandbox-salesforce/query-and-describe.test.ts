import { describe, expect, it } from 'vitest';
import { failure, orgPerTest } from './support/start-org.js';

describe('Salesforce sandbox queries and describe through jsforce', () => {
  const start = orgPerTest();

  it('pages a query through nextRecordsUrl until every record is fetched', async () => {
    const org = await start();
    const conn = org.connect();
    const tasks = org.sandbox.org.count('Task');
    expect(tasks).toBeGreaterThan(600);
    const result = await conn.query('SELECT Id, Subject, WhatId, Status FROM Task', { autoFetch: true, maxFetch: 100_000, headers: { 'Sforce-Query-Options': 'batchSize=200' } });
    expect(result.totalSize).toBe(tasks);
    expect(result.records).toHaveLength(tasks);
    expect(new Set(result.records.map((r) => r.Id)).size).toBe(tasks);
    expect(result.records[0]).toEqual({
      attributes: { type: 'Task', url: `/services/data/v62.0/sobjects/Task/${result.records[0]?.Id}` },
      Id: expect.any(String), Subject: expect.any(String), WhatId: expect.stringMatching(/^001/), Status: expect.any(String),
    });
    expect(org.sandbox.stats().requests).toEqual({
      'GET /services/data/vXX.X/query': 1,
      'GET /services/data/vXX.X/query/{locator}': Math.ceil(tasks / 200) - 1,
    });
  });

  it('answers pages of 2,000 by default with done, totalSize and a nextRecordsUrl of locator and offset', async () => {
    const org = await start({ accounts: 150 });
    const conn = org.connect();
    const soql = 'SELECT Id FROM AccountHistory ORDER BY CreatedDate';
    const first = await conn.query(soql);
    const total = org.sandbox.org.count('AccountHistory');
    expect(total).toBeGreaterThan(2000);
    expect(first).toMatchObject({ totalSize: total, done: false });
    expect(first.records).toHaveLength(2000);
    const second = await conn.queryMore(first.nextRecordsUrl ?? '');
    expect(second.records).toHaveLength(total - 2000);
    expect(second.records[0]?.Id).not.toBe(first.records[0]?.Id);
    const get = async (path: string) => (await (await fetch(`${org?.loginUrl}${path}`, { headers: { authorization: `Bearer ${conn.accessToken}` } })).json()) as { nextRecordsUrl?: string; records: Array<{ Id: string }> };
    const page = await get(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`);
    expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-2000$/);
    expect((await get(page.nextRecordsUrl?.replace(/-2000$/, '-1') ?? '')).records[0]?.Id).toBe(first.records[1]?.Id);
    const stale = await fetch(`${org.loginUrl}/services/data/v62.0/query/01g5g0000000zzzAAA-2000`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });

  it('leaves deleted records out of query and shows them with IsDeleted = true to queryAll', async () => {
    const org = await start();
    const conn = org.connect();
    const account = org.sandbox.org.all('Account')[3]?.Id ?? '';
    const contacts = org.sandbox.org.all('Contact').filter((c) => c.AccountId === account).length;
    expect(await conn.sobject('Account').destroy(account)).toEqual({ id: account, success: true, errors: [] });
    const soql = `SELECT Id, IsDeleted FROM Contact WHERE AccountId = '${account}'`;
    expect((await conn.query(soql)).totalSize).toBe(0);
    const all = await conn.query(soql, { scanAll: true });
    expect(all.totalSize).toBe(contacts);
    expect(all.records.every((r) => r.IsDeleted === true)).toBe(true);
    expect((await conn.query('SELECT Id FROM Account WHERE IsDeleted = true', { scanAll: true })).records.map((r) => r.Id)).toEqual([account]);
  });

  it('filters with AND, OR, IN, LIKE and datetime literals, sorts, limits and counts', async () => {
    const org = await start();
    const conn = org.connect();
    const accounts = org.sandbox.org.all('Account');
    const soql = "SELECT Id, Name, ARR__c FROM Account WHERE (Type = 'Customer' AND ARR__c > 20000) OR Name LIKE 'a%' ORDER BY ARR__c DESC NULLS LAST, Name LIMIT 5";
    const expected = accounts
      .filter((a) => (a.Type === 'Customer' && Number(a.ARR__c) > 20000) || String(a.Name).toLowerCase().startsWith('a'))
      .sort((a, b) => Number(b.ARR__c ?? -1) - Number(a.ARR__c ?? -1) || String(a.Name).localeCompare(String(b.Name)))
      .slice(0, 5)
      .map((a) => a.Id);
    expect((await conn.query(soql)).records.map((r) => r.Id)).toEqual(expected);
    const since = '2026-01-01T00:00:00.000+0000';
    const count = await conn.query(`SELECT COUNT() FROM Case WHERE CreatedDate >= 2026-01-01T00:00:00Z AND Priority IN ('High', 'Urgent')`);
    expect(count.totalSize).toBe(org.sandbox.org.all('Case').filter((c) => String(c.CreatedDate) >= since && (c.Priority === 'High' || c.Priority === 'Urgent')).length);
    expect(count.records).toEqual([]);
  });

  it("surfaces Salesforce's SOQL errors through jsforce with their error codes", async () => {
    const org = await start();
    const conn = org.connect();
    const invalidField = await failure(conn.query('SELECT Id, Foo FROM Account'));
    expect(invalidField.errorCode).toBe('INVALID_FIELD');
    expect(invalidField.message).toContain("No such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c'");
    expect((await failure(conn.query('SELECT Id FROM Foo'))).errorCode).toBe('INVALID_TYPE');
    expect((await failure(conn.query('SELECT Id FROM Account WHERE'))).errorCode).toBe('MALFORMED_QUERY');
    const raw = await fetch(`${org.loginUrl}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Foo')}`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual([{ errorCode: 'INVALID_TYPE', message: expect.stringContaining("\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported.") }]);
  });

  it('describes the org and each object with fields, types, flags and picklist values', async () => {
    const org = await start();
    const conn = org.connect();
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name).sort()).toEqual(['Account', 'AccountHistory', 'Case', 'Contact', 'Event', 'Opportunity', 'Task', 'User']);
    const account = await conn.sobject('Account').describe();
    expect(account).toMatchObject({ name: 'Account', label: 'Account', keyPrefix: '001', createable: true, updateable: true, queryable: true });
    const field = (name: string) => account.fields.find((f) => f.name === name);
    expect(field('Telltale_Churn_Risk_Band__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true, custom: true, updateable: true, picklistValues: [{ value: 'low', label: 'Low' }, { value: 'medium', label: 'Medium' }, { value: 'high', label: 'High' }] });
    expect(field('Telltale_Expansion_Potential__c')).toMatchObject({ type: 'currency', precision: 16, scale: 2, nillable: true, filterable: true });
    expect(field('Telltale_Churn_Risk_Drivers__c')).toMatchObject({ type: 'textarea', length: 32768, filterable: false });
    expect(field('SystemModstamp')).toMatchObject({ type: 'datetime', createable: false, updateable: false, nillable: false });
    expect(field('OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['User'], relationshipName: 'Owner' });
    const task = await conn.sobject('Task').describe();
    expect(task.fields.find((f) => f.name === 'Telltale_Intervention_Key__c')).toMatchObject({ type: 'string', length: 64, externalId: true, filterable: true });
    const missing = await failure(conn.sobject('Foo').describe());
    expect(missing.errorCode).toBe('NOT_FOUND');
  });

  it('lists its API versions without a session and refuses unknown versions with NOT_FOUND', async () => {
    const org = await start();
    const versions = (await (await fetch(`${org.loginUrl}/services/data`)).json()) as Array<{ version: string; url: string; label: string }>;
    expect(versions.find((v) => v.version === '62.0')).toEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    expect(versions[0]?.version).toBe('50.0');
    const session = org.sandbox.issueSession().accessToken;
    const unknown = await fetch(`${org.loginUrl}/services/data/v99.0/limits`, { headers: { authorization: `Bearer ${session}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    const wrongMethod = await fetch(`${org.loginUrl}/services/data/v62.0/limits`, { method: 'PUT', headers: { authorization: `Bearer ${session}` } });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toEqual([{ message: "HTTP Method 'PUT' not allowed. Allowed are GET,HEAD", errorCode: 'METHOD_NOT_ALLOWED' }]);
  });
});
