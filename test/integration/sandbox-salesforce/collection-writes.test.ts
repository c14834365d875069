import { describe, expect, it } from 'vitest';
import { failure, orgPerTest, statusCodes } from './support/start-org.js';

describe('Salesforce sandbox sObject Collections through jsforce', () => {
  const start = orgPerTest();

  it('takes an update of more than 200 records in chunks of 200 and bumps SystemModstamp', async () => {
    const org = await start({ accounts: 250 });
    const conn = org.connect();
    const ids = org.sandbox.org.all('Account').map((a) => a.Id);
    expect(ids).toHaveLength(250);
    const stamp = '2026-07-01T09:00:00.000+0000';
    const before = new Date().toISOString().replace('Z', '+0000');
    const results = await conn.sobject('Account').update(
      ids.map((Id, i) => ({ Id, Telltale_Churn_Risk_Score__c: i % 101, Telltale_Churn_Risk_Band__c: i % 2 ? 'low' : 'high', Telltale_Insights_Updated_At__c: stamp })),
      { allowRecursive: true, allOrNone: false },
    );
    expect(results).toHaveLength(250);
    expect(results.every((r) => r.success)).toBe(true);
    expect(results.map((r) => r.id)).toEqual(ids);
    expect(org.sandbox.stats().requests['PATCH /services/data/vXX.X/composite/sobjects']).toBe(2);
    expect(org.sandbox.stats().recordsWritten.updated).toBe(250);
    const back = await conn.query(`SELECT Id, Telltale_Churn_Risk_Score__c, Telltale_Insights_Updated_At__c FROM Account WHERE SystemModstamp >= ${before.replace('+0000', 'Z')}`, { autoFetch: true, maxFetch: 1000 });
    expect(back.totalSize).toBe(250);
    expect(back.records.find((r) => r.Id === ids[7])).toMatchObject({ Telltale_Churn_Risk_Score__c: 7, Telltale_Insights_Updated_At__c: stamp });
  });

  it('refuses more than 200 records in one collection call with EXCEEDED_ID_LIMIT', async () => {
    const org = await start({ accounts: 250 });
    const conn = org.connect();
    const records = org.sandbox.org.all('Account').slice(0, 201).map((a) => ({ Id: a.Id, Telltale_Health_Score__c: 50 }));
    const error = await failure(conn.sobject('Account').update(records, { allOrNone: false }));
    expect(error.errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(error.message).toBe('record limit reached. cannot submit more than 200 records in this operation');
  });

  it('fails the records a fault plan names with their per-record error and saves the others', async () => {
    const org = await start();
    const conn = org.connect();
    const [a, b, c] = org.sandbox.org.all('Account').slice(0, 3).map((r) => r.Id);
    const plan = await org.admin('/__faults', { method: 'POST', body: { recordErrors: [{ id: b, statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Health score is locked during renewal', fields: ['Telltale_Health_Score__c'] }] } });
    expect(plan.status).toBe(201);
    const results = await conn.sobject('Account').update([a, b, c].map((Id) => ({ Id: Id ?? '', Telltale_Health_Score__c: 61 })), { allowRecursive: true, allOrNone: false });
    expect(results).toEqual([
      { id: a, success: true, errors: [] },
      { success: false, errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Health score is locked during renewal', fields: ['Telltale_Health_Score__c'] }] },
      { id: c, success: true, errors: [] },
    ]);
    expect(org.sandbox.org.get('Account', b ?? '')?.Telltale_Health_Score__c ?? null).toBeNull();
    expect(org.sandbox.stats().faults).toBe(1);
  });

  it('rolls the whole collection back with allOrNone when one record is invalid', async () => {
    const org = await start();
    const conn = org.connect();
    const [a, b] = org.sandbox.org.all('Account').slice(0, 2).map((r) => r.Id);
    const results = await conn.sobject('Account').update([{ Id: a ?? '', Telltale_Health_Score__c: 40 }, { Id: b ?? '', Telltale_Health_Forecast_90d__c: 'soon' }], { allOrNone: true });
    expect(statusCodes(results)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'INVALID_TYPE_ON_FIELD_IN_RECORD']);
    expect(org.sandbox.org.get('Account', a ?? '')?.Telltale_Health_Score__c ?? null).toBeNull();
  });

  it('creates tasks found again by their intervention key, and counts them', async () => {
    const org = await start();
    const conn = org.connect();
    const accounts = org.sandbox.org.all('Account').slice(0, 3);
    const created = await conn.sobject('Task').create(
      accounts.map((a, i) => ({ WhatId: a.Id, Subject: 'Schedule an executive check-in', Priority: 'High', ActivityDate: '2026-07-08', Telltale_Intervention_Key__c: `exec-checkin:${i}` })),
      { allowRecursive: true },
    );
    expect(created.every((r) => r.success && /^00T\w{15}$/.test(r.id ?? ''))).toBe(true);
    const found = await conn.query("SELECT Id, WhatId, Status, IsClosed, OwnerId, TaskSubtype FROM Task WHERE Telltale_Intervention_Key__c = 'exec-checkin:1'");
    expect(found.records).toEqual([{ attributes: expect.any(Object), Id: created[1]?.id, WhatId: accounts[1]?.Id, Status: 'Not Started', IsClosed: false, OwnerId: org.sandbox.userId, TaskSubtype: 'Task' }]);
    expect(org.sandbox.stats().tasksCreated).toBe(3);
  });

  it('reads, updates and deletes single records, and answers a missing one with NOT_FOUND', async () => {
    const org = await start();
    const conn = org.connect();
    const id = org.sandbox.org.all('Contact')[0]?.Id ?? '';
    expect(await conn.sobject('Contact').retrieve(id)).toMatchObject({ Id: id, attributes: { type: 'Contact' } });
    expect(await conn.sobject('Contact').update({ Id: id, Title: 'VP Operations' })).toEqual({ id, success: true, errors: [] });
    expect(org.sandbox.org.get('Contact', id)?.Title).toBe('VP Operations');
    const bad = await failure(conn.sobject('Contact').update({ Id: id, Email: 'not-an-email' }));
    expect(bad.errorCode).toBe('INVALID_EMAIL_ADDRESS');
    const missing = await failure(conn.sobject('Contact').retrieve('003000000000000AAA'));
    expect(missing.errorCode).toBe('NOT_FOUND');
    const deleted = await conn.sobject('Contact').destroy([id, '003000000000000AAA'], { allOrNone: false });
    expect(deleted.map((r) => r.success)).toEqual([true, false]);
    expect(deleted[1]?.errors[0]).toMatchObject({ statusCode: 'INVALID_CROSS_REFERENCE_KEY' });
  });
});
