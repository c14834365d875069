import type { HubSpotMapping } from './tenant-mapping.js';

/** The CRM object streams, in the order a sync starts them (companies first: everything points at them). */
export const OBJECT_STREAMS = ['companies', 'contacts', 'deals', 'tickets', 'emails', 'meetings', 'calls', 'notes', 'tasks'] as const;
export type ObjectStreamName = (typeof OBJECT_STREAMS)[number];
export type StreamName = 'owners' | ObjectStreamName;
export const STREAMS: readonly StreamName[] = ['owners', ...OBJECT_STREAMS];

export type EngagementKind = 'email' | 'meeting' | 'call' | 'note' | 'task';

export interface ObjectStream {
  name: ObjectStreamName;
  /** The HubSpot object type searched. */
  objectType: ObjectStreamName;
  /** The last-modified property: search sorts on it ascending and filters on it from the cursor. */
  sortProperty: string;
  properties(mapping: HubSpotMapping): string[];
  /** Whether records point at a person (engagements): their contact associations are read too. */
  readsContacts: boolean;
  engagementKind?: EngagementKind;
}

const present = (names: Array<string | null>): string[] => [...new Set(names.filter((name): name is string => Boolean(name)))];

/** The company properties whose every version lands in account_history, keyed by history field name. */
export function companyHistoryProperties(mapping: HubSpotMapping): Record<string, string> {
  const fields: Record<string, string | null> = {
    arr: mapping.company.arr,
    seats: mapping.company.seats,
    contract_start: mapping.company.contractStart,
    renewal_date: mapping.company.renewalDate,
    churned_at: mapping.company.churnDate,
    lifecycle: 'lifecyclestage',
    days_past_due: mapping.company.daysPastDue,
    owner_id: 'hubspot_owner_id',
    health_score: mapping.company.healthScore,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null));
}

/** The mapped company properties (the ones kept raw in accounts.properties). */
export function mappedCompanyProperties(mapping: HubSpotMapping): string[] {
  const c = mapping.company;
  return present([c.arr, c.seats, c.contractStart, c.renewalDate, c.churnDate, c.daysPastDue, c.segment, c.healthScore]);
}

const engagement = (name: ObjectStreamName, kind: EngagementKind, extra: string[]): ObjectStream => ({
  name,
  objectType: name,
  sortProperty: 'hs_lastmodifieddate',
  properties: () => ['hs_timestamp', 'hs_createdate', 'hs_lastmodifieddate', ...extra],
  readsContacts: true,
  engagementKind: kind,
});

export const OBJECT_STREAM_DEFINITIONS: Record<ObjectStreamName, ObjectStream> = {
  companies: {
    name: 'companies',
    objectType: 'companies',
    sortProperty: 'hs_lastmodifieddate',
    properties: (m) =>
      present(['name', 'domain', 'industry', 'hubspot_owner_id', 'lifecyclestage', 'createdate', 'hs_lastmodifieddate', ...mappedCompanyProperties(m)]),
    readsContacts: false,
  },
  contacts: {
    name: 'contacts',
    objectType: 'contacts',
    // Contacts carry `lastmodifieddate`; hs_lastmodifieddate is not searchable on them.
    sortProperty: 'lastmodifieddate',
    properties: (m) => present(['email', 'firstname', 'lastname', 'jobtitle', 'createdate', 'lastmodifieddate', m.contact.roleProperty]),
    readsContacts: false,
  },
  deals: {
    name: 'deals',
    objectType: 'deals',
    sortProperty: 'hs_lastmodifieddate',
    properties: (m) =>
      present(['dealname', 'amount', 'closedate', 'createdate', 'pipeline', 'dealstage', 'hs_is_closed', 'hs_is_closed_won', 'hs_lastmodifieddate', m.deal.typeProperty]),
    readsContacts: false,
  },
  tickets: {
    name: 'tickets',
    objectType: 'tickets',
    sortProperty: 'hs_lastmodifieddate',
    properties: (m) =>
      present([
        'subject',
        'hs_pipeline',
        'hs_pipeline_stage',
        'hs_ticket_category',
        'createdate',
        'hs_lastmodifieddate',
        m.ticket.priority,
        m.ticket.escalated,
        m.ticket.csat,
        m.ticket.firstResponseAt,
        m.ticket.closedAt,
      ]),
    // The store keeps no person on a ticket, so its contact associations are not read.
    readsContacts: false,
  },
  emails: engagement('emails', 'email', ['hs_email_direction', 'hs_email_status', 'hs_email_from_email', 'hs_email_to_email']),
  meetings: engagement('meetings', 'meeting', ['hs_meeting_outcome']),
  calls: engagement('calls', 'call', ['hs_call_direction', 'hs_call_status']),
  notes: engagement('notes', 'note', []),
  tasks: engagement('tasks', 'task', ['hs_task_status', 'hs_task_type']),
};
