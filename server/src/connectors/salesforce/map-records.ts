import type { ContactRow, DealRow, EngagementRow, TicketRow } from '../../store/crm-records.js';
import type { SeniorityLookup } from '../hubspot/map-records.js';
import { isExecutiveSeniority, parseSeniority } from '../hubspot/seniority.js';
import { boolean, date, dateTime, integer, multiSelect, number, text } from '../hubspot/values.js';
import { fieldText, raw, recordId, type SalesforceRecord } from './record-values.js';
import { isSalesforceId } from './soql.js';
import { picklistIn, type SalesforceMapping } from './tenant-mapping.js';

interface MapContext {
  tenantId: string;
  mapping: SalesforceMapping;
}

/** Key prefixes of the objects a record may point at. */
const ACCOUNT = '001';
const CONTACT = '003';

/** The account a record points at (AccountId, or an activity's WhatId when it is an account). */
const accountOf = (value: unknown): string | null => (isSalesforceId(value, ACCOUNT) ? value : null);

const updatedAt = (record: SalesforceRecord): Date | null => dateTime(raw(record.SystemModstamp));
const createdAt = (record: SalesforceRecord): Date | null => dateTime(raw(record.CreatedDate));
const deleted = (record: SalesforceRecord): boolean => record.IsDeleted === true;

export function mapContact(record: SalesforceRecord, { tenantId, mapping }: MapContext): ContactRow {
  const roles = multiSelect(fieldText(record, mapping.contact.roleField));
  const jobTitle = text(raw(record.Title));
  return {
    tenantId,
    id: recordId(record),
    accountId: accountOf(record.AccountId),
    email: text(raw(record.Email))?.toLowerCase() ?? null,
    firstName: text(raw(record.FirstName)),
    lastName: text(raw(record.LastName)),
    jobTitle,
    seniority: parseSeniority(jobTitle),
    buyingRoles: roles,
    isSponsor: roles.some((role) => picklistIn(role, mapping.contact.sponsorValues)),
    isChampion: roles.some((role) => picklistIn(role, mapping.contact.championValues)),
    crmCreatedAt: createdAt(record),
    crmUpdatedAt: updatedAt(record),
    archived: deleted(record),
  };
}

/** renewal / upsell / new_business by the opportunity's Type; anything else is other. */
export function opportunityKind(type: string | null, mapping: SalesforceMapping): DealRow['kind'] {
  const o = mapping.opportunity;
  if (picklistIn(type, o.renewalTypes)) return 'renewal';
  if (picklistIn(type, o.upsellTypes)) return 'upsell';
  if (picklistIn(type, o.newBusinessTypes)) return 'new_business';
  return 'other';
}

export function mapOpportunity(record: SalesforceRecord, { tenantId, mapping }: MapContext): DealRow {
  const isClosed = boolean(raw(record.IsClosed)) ?? false;
  return {
    tenantId,
    id: recordId(record),
    accountId: accountOf(record.AccountId),
    name: text(raw(record.Name)) ?? '',
    kind: opportunityKind(text(raw(record.Type)), mapping),
    // Salesforce has no pipelines; the sales process lives in the stages.
    pipeline: null,
    stage: text(raw(record.StageName)),
    isClosed,
    isWon: isClosed && (boolean(raw(record.IsWon)) ?? false),
    amount: number(raw(record.Amount)),
    closeDate: date(raw(record.CloseDate)),
    crmCreatedAt: createdAt(record),
    crmUpdatedAt: updatedAt(record),
    archived: deleted(record),
  };
}

/** Case priority → ticket priority; orgs that add "Critical" mean the top one. */
function casePriority(value: unknown): TicketRow['priority'] {
  const priority = text(raw(value))?.toLowerCase();
  if (priority === 'low' || priority === 'medium' || priority === 'high' || priority === 'urgent') return priority;
  return priority === 'critical' ? 'urgent' : null;
}

export function mapCase(record: SalesforceRecord, { tenantId, mapping }: MapContext): TicketRow {
  const c = mapping.case;
  const closed = boolean(raw(record.IsClosed)) ?? false;
  const csat = integer(fieldText(record, c.csat));
  return {
    tenantId,
    id: recordId(record),
    accountId: accountOf(record.AccountId),
    subject: text(raw(record.Subject)),
    priority: casePriority(record.Priority),
    status: closed ? 'closed' : picklistIn(text(raw(record.Status)), c.waitingStatuses) ? 'waiting' : 'open',
    category: text(raw(record.Type)),
    createdAt: createdAt(record) ?? new Date(0),
    firstResponseAt: dateTime(fieldText(record, c.firstResponseAt)),
    resolvedAt: closed ? dateTime(raw(record.ClosedDate)) : null,
    escalated: boolean(raw(record.IsEscalated)) ?? false,
    csat: csat !== null && csat >= 1 && csat <= 5 ? csat : null,
    crmUpdatedAt: updatedAt(record),
    archived: deleted(record),
  };
}

/** A Task's kind by its subtype: Email → email, Call → call, anything else (Task, ListEmail, none) → task. */
export function taskKind(subtype: unknown): 'email' | 'call' | 'task' {
  const value = text(raw(subtype))?.toLowerCase();
  return value === 'email' ? 'email' : value === 'call' ? 'call' : 'task';
}

/**
 * When an activity happened: its ActivityDate (the day it was done, or is due), at the time of day
 * it was logged when it was logged that same day (UTC), else at midnight UTC; without a date, when
 * it was logged.
 */
export function taskOccurredAt(record: SalesforceRecord): Date {
  const logged = createdAt(record);
  const day = date(raw(record.ActivityDate));
  if (day === null) return logged ?? new Date(0);
  if (logged && logged.toISOString().slice(0, 10) === day) return logged;
  return new Date(`${day}T00:00:00.000Z`);
}

function activityLinks(record: SalesforceRecord, seniority: SeniorityLookup) {
  const contactId = isSalesforceId(record.WhoId, CONTACT) ? record.WhoId : null;
  return {
    accountId: accountOf(record.WhatId),
    contactId,
    counterpartEmail: null,
    withExecutive: contactId !== null && isExecutiveSeniority(seniority.byId.get(contactId)),
  };
}

/** inbound / outbound: a call's CallType (Inbound / Outbound / Internal), else the mapped direction field; plain tasks have none. */
export function taskDirection(kind: 'email' | 'call' | 'task', record: SalesforceRecord, mapping: SalesforceMapping): EngagementRow['direction'] {
  if (kind === 'task') return null;
  const value = ((kind === 'call' ? text(raw(record.CallType)) : null) ?? text(fieldText(record, mapping.task.direction)))?.toLowerCase();
  return value === 'inbound' || value === 'outbound' ? value : null;
}

export function mapTask(record: SalesforceRecord, seniority: SeniorityLookup, { tenantId, mapping }: MapContext): EngagementRow {
  const kind = taskKind(record.TaskSubtype);
  return {
    tenantId,
    id: recordId(record),
    kind,
    direction: taskDirection(kind, record, mapping),
    occurredAt: taskOccurredAt(record),
    ...activityLinks(record, seniority),
    status: text(raw(record.Status)),
    crmUpdatedAt: updatedAt(record),
    archived: deleted(record),
  };
}

/** An Event is a meeting, at its start. */
export function mapEvent(record: SalesforceRecord, seniority: SeniorityLookup, { tenantId }: MapContext): EngagementRow {
  return {
    tenantId,
    id: recordId(record),
    kind: 'meeting',
    direction: null,
    occurredAt: dateTime(raw(record.StartDateTime)) ?? createdAt(record) ?? new Date(0),
    ...activityLinks(record, seniority),
    status: null,
    crmUpdatedAt: updatedAt(record),
    archived: deleted(record),
  };
}
