import { describe, expect, it } from 'vitest';
import { isCustomerChange, readChangeEvent, type ChangeEventSummary } from '../../../server/src/connectors/salesforce/change-events.js';

/** A delivery as the Streaming API hands it to a CometD subscriber (Salesforce's documented shape). */
function delivery(header: Record<string, unknown>, replayId = 41): unknown {
  return {
    schema: 'IeRuaY6cbI_HsV8Rv1Mc5g',
    payload: { ChangeEventHeader: { entityName: 'Account', recordIds: ['001000000000001AAA'], changeType: 'UPDATE', commitTimestamp: 1_763_942_400_000, ...header }, Name: 'Acme' },
    event: { replayId },
  };
}

const OUTPUTS = new Set(['Telltale_Churn_Risk__c', 'Telltale_Insights_Updated_At__c']);

describe('reading change events', () => {
  it('reads the header of an account update', () => {
    const change = readChangeEvent('/data/AccountChangeEvent', delivery({ changedFields: ['Name', 'LastModifiedDate'], changeOrigin: 'com/salesforce/api/rest/62.0' }));
    expect(change).toEqual({
      channel: '/data/AccountChangeEvent',
      replayId: 41,
      entity: 'Account',
      changeType: 'UPDATE',
      recordIds: ['001000000000001AAA'],
      changedFields: ['Name', 'LastModifiedDate'],
      madeByTelltale: false,
      committedAt: new Date(1_763_942_400_000),
    });
  });

  it("recognises Telltale's own API calls by the client in changeOrigin", () => {
    const own = readChangeEvent('/data/AccountChangeEvent', delivery({ changeOrigin: 'com/salesforce/api/rest/62.0;client=Telltale' }));
    const other = readChangeEvent('/data/AccountChangeEvent', delivery({ changeOrigin: 'com/salesforce/api/rest/62.0;client=TelltaleImporter' }));
    const ui = readChangeEvent('/data/AccountChangeEvent', delivery({ changeOrigin: '' }));
    expect([own?.madeByTelltale, other?.madeByTelltale, ui?.madeByTelltale]).toEqual([true, false, false]);
  });

  it('returns nothing for a delivery that is not a change event', () => {
    expect(readChangeEvent('/data/CaseChangeEvent', { payload: 'hello', event: { replayId: 3 } })).toBeUndefined();
    expect(readChangeEvent('/data/CaseChangeEvent', { payload: { ChangeEventHeader: {} } })).toBeUndefined();
    expect(readChangeEvent('/data/CaseChangeEvent', null)).toBeUndefined();
  });
});

describe('telling customer changes from Telltale output', () => {
  const change = (overrides: Partial<ChangeEventSummary>): ChangeEventSummary => ({
    channel: '/data/AccountChangeEvent',
    replayId: 1,
    entity: 'Account',
    changeType: 'UPDATE',
    recordIds: ['001000000000001AAA'],
    changedFields: ['Name'],
    madeByTelltale: false,
    committedAt: undefined,
    ...overrides,
  });

  it('counts a customer edit of a field Telltale reads', () => {
    expect(isCustomerChange(change({ changedFields: ['ARR__c', 'LastModifiedDate'] }), OUTPUTS)).toBe(true);
  });

  it("ignores Telltale's own writes whatever they touched", () => {
    expect(isCustomerChange(change({ madeByTelltale: true, changedFields: ['Name'] }), OUTPUTS)).toBe(false);
  });

  it('ignores an update of only Telltale output fields and audit fields', () => {
    expect(isCustomerChange(change({ changedFields: ['Telltale_Churn_Risk__c', 'LastModifiedDate', 'SystemModstamp'] }), OUTPUTS)).toBe(false);
  });

  it('counts creations, deletions and undeletions, which name no changed fields', () => {
    for (const changeType of ['CREATE', 'DELETE', 'UNDELETE', 'GAP_UPDATE']) {
      expect(isCustomerChange(change({ changeType, changedFields: [] }), OUTPUTS)).toBe(true);
    }
  });
});
