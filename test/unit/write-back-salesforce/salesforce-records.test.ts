import { describe, expect, it } from 'vitest';
import type { CrmTaskDraft } from '../../../server/src/actions/crm-task-gateway.js';
import { loadFieldCatalogue } from '../../../server/src/actions/fields-catalogue.js';
import { accountFields } from '../../../server/src/connectors/salesforce/catalogue-values.js';
import { soqlInList, soqlString } from '../../../server/src/connectors/salesforce/soql-values.js';
import { newTaskRecord, taskFields } from '../../../server/src/connectors/salesforce/task-records.js';

const draft: CrmTaskDraft = {
  key: '3f2b8c1e-4d5a-4e6f-9a7b-8c9d0e1f2a3b',
  companyId: '0015g00000000A1AAI',
  ownerId: '0055g00000000B2AAI',
  subject: 'Executive escalation for Acme',
  bodyLines: ['Churn risk 86/100 (high), renewal in 200 days.', 'Support raises churn risk by +16.0 pts.', 'Steps:', '1. Call the sponsor'],
  dueDate: '2025-07-03',
  priority: 'HIGH',
};

describe('Salesforce records of the write-back and the tasks', () => {
  it('names an account write by the catalogue API names, in Salesforce formats', () => {
    const fields = accountFields(loadFieldCatalogue(), {
      accountId: '0015g00000000A1AAI',
      fields: new Map<string, string | null>([
        ['churn_risk_score', '86'],
        ['churn_risk_band', 'high'],
        ['expansion_potential', '1250.5'],
        ['next_best_action', null],
        ['insights_updated_at', '2025-07-01T08:00:00.000Z'],
      ]),
    });
    expect(fields).toEqual({
      Telltale_Churn_Risk_Score__c: 86,
      Telltale_Churn_Risk_Band__c: 'high',
      Telltale_Expansion_Potential__c: 1250.5,
      Telltale_Next_Best_Action__c: null,
      Telltale_Insights_Updated_At__c: '2025-07-01T08:00:00.000+0000',
    });
  });

  it('refuses a write of a key the catalogue does not have', () => {
    expect(() => accountFields(loadFieldCatalogue(), { accountId: 'x', fields: new Map([['nps', '9']]) })).toThrow(/unknown catalogue field nps/);
  });

  it('makes a new Task on the Account for its owner, not started, carrying the intervention key', () => {
    expect(newTaskRecord(draft)).toEqual({
      WhatId: '0015g00000000A1AAI',
      OwnerId: '0055g00000000B2AAI',
      Subject: 'Executive escalation for Acme',
      Description: 'Churn risk 86/100 (high), renewal in 200 days.\nSupport raises churn risk by +16.0 pts.\nSteps:\n1. Call the sponsor',
      ActivityDate: '2025-07-03',
      Priority: 'High',
      Status: 'Not Started',
      Telltale_Intervention_Key__c: draft.key,
    });
  });

  it('leaves the owner to Salesforce when the account has none, and maps every priority', () => {
    expect(newTaskRecord({ ...draft, ownerId: null })).not.toHaveProperty('OwnerId');
    expect((['HIGH', 'MEDIUM', 'LOW'] as const).map((priority) => taskFields({ ...draft, priority }).Priority)).toEqual(['High', 'Normal', 'Low']);
  });

  it('keeps subject and description within the Task field lengths', () => {
    const long = taskFields({ ...draft, subject: 's'.repeat(300), bodyLines: ['d'.repeat(40_000)] });
    expect(String(long.Subject)).toHaveLength(255);
    expect(String(long.Description)).toHaveLength(32_000);
  });

  it('quotes SOQL strings with their quotes and backslashes escaped', () => {
    expect(soqlString("O'Brien \\ Co")).toBe("'O\\'Brien \\\\ Co'");
    expect(soqlInList(['a', 'b'])).toBe("('a', 'b')");
    expect(() => soqlInList([])).toThrow(RangeError);
  });
});
