import { describe, expect, it } from 'vitest';
import { runSoql } from '../../../server/src/sandbox/salesforce/soql/run-soql.js';
import { SoqlError } from '../../../server/src/sandbox/salesforce/soql/soql-error.js';
import { recordSource, schema } from './record-source.js';

const NOW = Date.parse('2026-06-30T12:00:00Z');
const { source, ids } = recordSource({
  Account: [
    { Name: 'Acme Logistics', Type: 'Customer', ARR__c: 50_000, CreatedDate: '2024-01-10T09:00:00.000+0000', Renewal_Date__c: '2026-09-01', Customer_Segment__c: 'SMB' },
    { Name: 'apex labs', Type: 'Former Customer', ARR__c: 0, CreatedDate: '2025-03-02T10:30:00.000+0000', Renewal_Date__c: null, Customer_Segment__c: 'Mid-Market' },
    { Name: 'Birch Media', Type: 'Customer', ARR__c: null, CreatedDate: '2026-06-29T23:00:00.000+0000', Renewal_Date__c: '2026-07-15', Customer_Segment__c: null },
    { Name: 'Cedar Bank', Type: 'Prospect', ARR__c: 250_000, CreatedDate: '2026-06-30T08:00:00.000+0000', Renewal_Date__c: '2027-01-01', Customer_Segment__c: 'Enterprise', IsDeleted: true },
  ],
  Contact: [
    { LastName: 'One', Buying_Role__c: 'Champion;Influencer', Email: 'one@acme.com' },
    { LastName: 'Two', Buying_Role__c: 'Executive Sponsor', Email: null },
    { LastName: 'Three', Buying_Role__c: null, Email: 'three@apex.io' },
  ],
});
const account = (i: number) => ids.Account?.[i] ?? '';

function names(soql: string, includeDeleted = false): string[] {
  return runSoql(soql, source, schema, { includeDeleted, nowMs: NOW }).ids.map((id) => String(source.get('Account', id)?.Name ?? source.get('Contact', id)?.LastName));
}

function refusal(soql: string): { errorCode: string; message: string } {
  try {
    runSoql(soql, source, schema, { includeDeleted: false, nowMs: NOW });
  } catch (error) {
    if (error instanceof SoqlError) return { errorCode: error.errorCode, message: error.messageFor(soql) };
    throw error;
  }
  throw new Error(`ran: ${soql}`);
}

describe('SOQL evaluation', () => {
  it('leaves deleted records to queryAll', () => {
    expect(names('SELECT Id FROM Account')).toEqual(['Acme Logistics', 'apex labs', 'Birch Media']);
    expect(names('SELECT Id FROM Account WHERE IsDeleted = true', true)).toEqual(['Cedar Bank']);
  });

  it('compares strings without regard to case and matches LIKE patterns', () => {
    expect(names("SELECT Id FROM Account WHERE Name = 'APEX LABS'")).toEqual(['apex labs']);
    expect(names("SELECT Id FROM Account WHERE Name LIKE 'a%'")).toEqual(['Acme Logistics', 'apex labs']);
    expect(names("SELECT Id FROM Account WHERE NOT Name LIKE 'a%'")).toEqual(['Birch Media']);
  });

  it('follows SOQL null rules: != and NOT IN match nulls, ranges never do', () => {
    expect(names('SELECT Id FROM Account WHERE ARR__c != 0')).toEqual(['Acme Logistics', 'Birch Media']);
    expect(names('SELECT Id FROM Account WHERE ARR__c < 100000')).toEqual(['Acme Logistics', 'apex labs']);
    expect(names('SELECT Id FROM Account WHERE ARR__c = null')).toEqual(['Birch Media']);
    expect(names("SELECT Id FROM Account WHERE Customer_Segment__c NOT IN ('SMB')")).toEqual(['apex labs', 'Birch Media']);
  });

  it('evaluates AND, OR and NOT with parentheses', () => {
    expect(names("SELECT Id FROM Account WHERE (Type = 'Customer' AND ARR__c > 10000) OR Name = 'apex labs'")).toEqual(['Acme Logistics', 'apex labs']);
    expect(names("SELECT Id FROM Account WHERE Type = 'Customer' AND (ARR__c > 10000 OR ARR__c = null)")).toEqual(['Acme Logistics', 'Birch Media']);
    expect(names("SELECT Id FROM Account WHERE NOT (Type = 'Customer' OR Type = 'Prospect')", true)).toEqual(['apex labs']);
  });

  it('compares datetimes written with Z, offsets or milliseconds as instants', () => {
    expect(names('SELECT Id FROM Account WHERE CreatedDate > 2025-03-02T10:30:00Z')).toEqual(['Birch Media']);
    expect(names('SELECT Id FROM Account WHERE CreatedDate >= 2025-03-02T10:30:00.000+0000')).toEqual(['apex labs', 'Birch Media']);
    expect(names('SELECT Id FROM Account WHERE CreatedDate >= 2025-03-02T11:30:00+01:00')).toEqual(['apex labs', 'Birch Media']);
    expect(names('SELECT Id FROM Account WHERE Renewal_Date__c < 2026-08-01')).toEqual(['Birch Media']);
  });

  it('reads date literals as UTC days relative to now', () => {
    expect(names('SELECT Id FROM Account WHERE CreatedDate = YESTERDAY')).toEqual(['Birch Media']);
    expect(names('SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:2', true)).toEqual(['Birch Media', 'Cedar Bank']);
    expect(names('SELECT Id FROM Account WHERE Renewal_Date__c = NEXT_N_DAYS:30')).toEqual(['Birch Media']);
  });

  it('matches ids in 15- or 18-character form and multi-select values with INCLUDES', () => {
    expect(names(`SELECT Id FROM Account WHERE Id IN ('${account(0).slice(0, 15)}', '${account(2)}')`)).toEqual(['Acme Logistics', 'Birch Media']);
    expect(names("SELECT Id FROM Contact WHERE Buying_Role__c INCLUDES ('influencer', 'Executive Sponsor')")).toEqual(['One', 'Two']);
    expect(names("SELECT Id FROM Contact WHERE Buying_Role__c INCLUDES ('Champion;Executive Sponsor')")).toEqual([]);
    expect(names("SELECT Id FROM Contact WHERE Buying_Role__c EXCLUDES ('Champion')")).toEqual(['Two', 'Three']);
  });

  it('sorts once with ASC nulls first and DESC nulls last by default, then applies OFFSET and LIMIT', () => {
    expect(names('SELECT Id FROM Account ORDER BY ARR__c')).toEqual(['Birch Media', 'apex labs', 'Acme Logistics']);
    expect(names('SELECT Id FROM Account ORDER BY ARR__c DESC')).toEqual(['Acme Logistics', 'apex labs', 'Birch Media']);
    expect(names('SELECT Id FROM Account ORDER BY ARR__c ASC NULLS LAST')).toEqual(['apex labs', 'Acme Logistics', 'Birch Media']);
    expect(names('SELECT Id FROM Account ORDER BY Name')).toEqual(['Acme Logistics', 'apex labs', 'Birch Media']);
    expect(names('SELECT Id FROM Account ORDER BY Name LIMIT 1 OFFSET 1')).toEqual(['apex labs']);
  });

  it('counts with COUNT() and COUNT(field)', () => {
    expect(runSoql("SELECT COUNT() FROM Account WHERE Type = 'Customer'", source, schema, { includeDeleted: false, nowMs: NOW }).count).toEqual({ value: 2, aggregate: false, alias: 'expr0' });
    expect(runSoql('SELECT COUNT(Id) n FROM Contact', source, schema, { includeDeleted: false, nowMs: NOW }).count).toEqual({ value: 3, aggregate: true, alias: 'n' });
  });

  it("answers an unknown field with Salesforce's INVALID_FIELD message and position", () => {
    expect(refusal('SELECT Id, Foo FROM Account')).toEqual({
      errorCode: 'INVALID_FIELD',
      message:
        "\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    });
    expect(refusal("SELECT Id FROM Account WHERE Owner.Name = 'x'").message).toContain("Didn't understand relationship 'Owner' in field path.");
  });

  it('answers an unknown object with INVALID_TYPE', () => {
    expect(refusal('SELECT Id FROM Foo')).toEqual({
      errorCode: 'INVALID_TYPE',
      message:
        "\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    });
  });

  it('refuses literals of the wrong type for the field', () => {
    expect(refusal("SELECT Id FROM Account WHERE CreatedDate > '2025-01-01'").message).toContain("value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes");
    expect(refusal('SELECT Id FROM Account WHERE CreatedDate > 2025-01-01').errorCode).toBe('INVALID_FIELD');
    expect(refusal('SELECT Id FROM Account WHERE Name = 5').message).toContain("value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes");
    expect(refusal("SELECT Id FROM Account WHERE ARR__c > '5'").message).toContain("must be of type currency and should not be enclosed in quotes");
    expect(refusal("SELECT Id FROM Account WHERE Id = 'abc'")).toMatchObject({ errorCode: 'INVALID_QUERY_FILTER_OPERATOR', message: expect.stringContaining('invalid ID field: abc') });
  });

  it('refuses duplicate fields, a field mixed with COUNT(), and an OFFSET beyond 2,000', () => {
    expect(refusal('SELECT Id, id FROM Account').message).toContain('duplicate field selected: Id');
    expect(refusal('SELECT Name, COUNT() FROM Account').message).toContain('Field must be grouped or aggregated: Name');
    expect(refusal('SELECT Id FROM Account LIMIT 10 OFFSET 2001')).toMatchObject({ errorCode: 'NUMBER_OUTSIDE_VALID_RANGE', message: expect.stringContaining('Maximum SOQL offset allowed is 2000') });
  });

  it('refuses filtering or sorting on fields that do not allow it', () => {
    expect(refusal("SELECT Id FROM AccountHistory WHERE OldValue = 'x'").message).toContain("field 'OldValue' can not be filtered in a query call");
    expect(refusal('SELECT Id FROM Contact ORDER BY Buying_Role__c').message).toContain("field 'Buying_Role__c' can not be sorted in a query call");
  });
});
