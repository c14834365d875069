import { describe, expect, it } from 'vitest';
import { CONSUMER_SECRET, failure, orgPerTest, type ApiError } from './support/start-org.js';

describe('Salesforce sandbox limits, faults and test routes', () => {
  const start = orgPerTest();

  it('reports daily API usage in Sforce-Limit-Info on every response and in /limits', async () => {
    const org = await start();
    const conn = org.connect();
    await conn.query('SELECT Id FROM User');
    await conn.query('SELECT Id FROM User');
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 2, limit: 15_000 } });
    const limits = await conn.request<{ DailyApiRequests: { Max: number; Remaining: number } }>('/services/data/v62.0/limits');
    expect(limits.DailyApiRequests).toEqual({ Max: 15_000, Remaining: 14_997 });
    const versions = await fetch(`${org.loginUrl}/services/data`);
    expect(versions.headers.get('sforce-limit-info')).toBeNull();
  });

  it('refuses requests once the daily limit is used up with 403 REQUEST_LIMIT_EXCEEDED, until reset', async () => {
    const org = await start({ dailyApiLimit: 3 });
    const conn = org.connect();
    for (let i = 0; i < 3; i++) await conn.query('SELECT Id FROM User LIMIT 1');
    const error = await failure(conn.query('SELECT Id FROM User LIMIT 1'));
    expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(error.message).toBe('TotalRequests Limit exceeded.');
    const raw = await fetch(`${org.loginUrl}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(raw.status).toBe(403);
    expect(raw.headers.get('sforce-limit-info')).toBe('api-usage=3/3');
    expect(await raw.json()).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    expect(org.sandbox.stats().requestLimitExceeded).toBe(2);
    expect(await (await org.admin('/__reset-limits', { method: 'POST' })).json()).toEqual({ used: 0, max: 3 });
    await expect(conn.query('SELECT Id FROM User LIMIT 1')).resolves.toMatchObject({ totalSize: 1 });
  });

  it('answers queued server faults on matching routes only, then recovers', async () => {
    const org = await start();
    const conn = org.connect();
    await org.admin('/__faults', { method: 'POST', body: { status: 503, count: 1, route: '/composite/sobjects' } });
    await org.admin('/__faults', { method: 'POST', body: { status: 502, count: 1, route: '/limits' } });
    const account = org.sandbox.org.all('Account')[0]?.Id ?? '';
    const unavailable = await failure(conn.sobject('Account').update([{ Id: account, Telltale_Health_Score__c: 10 }], { allOrNone: false }));
    expect(unavailable.errorCode).toBe('SERVER_UNAVAILABLE');
    const gateway = await fetch(`${org.loginUrl}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toMatch(/^text\/html/);
    await expect(conn.sobject('Account').update([{ Id: account, Telltale_Health_Score__c: 10 }], { allOrNone: false })).resolves.toEqual([{ id: account, success: true, errors: [] }]);
    expect(org.sandbox.stats()).toMatchObject({ faults: 2, byStatus: { '200': 1, '502': 1, '503': 1 } });
    org.sandbox.injectFaults({ status: 500, count: 1 });
    const internal = await fetch(`${org.loginUrl}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(await internal.json()).toEqual([{ errorCode: 'UNKNOWN_EXCEPTION', message: expect.stringMatching(/^An unexpected error occurred\. Please include this ErrorId if you contact support: \d+-\d+ \(-\d+\)$/) }]);
  });

  it('keeps its test routes behind a session or the consumer secret and refuses malformed fault plans', async () => {
    const org = await start();
    expect((await fetch(`${org.loginUrl}/__stats`)).status).toBe(401);
    const withSession = await fetch(`${org.loginUrl}/__stats`, { headers: { authorization: `Bearer ${org.sandbox.issueSession().accessToken}` } });
    expect(await withSession.json()).toMatchObject({ total: 0, apiUsage: { used: 0, max: 15_000 }, liveSessions: 1 });
    const bad = await org.admin('/__faults', { method: 'POST', body: { status: 418, count: 1 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError[])[0]?.errorCode).toBe('INVALID_FAULT_PLAN');
    expect((await org.admin('/__stats/reset', { method: 'POST' })).status).toBe(204);
  });

  it('simulates edits in Salesforce that an incremental query on SystemModstamp picks up, with field history', async () => {
    const org = await start();
    const conn = org.connect();
    const account = org.sandbox.org.all('Account').find((a) => a.Type === 'Customer');
    const oldArr = account?.ARR__c;
    const since = new Date(Date.now() - 1000).toISOString();
    const changed = await org.admin('/__simulate', { method: 'POST', body: { type: 'Account', id: account?.Id, fields: { ARR__c: 99_000, Health_Score__c: 35 } } });
    expect(await changed.json()).toEqual({ id: account?.Id, success: true, errors: [] });
    const created = (await (await org.admin('/__simulate', { method: 'POST', body: { type: 'Case', fields: { AccountId: account?.Id, Subject: 'Export fails', Priority: 'Urgent', IsEscalated: true } } })).json()) as { id: string };
    const accounts = await conn.query(`SELECT Id, ARR__c, Health_Score__c FROM Account WHERE SystemModstamp > ${since}`);
    expect(accounts.records).toEqual([{ attributes: expect.any(Object), Id: account?.Id, ARR__c: 99_000, Health_Score__c: 35 }]);
    const cases = await conn.query(`SELECT Id, Status, IsClosed FROM Case WHERE SystemModstamp > ${since}`);
    expect(cases.records).toEqual([{ attributes: expect.any(Object), Id: created.id, Status: 'New', IsClosed: false }]);
    const history = await conn.query(`SELECT Field, OldValue, NewValue FROM AccountHistory WHERE AccountId = '${account?.Id}' AND CreatedDate > ${since}`);
    expect(history.records).toEqual([{ attributes: expect.any(Object), Field: 'ARR__c', OldValue: oldArr, NewValue: 99_000 }]);
    const refused = await org.admin('/__simulate', { method: 'POST', body: { type: 'Account', id: account?.Id, fields: { Nope__c: 1 } } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual([{ errorCode: 'INVALID_FIELD', message: "No such column 'Nope__c' on sobject of type Account", fields: [] }]);
    expect(org.sandbox.stats().total).toBe(3);
  });

  it('lists the org at GET /sandbox without any key material', async () => {
    const org = await start();
    const info = (await (await fetch(`${org.origin}/sandbox`)).json()) as Record<string, unknown>;
    expect(info.salesforce).toEqual({ loginUrl: org.loginUrl, instancePath: '/sandbox/salesforce', username: org.sandbox.username, consumerKey: org.sandbox.consumerKey, orgId: org.sandbox.orgId, apiVersion: '62.0' });
    expect(JSON.stringify(info)).not.toMatch(/PRIVATE KEY|BEGIN|sandbox-salesforce-test-secret/);
    expect(JSON.stringify(info)).not.toContain(CONSUMER_SECRET);
  });
});
