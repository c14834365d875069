import type { ContactRow, DealRow, EngagementRow, TicketRow } from '../../store/crm-records.js';
import type { HubSpotObject } from './hubspot-api.js';
import { isExecutiveSeniority, parseSeniority } from './seniority.js';
import type { EngagementKind } from './streams.js';
import type { HubSpotMapping } from './tenant-mapping.js';
import { boolean, date, dateTime, firstEmail, integer, multiSelect, number, text } from './values.js';

/** What a record points at: its company (account) and, for engagements, its person. */
export interface RecordLinks {
  accountId: string | null;
  contactId?: string | null;
}

interface MapContext {
  tenantId: string;
  mapping: HubSpotMapping;
}

const updatedAt = (record: HubSpotObject, property: string): Date | null => dateTime(record.properties[property]) ?? dateTime(record.updatedAt);
const createdAt = (record: HubSpotObject, property: string): Date | null => dateTime(record.properties[property]) ?? dateTime(record.createdAt);

export function mapContact(record: HubSpotObject, links: RecordLinks, { tenantId, mapping }: MapContext): ContactRow {
  const p = record.properties;
  const roles = multiSelect(p[mapping.contact.roleProperty]);
  const jobTitle = text(p.jobtitle);
  return {
    tenantId,
    id: record.id,
    accountId: links.accountId,
    email: text(p.email)?.toLowerCase() ?? null,
    firstName: text(p.firstname),
    lastName: text(p.lastname),
    jobTitle,
    seniority: parseSeniority(jobTitle),
    buyingRoles: roles,
    isSponsor: roles.some((role) => mapping.contact.sponsorValues.includes(role)),
    isChampion: roles.some((role) => mapping.contact.championValues.includes(role)),
    crmCreatedAt: createdAt(record, 'createdate'),
    crmUpdatedAt: updatedAt(record, 'lastmodifieddate'),
    archived: record.archived ?? false,
  };
}

/** renewal / upsell by pipeline first, then by deal type; new_business by type; anything else other. */
export function dealKind(pipeline: string | null, type: string | null, mapping: HubSpotMapping): DealRow['kind'] {
  const deal = mapping.deal;
  if (pipeline && deal.renewalPipelines.includes(pipeline)) return 'renewal';
  if (pipeline && deal.upsellPipelines.includes(pipeline)) return 'upsell';
  if (type && deal.renewalTypes.includes(type)) return 'renewal';
  if (type && deal.upsellTypes.includes(type)) return 'upsell';
  if (type && deal.newBusinessTypes.includes(type)) return 'new_business';
  return 'other';
}

export function mapDeal(record: HubSpotObject, links: RecordLinks, { tenantId, mapping }: MapContext): DealRow {
  const p = record.properties;
  const pipeline = text(p.pipeline);
  const stage = text(p.dealstage);
  const isClosed = boolean(p.hs_is_closed) ?? (stage === 'closedwon' || stage === 'closedlost');
  return {
    tenantId,
    id: record.id,
    accountId: links.accountId,
    name: text(p.dealname) ?? '',
    kind: dealKind(pipeline, text(p[mapping.deal.typeProperty]), mapping),
    pipeline,
    stage,
    isClosed,
    isWon: isClosed && (boolean(p.hs_is_closed_won) ?? stage === 'closedwon'),
    amount: number(p.amount),
    closeDate: date(p.closedate),
    crmCreatedAt: createdAt(record, 'createdate'),
    crmUpdatedAt: updatedAt(record, 'hs_lastmodifieddate'),
    archived: record.archived ?? false,
  };
}

const PRIORITIES = new Set(['low', 'medium', 'high', 'urgent']);

export function mapTicket(record: HubSpotObject, links: RecordLinks, { tenantId, mapping }: MapContext): TicketRow {
  const p = record.properties;
  const t = mapping.ticket;
  const stage = text(p.hs_pipeline_stage);
  const priority = text(p[t.priority])?.toLowerCase() ?? null;
  const csat = t.csat ? integer(p[t.csat]) : null;
  return {
    tenantId,
    id: record.id,
    accountId: links.accountId,
    subject: text(p.subject),
    priority: priority !== null && PRIORITIES.has(priority) ? (priority as TicketRow['priority']) : null,
    status: stage && t.closedStages.includes(stage) ? 'closed' : stage && t.waitingStages.includes(stage) ? 'waiting' : 'open',
    category: text(p.hs_ticket_category),
    createdAt: createdAt(record, 'createdate') ?? new Date(0),
    firstResponseAt: dateTime(p[t.firstResponseAt]),
    resolvedAt: dateTime(p[t.closedAt]),
    escalated: (t.escalated ? boolean(p[t.escalated]) : null) ?? false,
    csat: csat !== null && csat >= 1 && csat <= 5 ? csat : null,
    crmUpdatedAt: updatedAt(record, 'hs_lastmodifieddate'),
    archived: record.archived ?? false,
  };
}

/** Seniority of the contacts an engagement may involve, looked up in the store before mapping. */
export interface SeniorityLookup {
  byId: ReadonlyMap<string, string | null>;
  byEmail: ReadonlyMap<string, string | null>;
}

/** inbound / outbound from HubSpot's email and call direction values; other kinds have none. */
export function engagementDirection(kind: EngagementKind, record: HubSpotObject): EngagementRow['direction'] {
  const p = record.properties;
  if (kind === 'email') {
    const value = text(p.hs_email_direction)?.toUpperCase();
    if (value === 'INCOMING_EMAIL') return 'inbound';
    if (value === 'EMAIL' || value === 'FORWARDED_EMAIL') return 'outbound';
    return null;
  }
  if (kind === 'call') {
    const value = text(p.hs_call_direction)?.toUpperCase();
    return value === 'INBOUND' ? 'inbound' : value === 'OUTBOUND' ? 'outbound' : null;
  }
  return null;
}

/** The customer-side address of an email: the sender of an inbound one, the recipient of an outbound one. */
export function counterpartEmail(kind: EngagementKind, record: HubSpotObject, direction: EngagementRow['direction']): string | null {
  if (kind !== 'email') return null;
  return direction === 'inbound' ? firstEmail(record.properties.hs_email_from_email) : firstEmail(record.properties.hs_email_to_email);
}

const STATUS_PROPERTY: Record<EngagementKind, string | null> = {
  email: 'hs_email_status',
  meeting: 'hs_meeting_outcome',
  call: 'hs_call_status',
  note: null,
  task: 'hs_task_status',
};

export function mapEngagement(
  record: HubSpotObject,
  kind: EngagementKind,
  links: RecordLinks,
  seniority: SeniorityLookup,
  { tenantId }: MapContext,
): EngagementRow {
  const direction = engagementDirection(kind, record);
  const counterpart = counterpartEmail(kind, record, direction);
  const contactId = links.contactId ?? null;
  const involved: Array<string | null | undefined> = [
    contactId ? seniority.byId.get(contactId) : null,
    counterpart ? seniority.byEmail.get(counterpart) : null,
  ];
  const statusProperty = STATUS_PROPERTY[kind];
  return {
    tenantId,
    id: record.id,
    accountId: links.accountId,
    kind,
    direction,
    occurredAt: dateTime(record.properties.hs_timestamp) ?? createdAt(record, 'hs_createdate') ?? new Date(0),
    contactId,
    counterpartEmail: counterpart,
    withExecutive: involved.some(isExecutiveSeniority),
    status: statusProperty ? text(record.properties[statusProperty]) : null,
    crmUpdatedAt: updatedAt(record, 'hs_lastmodifieddate'),
    archived: record.archived ?? false,
  };
}
