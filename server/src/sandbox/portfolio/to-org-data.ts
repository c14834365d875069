/**
 * toOrgData: the portfolio as the sandbox Salesforce org holds it (SF-SCHEMA.md): Users (the owners
 * plus the integration user), Accounts with AccountHistory from their tracked field history, Contacts,
 * Opportunities, Cases (tickets, some logged against another account), Tasks (emails, calls, tasks)
 * and Events (meetings). HubSpot notes have no counterpart. Ids are 18-character Salesforce ids with
 * each object's key prefix, increasing with creation time, deterministic for the portfolio.
 */
import { DAY_MS, formatDay } from './calendar.js';
import { streamFor } from './random.js';
import type { Account, Engagement, Portfolio, Segment, TrackedCompanyProperty, ValueChange } from './model.js';
import { KEY_PREFIXES } from '../salesforce/object-definitions.js';
import type { FieldValue, OrgData, OrgRecord, SObjectName } from '../salesforce/org-data.js';
import { salesforceId } from '../salesforce/salesforce-ids.js';
import { formatDate, formatDateTime } from '../salesforce/wire-values.js';

const INDUSTRY: Record<string, string> = {
  COMPUTER_SOFTWARE: 'Technology', INFORMATION_TECHNOLOGY_AND_SERVICES: 'Technology', LOGISTICS_AND_SUPPLY_CHAIN: 'Transportation',
  HOSPITAL_HEALTH_CARE: 'Healthcare', FOOD_PRODUCTION: 'Food & Beverage', FINANCIAL_SERVICES: 'Finance', RETAIL: 'Retail',
  MACHINERY: 'Machinery', TELECOMMUNICATIONS: 'Telecommunications', MANAGEMENT_CONSULTING: 'Consulting', UTILITIES: 'Utilities',
  MARKETING_AND_ADVERTISING: 'Media', EDUCATION_MANAGEMENT: 'Education', INSURANCE: 'Insurance', REAL_ESTATE: 'Other',
  CONSTRUCTION: 'Construction', BANKING: 'Banking',
};
const SEGMENT: Record<Segment, string> = { smb: 'SMB', mid_market: 'Mid-Market', enterprise: 'Enterprise' };
const ROLE: Record<string, string> = {
  CHAMPION: 'Champion', EXECUTIVE_SPONSOR: 'Executive Sponsor', DECISION_MAKER: 'Decision Maker', BUDGET_HOLDER: 'Budget Holder',
  INFLUENCER: 'Influencer', END_USER: 'End User',
};
const STAGE: Record<string, string> = {
  appointmentscheduled: 'Qualification', qualifiedtobuy: 'Needs Analysis', presentationscheduled: 'Value Proposition',
  decisionmakerboughtin: 'Proposal/Price Quote', contractsent: 'Negotiation/Review', closedwon: 'Closed Won', closedlost: 'Closed Lost',
};
const DEAL_TYPE: Record<string, string> = { newbusiness: 'New Business', renewal: 'Renewal', existingbusiness: 'Upsell' };
const CASE_STATUS: Record<string, string> = { '1': 'New', '2': 'On Hold', '3': 'Working', '4': 'Closed' };
const CASE_TYPE: Record<string, string> = { PRODUCT_ISSUE: 'Problem', BILLING_ISSUE: 'Billing', FEATURE_REQUEST: 'Feature Request', GENERAL_INQUIRY: 'Question' };
const MEETING_MINUTES: Record<string, number> = { 'Quarterly business review': 60, 'Onboarding session': 60, 'Admin training': 60, 'Roadmap preview': 45 };

/** How each tracked company property becomes an Account field and its values. */
const TRACKED: Array<[TrackedCompanyProperty, string, string, (value: string, ownerIds: Map<string, string>) => FieldValue]> = [
  ['arr', 'ARR__c', 'ARR__c', Number],
  ['licensed_seats', 'Licensed_Seats__c', 'Licensed_Seats__c', Number],
  ['renewal_date', 'Renewal_Date__c', 'Renewal_Date__c', String],
  ['churn_date', 'Churn_Date__c', 'Churn_Date__c', String],
  ['days_past_due', 'Days_Past_Due__c', 'Days_Past_Due__c', Number],
  ['lifecyclestage', 'Type', 'Type', (v) => (v === 'customer' ? 'Customer' : 'Former Customer')],
  ['hubspot_owner_id', 'OwnerId', 'Owner', (v, owners) => owners.get(v) ?? null],
];

/** A record before its id is known; references are resolved once every id is assigned. */
interface Draft {
  type: SObjectName;
  createdAt: number;
  accountIndex: number;
  fields: Record<string, FieldValue>;
  /** Account index whose Id goes into `accountField`. */
  accountRef?: { field: 'AccountId' | 'WhatId'; index: number };
  /** Contact key (of `contactsOf`) whose Id goes into `contactField`. */
  contactRef?: { field: 'ContactId' | 'WhoId'; key: number; contactsOf: number };
  contactKey?: number;
}

const audit = (createdAt: number, updatedAt: number, asOfMs: number): Record<string, FieldValue> => {
  const modified = formatDateTime(Math.min(asOfMs, Math.max(createdAt, updatedAt)));
  return { IsDeleted: false, CreatedDate: formatDateTime(createdAt), LastModifiedDate: modified, SystemModstamp: modified };
};
const lastValue = (versions: ValueChange[]): string | null => versions[versions.length - 1]?.value ?? null;

function accountDrafts(account: Account, ownerIds: Map<string, string>, asOfMs: number): Draft[] {
  const h = account.history;
  const firstWrites = Object.values(h).flatMap((versions) => versions.slice(0, 1).map((v) => v.at));
  const createdAt = Math.min(account.customerSinceDay * DAY_MS, ...account.deals.map((d) => d.createdAt), ...firstWrites);
  const updatedAt = Math.max(createdAt, ...Object.values(h).flat().map((c) => c.at));
  const fields: Record<string, FieldValue> = {
    ...audit(createdAt, updatedAt, asOfMs),
    Name: account.name,
    Website: `https://www.${account.domain}`,
    Industry: INDUSTRY[account.industry] ?? 'Other',
    NumberOfEmployees: account.employees,
    Contract_Start_Date__c: formatDay(account.customerSinceDay),
    Customer_Segment__c: SEGMENT[account.segment],
    Health_Score__c: null,
  };
  const history: Draft[] = [];
  for (const [property, apiName, historyField, convert] of TRACKED) {
    const versions = h[property];
    const value = (v: string | null): FieldValue => (v === null ? null : convert(v, ownerIds));
    fields[apiName] = value(lastValue(versions));
    versions.forEach((version, i) => {
      if (version.at <= createdAt) return; // set when the account was created: no history row
      const previous = i > 0 ? value(versions[i - 1]?.value ?? null) : apiName === 'Type' ? 'Prospect' : null;
      history.push({ type: 'AccountHistory', createdAt: version.at, accountIndex: account.index, accountRef: { field: 'AccountId', index: account.index },
        fields: { IsDeleted: false, CreatedDate: formatDateTime(version.at), Field: historyField, OldValue: previous, NewValue: value(version.value) } });
    });
  }
  fields.Type ??= 'Prospect';
  return [{ type: 'Account', createdAt, accountIndex: account.index, fields }, ...history];
}

function activityDraft(e: Engagement, account: Account, ownerIds: Map<string, string>, asOfMs: number): Draft | undefined {
  const base = { createdAt: e.createdAt, accountIndex: account.index, accountRef: { field: 'WhatId' as const, index: account.index } };
  const who = e.contactKeys[0] === undefined ? {} : { contactRef: { field: 'WhoId' as const, key: e.contactKeys[0], contactsOf: account.index } };
  const common = { ...audit(e.createdAt, e.updatedAt, asOfMs), OwnerId: ownerIds.get(e.ownerId) ?? null };
  const task = (fields: Record<string, FieldValue>): Draft => ({ ...base, ...who, type: 'Task',
    fields: { ...common, ActivityDate: formatDate(e.at), Priority: 'Normal', Description: null, Telltale_Intervention_Key__c: null, Direction__c: null, CallType: null, CallDurationInSeconds: null, ...fields } });
  const p = e.properties;
  switch (e.type) {
    case 'emails':
      return task({ Subject: p.hs_email_subject ?? 'Email', Status: 'Completed', IsClosed: true, TaskSubtype: 'Email', Direction__c: p.hs_email_direction === 'INCOMING_EMAIL' ? 'inbound' : 'outbound' });
    case 'calls':
      return task({ Subject: 'Call', Status: 'Completed', IsClosed: true, TaskSubtype: 'Call', CallType: p.hs_call_direction === 'INBOUND' ? 'Inbound' : 'Outbound', CallDurationInSeconds: Math.round(Number(p.hs_call_duration ?? 0) / 1000) });
    case 'tasks': {
      const done = p.hs_task_status === 'COMPLETED';
      return task({ Subject: p.hs_task_subject ?? 'Task', Status: done ? 'Completed' : 'Not Started', IsClosed: done, TaskSubtype: 'Task' });
    }
    case 'meetings': {
      const subject = p.hs_meeting_title ?? 'Meeting';
      const minutes = MEETING_MINUTES[subject] ?? 30;
      return { ...base, ...who, type: 'Event', fields: { ...common, Subject: subject, StartDateTime: formatDateTime(e.at), EndDateTime: formatDateTime(e.at + minutes * 60_000), DurationInMinutes: minutes } };
    }
    case 'notes':
      return undefined;
  }
}

function childDrafts(account: Account, ownerIds: Map<string, string>, asOfMs: number): Draft[] {
  const out: Draft[] = [];
  const ref = { accountIndex: account.index, accountRef: { field: 'AccountId' as const, index: account.index } };
  for (const c of account.contacts) {
    out.push({ ...ref, type: 'Contact', createdAt: c.createdAt, contactKey: c.key, fields: {
      ...audit(c.createdAt, c.updatedAt, asOfMs), FirstName: c.firstname, LastName: c.lastname, Name: `${c.firstname} ${c.lastname}`,
      Email: c.email, Title: c.jobtitle, Buying_Role__c: c.roles.length > 0 ? c.roles.map((r) => ROLE[r] ?? r).join(';') : null,
    } });
  }
  for (const d of account.deals) {
    const stage = STAGE[d.stage] ?? 'Qualification';
    out.push({ ...ref, type: 'Opportunity', createdAt: d.createdAt, fields: {
      ...audit(d.createdAt, d.updatedAt, asOfMs), Name: d.name, Amount: d.amount, CloseDate: formatDate(d.closeAt), StageName: stage,
      IsClosed: stage.startsWith('Closed'), IsWon: stage === 'Closed Won', Type: DEAL_TYPE[d.type] ?? null, Loss_Reason__c: d.lostReason,
      OwnerId: ownerIds.get(d.ownerId) ?? null,
    } });
  }
  for (const t of account.tickets) {
    out.push({ type: 'Case', createdAt: t.createdAt, accountIndex: account.index, accountRef: { field: 'AccountId', index: t.loggedAgainst },
      ...(t.contactKey === null ? {} : { contactRef: { field: 'ContactId' as const, key: t.contactKey, contactsOf: account.index } }),
      fields: {
        ...audit(t.createdAt, t.updatedAt, asOfMs), Subject: t.subject, Description: t.content, Status: CASE_STATUS[t.stage] ?? 'New',
        IsClosed: t.stage === '4', ClosedDate: t.closedAt === null ? null : formatDateTime(t.closedAt),
        Priority: t.priority.charAt(0) + t.priority.slice(1).toLowerCase(), Type: CASE_TYPE[t.category] ?? 'Other', IsEscalated: t.escalated,
        First_Response_At__c: t.firstReplyAt === null ? null : formatDateTime(t.firstReplyAt), CSAT__c: t.csat,
      } });
  }
  for (const e of account.engagements) {
    const draft = activityDraft(e, account, ownerIds, asOfMs);
    if (draft) out.push(draft);
  }
  return out;
}

function userRecords(portfolio: Portfolio, rng: ReturnType<typeof streamFor>): { users: OrgRecord[]; ownerIds: Map<string, string>; integration: OrgRecord } {
  let n = 1_000 + rng.int(0, 999);
  const createdAt = Math.min(...portfolio.owners.map((o) => o.createdAt));
  const user = (first: string, last: string, email: string, title: string, at: number): OrgRecord => ({
    Id: salesforceId(KEY_PREFIXES.User, (n += rng.int(1, 9))), ...audit(at, at, Number.POSITIVE_INFINITY),
    Username: email, FirstName: first, LastName: last, Name: `${first} ${last}`, Email: email, IsActive: true, Title: title,
  });
  const integration = user('Telltale', 'Integration', 'telltale.integration@telltale-sandbox.example', 'Integration', createdAt);
  const ownerIds = new Map<string, string>();
  const users = [integration];
  for (const o of portfolio.owners) {
    const record = user(o.firstName, o.lastName, o.email, o.team, o.createdAt);
    ownerIds.set(o.id, record.Id);
    users.push(record);
  }
  return { users, ownerIds, integration };
}

/** The org content for the sandbox Salesforce emulation. */
export function toOrgData(portfolio: Portfolio): OrgData {
  const asOfMs = (portfolio.asOfDay + 1) * DAY_MS - 1;
  const rng = streamFor(portfolio.seed, -1, 'salesforce-ids');
  const orgId = salesforceId('00D', 100_000 + rng.int(0, 899_999));
  const { users, ownerIds, integration } = userRecords(portfolio, rng);
  const accounts = [...portfolio.accounts].sort((a, b) => Number(a.companyId) - Number(b.companyId));
  const byType = new Map<SObjectName, Draft[]>();
  for (const account of accounts) {
    for (const d of [...accountDrafts(account, ownerIds, asOfMs), ...childDrafts(account, ownerIds, asOfMs)]) {
      const list = byType.get(d.type) ?? [];
      list.push(d);
      byType.set(d.type, list);
    }
  }
  const accountIds: string[] = new Array<string>(portfolio.accounts.length);
  const contactIds = new Map<string, string>();
  const ids = new Map<Draft, string>();
  for (const [type, list] of byType) {
    // Accounts keep the order of their HubSpot ids (creation order); everything else sorts by creation.
    if (type !== 'Account') list.sort((a, b) => a.createdAt - b.createdAt || a.accountIndex - b.accountIndex);
    let n = 1_000 + rng.int(0, 999);
    for (const d of list) {
      const id = salesforceId(KEY_PREFIXES[type], (n += rng.int(1, 9)));
      ids.set(d, id);
      if (type === 'Account') accountIds[d.accountIndex] = id;
      if (d.contactKey !== undefined) contactIds.set(`${d.accountIndex}:${d.contactKey}`, id);
    }
  }
  const records = { User: users } as Record<SObjectName, OrgRecord[]>;
  for (const type of ['Account', 'AccountHistory', 'Contact', 'Opportunity', 'Case', 'Task', 'Event'] as const) {
    records[type] = (byType.get(type) ?? []).map((d) => {
      const record: OrgRecord = { Id: ids.get(d) ?? '', ...d.fields };
      if (d.accountRef) record[d.accountRef.field] = accountIds[d.accountRef.index] ?? null;
      if (d.contactRef) record[d.contactRef.field] = contactIds.get(`${d.contactRef.contactsOf}:${d.contactRef.key}`) ?? null;
      else if (type === 'Task' || type === 'Event') record.WhoId = null;
      else if (type === 'Case') record.ContactId = null;
      return record;
    });
  }
  return { orgId, asOf: formatDateTime(asOfMs), integrationUser: { id: integration.Id, username: String(integration.Username) }, records, accountIds };
}
