import { describe, expect, it } from 'vitest';
import { lifecycleFromType, mapAccount, mapAccountHistory, type SalesforceUser } from '../../../server/src/connectors/salesforce/map-account.js';
import { resolveSalesforceMapping } from '../../../server/src/connectors/salesforce/tenant-mapping.js';

const OWNER = '005000000000001AAA';
const NEXT_OWNER = '005000000000002AAA';
const users = new Map<string, SalesforceUser>([[OWNER, { id: OWNER, email: 'dana@telltale.example', name: 'Dana Reyes' }]]);
const context = { tenantId: 'salesforce-00D', mapping: resolveSalesforceMapping({}), users };

const account = {
  attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001000000000001AAA' },
  Id: '001000000000001AAA',
  IsDeleted: false,
  CreatedDate: '2023-01-10T09:00:00.000+0000',
  SystemModstamp: '2025-06-01T08:30:00.000+0000',
  Name: 'Acme Analytics',
  Website: 'https://www.Acme-Analytics.com/about',
  Industry: 'Technology',
  NumberOfEmployees: 420,
  OwnerId: OWNER,
  Type: 'Customer',
  ARR__c: 48000.5,
  Licensed_Seats__c: 60,
  Contract_Start_Date__c: '2023-02-01',
  Renewal_Date__c: '2026-02-01',
  Churn_Date__c: null,
  Customer_Segment__c: 'Mid-Market',
  Days_Past_Due__c: 12,
};

const change = (id: string, field: string, oldValue: unknown, newValue: unknown, at: string) => ({
  Id: id,
  AccountId: account.Id,
  Field: field,
  OldValue: oldValue,
  NewValue: newValue,
  CreatedDate: at,
});

describe('Salesforce account → store', () => {
  it('maps the standard and mapped fields the features read', () => {
    const row = mapAccount(account, context);
    expect(row).toMatchObject({
      tenantId: 'salesforce-00D',
      id: '001000000000001AAA',
      name: 'Acme Analytics',
      domain: 'acme-analytics.com',
      ownerId: OWNER,
      industry: 'Technology',
      segment: 'mid_market',
      arr: 48000.5,
      seats: 60,
      contractStart: '2023-02-01',
      renewalDate: '2026-02-01',
      lifecycle: 'customer',
      churnedAt: null,
      archived: false,
    });
    expect(row.crmCreatedAt?.toISOString()).toBe('2023-01-10T09:00:00.000Z');
    expect(row.crmUpdatedAt?.toISOString()).toBe('2025-06-01T08:30:00.000Z');
    expect(row.properties).toMatchObject({ ARR__c: 48000.5, Days_Past_Due__c: 12, days_past_due: 12, owner_email: 'dana@telltale.example', owner_name: 'Dana Reyes' });
    expect(row.properties).not.toHaveProperty('health_score');
  });

  it('derives the segment from ARR when the picklist is empty, and marks a deleted account archived', () => {
    const row = mapAccount({ ...account, Customer_Segment__c: null, ARR__c: 150000, IsDeleted: true }, context);
    expect(row.segment).toBe('enterprise');
    expect(row.archived).toBe(true);
  });

  it('reads the lifecycle from the account Type', () => {
    expect(lifecycleFromType('Former Customer')).toBe('former_customer');
    expect(lifecycleFromType('Prospect')).toBe('prospect');
    expect(lifecycleFromType(null)).toBeNull();
  });

  it('turns field history into versions: the value before the first change from creation, then each change', () => {
    const rows = mapAccountHistory(
      account,
      [change('017000000000001AAA', 'ARR__c', 40000, 48000.5, '2024-02-01T10:00:00.000+0000'), change('017000000000002AAA', 'Type', 'Prospect', 'Customer', '2023-02-01T10:00:00.000+0000')],
      context,
    );
    const versions = (field: string) => rows.filter((row) => row.field === field).map((row) => [row.validFrom.toISOString(), row.value]);
    expect(versions('arr')).toEqual([
      ['2023-01-10T09:00:00.000Z', '40000'],
      ['2024-02-01T10:00:00.000Z', '48000.5'],
    ]);
    expect(versions('lifecycle')).toEqual([
      ['2023-01-10T09:00:00.000Z', 'prospect'],
      ['2023-02-01T10:00:00.000Z', 'customer'],
    ]);
    // Fields that never changed hold their current value from creation; empty ones have no version.
    expect(versions('seats')).toEqual([['2023-01-10T09:00:00.000Z', '60']]);
    expect(versions('owner_id')).toEqual([['2023-01-10T09:00:00.000Z', OWNER]]);
    expect(versions('churned_at')).toEqual([]);
  });

  it('keeps the id rows of an owner change and skips the name rows Salesforce writes beside them', () => {
    const rows = mapAccountHistory(
      { ...account, OwnerId: NEXT_OWNER },
      [change('017000000000003AAA', 'Owner', 'Dana Reyes', 'Sam Ortiz', '2025-01-05T10:00:00.000+0000'), change('017000000000004AAA', 'Owner', OWNER, NEXT_OWNER, '2025-01-05T10:00:00.000+0000')],
      context,
    );
    expect(rows.filter((row) => row.field === 'owner_id').map((row) => row.value)).toEqual([OWNER, NEXT_OWNER]);
  });

  it('tracks the health score only when the tenant maps it', () => {
    const mapped = { ...context, mapping: resolveSalesforceMapping({ account: { healthScore: 'Health_Score__c' } }) };
    const rows = mapAccountHistory({ ...account, Health_Score__c: 71 }, [], mapped);
    expect(rows.filter((row) => row.field === 'health_score').map((row) => row.value)).toEqual(['71']);
    expect(mapAccount({ ...account, Health_Score__c: 71 }, mapped).properties.health_score).toBe(71);
    expect(mapAccountHistory({ ...account, Health_Score__c: 71 }, [], context).some((row) => row.field === 'health_score')).toBe(false);
  });
});
