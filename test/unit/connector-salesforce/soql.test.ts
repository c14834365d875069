import { describe, expect, it } from 'vitest';
import { accountHistorySoql, isSalesforceId, soqlDateTime, streamSoql } from '../../../server/src/connectors/salesforce/soql.js';
import { OBJECT_STREAM_DEFINITIONS } from '../../../server/src/connectors/salesforce/streams.js';
import { resolveSalesforceMapping } from '../../../server/src/connectors/salesforce/tenant-mapping.js';

describe('SOQL of the sync', () => {
  it('reads a whole stream in modification order, ties by id, on a first sync', () => {
    expect(streamSoql({ object: 'Contact', fields: ['Email', 'Id'], cursorField: 'SystemModstamp', since: null })).toBe(
      'SELECT Id, Email FROM Contact ORDER BY SystemModstamp ASC, Id ASC',
    );
  });

  it('reads only records changed after the cursor on an incremental sync', () => {
    expect(streamSoql({ object: 'Account', fields: ['Name'], cursorField: 'SystemModstamp', since: '2025-03-01T12:34:56.000Z' })).toBe(
      'SELECT Id, Name FROM Account WHERE SystemModstamp > 2025-03-01T12:34:56Z ORDER BY SystemModstamp ASC, Id ASC',
    );
  });

  it('reads deletions since their cursor', () => {
    expect(streamSoql({ object: 'Case', fields: [], cursorField: 'SystemModstamp', since: '2025-03-01T00:00:00.250Z', deleted: true })).toBe(
      'SELECT Id FROM Case WHERE IsDeleted = true AND SystemModstamp > 2025-03-01T00:00:00.250Z ORDER BY SystemModstamp ASC, Id ASC',
    );
  });

  it('writes dateTime literals in UTC without quotes', () => {
    expect(soqlDateTime(new Date('2025-03-01T12:34:56+02:00'))).toBe('2025-03-01T10:34:56Z');
    expect(() => soqlDateTime('yesterday')).toThrow(RangeError);
  });

  it('refuses a field name that is not an API name (a mapping cannot inject SOQL)', () => {
    expect(() => streamSoql({ object: 'Account', fields: ['Name FROM User --'], cursorField: 'SystemModstamp', since: null })).toThrow(/not a Salesforce API name/);
  });

  it('reads the tracked history of a page of accounts', () => {
    expect(accountHistorySoql(['001000000000001AAA', '001000000000002AAA'], ['ARR__c', 'Owner'])).toBe(
      "SELECT Id, AccountId, Field, OldValue, NewValue, CreatedDate FROM AccountHistory WHERE AccountId IN ('001000000000001AAA', '001000000000002AAA') " +
        "AND Field IN ('ARR__c', 'Owner') ORDER BY AccountId ASC, CreatedDate ASC, Id ASC",
    );
    expect(() => accountHistorySoql(["001' OR Name != '"], ['ARR__c'])).toThrow(/not a Salesforce id/);
  });

  it('recognises Salesforce ids and their key prefixes', () => {
    expect(isSalesforceId('003000000000001AAA', '003')).toBe(true);
    expect(isSalesforceId('003000000000001', '003')).toBe(true);
    expect(isSalesforceId('00Q000000000001AAA', '003')).toBe(false);
    expect(isSalesforceId('Jane Doe')).toBe(false);
  });

  it("selects each stream's system fields and the mapped ones", () => {
    const mapping = resolveSalesforceMapping({ account: { healthScore: 'Health_Score__c', daysPastDue: null } });
    const fields = OBJECT_STREAM_DEFINITIONS.accounts.fields(mapping);
    expect(fields).toEqual(expect.arrayContaining(['Id', 'IsDeleted', 'CreatedDate', 'SystemModstamp', 'OwnerId', 'Type', 'ARR__c', 'Health_Score__c']));
    expect(fields).not.toContain('Days_Past_Due__c');
    expect(OBJECT_STREAM_DEFINITIONS.tasks.fields(mapping)).toEqual(expect.arrayContaining(['WhatId', 'WhoId', 'TaskSubtype', 'CallType', 'Direction__c']));
  });
});
