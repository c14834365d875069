import { beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../server/src/clock/clock.js';
import { generatePortfolio, toOrgData } from '../../../server/src/sandbox/portfolio/index.js';
import { FaultInjector } from '../../../server/src/sandbox/salesforce/faults.js';
import { orgSchema } from '../../../server/src/sandbox/salesforce/object-definitions.js';
import { OrgStore } from '../../../server/src/sandbox/salesforce/org-store.js';
import { QueryCursors } from '../../../server/src/sandbox/salesforce/query-cursors.js';
import { deleteRecords, saveRecords } from '../../../server/src/sandbox/salesforce/record-writes.js';
import type { RouteContext } from '../../../server/src/sandbox/salesforce/routing.js';
import { StatsRecorder } from '../../../server/src/sandbox/salesforce/stats.js';

const data = toOrgData(generatePortfolio({ seed: 42, accounts: 12, asOf: '2026-06-30' }));
let now = Date.parse('2026-07-01T10:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let ctx: RouteContext;
const actor = data.integrationUser.id;

beforeEach(() => {
  now = Date.parse('2026-07-01T10:00:00Z');
  const store = new OrgStore(data, orgSchema(), clock);
  ctx = { store, stats: new StatsRecorder(), clock, cursors: new QueryCursors(clock), faults: new FaultInjector() };
});

const accountId = (i: number) => data.records.Account[i]?.Id ?? '';
const update = (records: Array<Record<string, unknown>>, allOrNone = false) =>
  saveRecords(ctx, 'update', records.map(({ id, ...fields }) => ({ type: 'Account', id, fields })), allOrNone, actor);

describe('record writes', () => {
  it('updates fields and bumps LastModifiedDate and SystemModstamp', () => {
    const [result] = update([{ id: accountId(0), Telltale_Churn_Risk_Score__c: 72, Telltale_Churn_Risk_Band__c: 'medium', Telltale_Insights_Updated_At__c: '2026-07-01T09:59:00Z' }]);
    expect(result).toEqual({ id: accountId(0), success: true, errors: [] });
    expect(ctx.store.get('Account', accountId(0))).toMatchObject({
      Telltale_Churn_Risk_Score__c: 72, Telltale_Churn_Risk_Band__c: 'medium', Telltale_Insights_Updated_At__c: '2026-07-01T09:59:00.000+0000',
      LastModifiedDate: '2026-07-01T10:00:00.000+0000', SystemModstamp: '2026-07-01T10:00:00.000+0000',
    });
  });

  it('reports each bad record with its own error and saves the rest when allOrNone is false', () => {
    const results = update([
      { id: accountId(0), Foo__c: 1 },
      { id: accountId(1), Telltale_Churn_Risk_Score__c: 'high' },
      { id: accountId(2), Telltale_Churn_Risk_Score__c: 1000 },
      { id: accountId(3), Telltale_Next_Best_Action__c: 'x'.repeat(256) },
      { id: accountId(4), Telltale_Churn_Risk_Band__c: 'severe' },
      { id: accountId(5), CreatedDate: '2020-01-01T00:00:00Z' },
      { id: '001000000000000', Name: 'x' },
      { id: data.records.Contact[0]?.Id, Name: 'x' },
      { id: 'not-an-id', Name: 'x' },
      { id: accountId(6), Telltale_Insights_Updated_At__c: '01/07/2026' },
      { id: accountId(7), Name: 'Renamed' },
    ]);
    expect(results.map((r) => r.errors[0]?.statusCode ?? 'OK')).toEqual([
      'INVALID_FIELD', 'INVALID_TYPE_ON_FIELD_IN_RECORD', 'NUMBER_OUTSIDE_VALID_RANGE', 'STRING_TOO_LONG', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'INVALID_FIELD_FOR_INSERT_UPDATE', 'INVALID_CROSS_REFERENCE_KEY', 'MALFORMED_ID', 'MALFORMED_ID', 'INVALID_TYPE_ON_FIELD_IN_RECORD', 'OK',
    ]);
    expect(results[0]?.errors[0]).toEqual({ statusCode: 'INVALID_FIELD', message: "No such column 'Foo__c' on sobject of type Account", fields: [] });
    expect(results[4]?.errors[0]).toEqual({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Churn risk band: bad value for restricted picklist field: severe', fields: ['Telltale_Churn_Risk_Band__c'] });
    expect(results[5]?.errors[0]?.fields).toEqual(['CreatedDate']);
    expect(results[7]?.errors[0]).toEqual({ statusCode: 'MALFORMED_ID', message: `Account ID: id value of incorrect type: ${data.records.Contact[0]?.Id}`, fields: ['Id'] });
    expect(results.filter((r) => !r.success).every((r) => r.id === undefined)).toBe(true);
    expect(ctx.store.get('Account', accountId(7))?.Name).toBe('Renamed');
    expect(ctx.stats.snapshot().recordsWritten).toEqual({ created: 0, updated: 1, deleted: 0, failed: 10 });
  });

  it('rolls everything back with allOrNone when one record fails', () => {
    const before = ctx.store.get('Account', accountId(0))?.Name;
    const results = update([{ id: accountId(0), Name: 'Changed' }, { id: accountId(1), Telltale_Health_Score__c: 'x' }], true);
    expect(results).toEqual([
      { success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] },
      { success: false, errors: [{ statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: 'Health score: value not of required type: x', fields: ['Telltale_Health_Score__c'] }] },
    ]);
    expect(ctx.store.get('Account', accountId(0))?.Name).toBe(before);
  });

  it('fails a record with a queued fault once, like a validation rule', () => {
    ctx.faults.addRecordErrors([{ id: accountId(0), statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Owner must approve', fields: [] }]);
    expect(update([{ id: accountId(0), Name: 'A' }])[0]?.errors[0]?.statusCode).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(update([{ id: accountId(0), Name: 'A' }])[0]?.success).toBe(true);
  });

  it('records changes of tracked Account fields in AccountHistory', () => {
    const rows = ctx.store.count('AccountHistory');
    const old = ctx.store.get('Account', accountId(0))?.ARR__c;
    update([{ id: accountId(0), ARR__c: 12345.678, Telltale_Churn_Risk_Score__c: 5 }]);
    expect(ctx.store.count('AccountHistory')).toBe(rows + 1);
    expect(ctx.store.all('AccountHistory').at(-1)).toMatchObject({ AccountId: accountId(0), Field: 'ARR__c', OldValue: old, NewValue: 12345.68, CreatedDate: '2026-07-01T10:00:00.000+0000' });
  });

  it('creates tasks with defaults, the acting owner and calculated IsClosed, and refuses missing required fields', () => {
    const results = saveRecords(ctx, 'create', [
      { type: 'Task', fields: { WhatId: accountId(0), Subject: 'Call the champion', Telltale_Intervention_Key__c: 'k1' } },
      { type: 'Task', fields: { WhatId: accountId(0), Status: 'Completed' } },
      { type: 'Opportunity', fields: { AccountId: accountId(0) } },
      { type: 'Task', fields: { WhatId: '001000000000000AAA' } },
    ], false, actor);
    expect(results.map((r) => r.success)).toEqual([true, true, false, false]);
    expect(ctx.store.get('Task', results[0]?.id ?? '')).toMatchObject({ Status: 'Not Started', Priority: 'Normal', IsClosed: false, OwnerId: actor, TaskSubtype: 'Task', IsDeleted: false });
    expect(ctx.store.get('Task', results[1]?.id ?? '')?.IsClosed).toBe(true);
    expect(results[2]?.errors[0]).toEqual({ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name, CloseDate, StageName]', fields: ['Name', 'CloseDate', 'StageName'] });
    expect(results[3]?.errors[0]?.statusCode).toBe('INVALID_CROSS_REFERENCE_KEY');
    expect(ctx.stats.snapshot().tasksCreated).toBe(2);
  });

  it('moves deleted records to the recycle bin with their children, and refuses writes to them', () => {
    const account = accountId(0);
    const contacts = data.records.Contact.filter((c) => c.AccountId === account).map((c) => c.Id);
    expect(deleteRecords(ctx, [account, 'bad'], false)).toEqual([
      { id: account, success: true, errors: [] },
      { success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id bad', fields: [] }] },
    ]);
    expect(contacts.every((id) => ctx.store.get('Contact', id)?.IsDeleted === true)).toBe(true);
    expect(update([{ id: account, Name: 'x' }])[0]?.errors[0]).toEqual({ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
    expect(deleteRecords(ctx, [data.records.AccountHistory[0]?.Id ?? ''], false)[0]?.errors[0]?.statusCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
  });
});
