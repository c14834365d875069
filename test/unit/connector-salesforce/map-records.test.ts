import { describe, expect, it } from 'vitest';
import { mapCase, mapContact, mapEvent, mapOpportunity, mapTask, taskOccurredAt } from '../../../server/src/connectors/salesforce/map-records.js';
import { resolveSalesforceMapping } from '../../../server/src/connectors/salesforce/tenant-mapping.js';

const ACCOUNT = '001000000000001AAA';
const CFO = '003000000000001AAA';
const ANALYST = '003000000000002AAA';
const context = { tenantId: 'salesforce-00D', mapping: resolveSalesforceMapping({}) };
const audit = { IsDeleted: false, CreatedDate: '2025-05-02T14:05:00.000+0000', SystemModstamp: '2025-05-03T09:00:00.000+0000' };
const seniority = { byId: new Map([[CFO, 'executive'], [ANALYST, 'individual']]), byEmail: new Map<string, string | null>() };

describe('Salesforce records → store', () => {
  it('maps a contact with seniority from the title and roles from the multi-select picklist', () => {
    const row = mapContact(
      { ...audit, Id: CFO, AccountId: ACCOUNT, FirstName: 'Ana', LastName: 'Silva', Email: 'Ana.Silva@Acme.example', Title: 'Chief Financial Officer', Buying_Role__c: 'Executive Sponsor;Budget Holder' },
      context,
    );
    expect(row).toMatchObject({ id: CFO, accountId: ACCOUNT, email: 'ana.silva@acme.example', seniority: 'executive', buyingRoles: ['Executive Sponsor', 'Budget Holder'], isSponsor: true, isChampion: false });
    expect(row.crmUpdatedAt?.toISOString()).toBe('2025-05-03T09:00:00.000Z');
    expect(mapContact({ ...audit, Id: ANALYST, AccountId: null, Title: null, Buying_Role__c: 'CHAMPION' }, context)).toMatchObject({ seniority: null, isChampion: true, accountId: null });
  });

  it('maps an opportunity by its Type to a deal kind', () => {
    const won = mapOpportunity({ ...audit, Id: '006000000000001AAA', AccountId: ACCOUNT, Name: 'Acme renewal 2025', Amount: 52000, CloseDate: '2025-06-30', StageName: 'Closed Won', IsClosed: true, IsWon: true, Type: 'Renewal' }, context);
    expect(won).toMatchObject({ kind: 'renewal', stage: 'Closed Won', isClosed: true, isWon: true, amount: 52000, closeDate: '2025-06-30', pipeline: null });
    const open = mapOpportunity({ ...audit, Id: '006000000000002AAA', AccountId: ACCOUNT, Name: 'Seats', StageName: 'Proposal/Price Quote', IsClosed: false, IsWon: false, Type: 'Upsell' }, context);
    expect(open).toMatchObject({ kind: 'upsell', isClosed: false, isWon: false, amount: null });
    expect(mapOpportunity({ ...audit, Id: '006000000000003AAA', Type: 'Existing Customer - Downgrade' }, context).kind).toBe('other');
  });

  it('maps a case to a ticket: closed from IsClosed, waiting from the status, CSAT 1 to 5 only', () => {
    const closed = mapCase(
      { ...audit, Id: '500000000000001AAA', AccountId: ACCOUNT, Subject: 'Export fails', Status: 'Closed', IsClosed: true, ClosedDate: '2025-05-04T10:00:00.000+0000', Priority: 'High', Type: 'Problem', IsEscalated: true, First_Response_At__c: '2025-05-02T15:00:00.000+0000', CSAT__c: 4 },
      context,
    );
    expect(closed).toMatchObject({ status: 'closed', priority: 'high', category: 'Problem', escalated: true, csat: 4 });
    expect(closed.resolvedAt?.toISOString()).toBe('2025-05-04T10:00:00.000Z');
    expect(closed.firstResponseAt?.toISOString()).toBe('2025-05-02T15:00:00.000Z');
    expect(closed.createdAt.toISOString()).toBe('2025-05-02T14:05:00.000Z');
    const waiting = mapCase({ ...audit, Id: '500000000000002AAA', Status: 'On Hold', IsClosed: false, Priority: 'Critical', CSAT__c: 9 }, context);
    expect(waiting).toMatchObject({ status: 'waiting', priority: 'urgent', csat: null, resolvedAt: null, escalated: false });
  });

  it('maps tasks by subtype: emails and calls with their direction, flagged when the contact is an executive', () => {
    const email = mapTask({ ...audit, Id: '00T000000000001AAA', WhatId: ACCOUNT, WhoId: CFO, ActivityDate: '2025-05-02', Status: 'Completed', TaskSubtype: 'Email', Direction__c: 'inbound' }, seniority, context);
    expect(email).toMatchObject({ kind: 'email', direction: 'inbound', accountId: ACCOUNT, contactId: CFO, withExecutive: true, status: 'Completed', counterpartEmail: null });
    const call = mapTask({ ...audit, Id: '00T000000000002AAA', WhatId: ACCOUNT, WhoId: ANALYST, ActivityDate: '2025-05-01', TaskSubtype: 'Call', CallType: 'Outbound' }, seniority, context);
    expect(call).toMatchObject({ kind: 'call', direction: 'outbound', withExecutive: false });
    const task = mapTask({ ...audit, Id: '00T000000000003AAA', WhatId: '006000000000001AAA', WhoId: '00Q000000000001AAA', TaskSubtype: 'Task', Direction__c: 'inbound' }, seniority, context);
    expect(task).toMatchObject({ kind: 'task', direction: null, accountId: null, contactId: null });
  });

  it('dates an activity by its ActivityDate, at the logged time when logged that day', () => {
    expect(taskOccurredAt({ CreatedDate: '2025-05-02T14:05:00.000+0000', ActivityDate: '2025-05-02' }).toISOString()).toBe('2025-05-02T14:05:00.000Z');
    expect(taskOccurredAt({ CreatedDate: '2025-05-09T14:05:00.000+0000', ActivityDate: '2025-05-02' }).toISOString()).toBe('2025-05-02T00:00:00.000Z');
    expect(taskOccurredAt({ CreatedDate: '2025-05-09T14:05:00.000+0000', ActivityDate: null }).toISOString()).toBe('2025-05-09T14:05:00.000Z');
  });

  it('maps an event to a meeting at its start', () => {
    const meeting = mapEvent({ ...audit, IsDeleted: true, Id: '00U000000000001AAA', WhatId: ACCOUNT, WhoId: CFO, StartDateTime: '2025-05-06T16:00:00.000+0000' }, seniority, context);
    expect(meeting).toMatchObject({ kind: 'meeting', direction: null, withExecutive: true, archived: true, status: null });
    expect(meeting.occurredAt.toISOString()).toBe('2025-05-06T16:00:00.000Z');
  });
});
