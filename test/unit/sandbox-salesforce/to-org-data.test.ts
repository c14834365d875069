import { describe, expect, it } from 'vitest';
import { generatePortfolio, toOrgData } from '../../../server/src/sandbox/portfolio/index.js';
import { KEY_PREFIXES, orgSchema } from '../../../server/src/sandbox/salesforce/object-definitions.js';
import type { FieldValue, OrgRecord, SObjectName } from '../../../server/src/sandbox/salesforce/org-data.js';
import { normaliseId } from '../../../server/src/sandbox/salesforce/salesforce-ids.js';

const portfolio = generatePortfolio({ seed: 42, accounts: 60, asOf: '2026-06-30' });
const org = toOrgData(portfolio);
const idsOf = (type: SObjectName) => new Set(org.records[type].map((r) => r.Id));

describe('toOrgData', () => {
  it('is deterministic for the portfolio', () => {
    const again = toOrgData(generatePortfolio({ seed: 42, accounts: 60, asOf: '2026-06-30' }));
    expect(again).toEqual(org);
    const other = toOrgData(generatePortfolio({ seed: 7, accounts: 60, asOf: '2026-06-30' }));
    expect(other.orgId).not.toBe(org.orgId);
  });

  it("has as many records as the portfolio: owners (plus the integration user), accounts, contacts, deals, tickets and engagements but notes", () => {
    const all = <T>(pick: (a: (typeof portfolio.accounts)[number]) => T[]) => portfolio.accounts.flatMap(pick);
    const engagements = all((a) => a.engagements);
    expect(org.records.User).toHaveLength(portfolio.owners.length + 1);
    expect(org.records.Account).toHaveLength(portfolio.accounts.length);
    expect(org.records.Contact).toHaveLength(all((a) => a.contacts).length);
    expect(org.records.Opportunity).toHaveLength(all((a) => a.deals).length);
    expect(org.records.Case).toHaveLength(all((a) => a.tickets).length);
    expect(org.records.Task).toHaveLength(engagements.filter((e) => e.type === 'emails' || e.type === 'calls' || e.type === 'tasks').length);
    expect(org.records.Event).toHaveLength(engagements.filter((e) => e.type === 'meetings').length);
    expect(org.accountIds).toHaveLength(portfolio.accounts.length);
  });

  it('gives every record a unique, well-formed 18-character id with its object key prefix', () => {
    for (const [type, records] of Object.entries(org.records) as Array<[SObjectName, OrgRecord[]]>) {
      expect(idsOf(type).size, type).toBe(records.length);
      for (const r of records) {
        expect(normaliseId(r.Id), r.Id).toBe(r.Id);
        expect(r.Id.slice(0, 3)).toBe(KEY_PREFIXES[type]);
      }
    }
    expect(org.orgId.slice(0, 3)).toBe('00D');
  });

  it('points every AccountId, WhatId, WhoId, ContactId and OwnerId at an existing record', () => {
    const accounts = idsOf('Account');
    const contacts = idsOf('Contact');
    const users = idsOf('User');
    for (const type of ['Contact', 'Opportunity', 'Case', 'AccountHistory'] as const) {
      for (const r of org.records[type]) expect(accounts.has(String(r.AccountId)), `${type} ${r.Id}`).toBe(true);
    }
    for (const type of ['Task', 'Event'] as const) {
      for (const r of org.records[type]) {
        expect(accounts.has(String(r.WhatId))).toBe(true);
        expect(r.WhoId === null || contacts.has(String(r.WhoId))).toBe(true);
        expect(users.has(String(r.OwnerId))).toBe(true);
      }
    }
    for (const r of org.records.Case) expect(r.ContactId === null || contacts.has(String(r.ContactId))).toBe(true);
    for (const r of [...org.records.Account, ...org.records.Opportunity]) expect(users.has(String(r.OwnerId))).toBe(true);
  });

  it('logs the tickets the portfolio mislogged against the other account', () => {
    const mislogged = portfolio.accounts.flatMap((a) => a.tickets.filter((t) => t.loggedAgainst !== a.index).map((t) => ({ t, owner: a.index })));
    expect(mislogged.length).toBeGreaterThan(0);
    const contactAccount = new Map(org.records.Contact.map((c) => [c.Id, c.AccountId]));
    const crossed = org.records.Case.filter((c) => c.ContactId !== null && contactAccount.get(String(c.ContactId)) !== c.AccountId);
    expect(crossed.length).toBe(mislogged.filter(({ t }) => t.contactKey !== null).length);
  });

  it('keeps AccountHistory consistent with the current values: the last NewValue of each field is the value now', () => {
    const historyField: Record<string, string> = { ARR__c: 'ARR__c', Licensed_Seats__c: 'Licensed_Seats__c', Renewal_Date__c: 'Renewal_Date__c', Churn_Date__c: 'Churn_Date__c', Days_Past_Due__c: 'Days_Past_Due__c', Type: 'Type', Owner: 'OwnerId' };
    const latest = new Map<string, FieldValue>();
    for (const row of [...org.records.AccountHistory].sort((a, b) => String(a.CreatedDate).localeCompare(String(b.CreatedDate)))) {
      latest.set(`${row.AccountId}:${row.Field}`, row.NewValue ?? null);
    }
    expect(latest.size).toBeGreaterThan(org.records.Account.length);
    for (const [key, value] of latest) {
      const [accountId, field] = key.split(':');
      const account = org.records.Account.find((a) => a.Id === accountId);
      expect(account?.[historyField[field ?? ''] ?? ''], key).toEqual(value);
    }
    for (const row of org.records.AccountHistory) {
      const account = org.records.Account.find((a) => a.Id === row.AccountId);
      expect(String(row.CreatedDate) > String(account?.CreatedDate), row.Id).toBe(true);
    }
  });

  it('writes Salesforce values: picklists from the org schema, datetimes in +0000 form, audit dates in order', () => {
    const schema = orgSchema();
    for (const type of ['Account', 'Opportunity', 'Case', 'Task'] as const) {
      const object = schema.get(type);
      for (const field of object?.fields.filter((f) => f.type === 'picklist') ?? []) {
        const allowed = new Set(field.picklistValues.map((p) => p.value));
        for (const r of org.records[type]) {
          const value = r[field.name];
          if (value !== null && value !== undefined) expect(allowed.has(String(value)), `${type}.${field.name} ${String(value)}`).toBe(true);
        }
      }
      for (const r of org.records[type]) {
        expect(r.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
        expect(String(r.CreatedDate) <= String(r.LastModifiedDate)).toBe(true);
        expect(r.SystemModstamp).toBe(r.LastModifiedDate);
        expect(String(r.LastModifiedDate) <= org.asOf).toBe(true);
      }
    }
    const closed = org.records.Opportunity.filter((o) => o.IsClosed === true);
    expect(closed.every((o) => o.StageName === 'Closed Won' || o.StageName === 'Closed Lost')).toBe(true);
    expect(org.records.Task.filter((t) => t.TaskSubtype === 'Email').every((t) => t.Direction__c === 'inbound' || t.Direction__c === 'outbound')).toBe(true);
  });

  it('leaves the Telltale catalogue fields unset and keeps the integration user active', () => {
    const telltale = orgSchema().get('Account')?.fields.filter((f) => f.name.startsWith('Telltale_')) ?? [];
    expect(telltale.length).toBeGreaterThan(10);
    for (const a of org.records.Account) for (const f of telltale) expect(a[f.name] ?? null).toBeNull();
    expect(org.records.User.find((u) => u.Id === org.integrationUser.id)).toMatchObject({ Username: org.integrationUser.username, IsActive: true });
  });
});
