import type { SalesforceMapping } from './tenant-mapping.js';

/** The object streams, in the order a sync starts them (accounts first: everything points at them). */
export const OBJECT_STREAMS = ['accounts', 'contacts', 'opportunities', 'cases', 'tasks', 'events'] as const;
export type ObjectStreamName = (typeof OBJECT_STREAMS)[number];
export type SalesforceStreamName = 'users' | ObjectStreamName;
export const SALESFORCE_STREAMS: readonly SalesforceStreamName[] = ['users', ...OBJECT_STREAMS];

/** Every object stream is ordered and filtered by the system timestamp that moves on any change. */
export const CURSOR_FIELD = 'SystemModstamp';

export interface ObjectStream {
  name: ObjectStreamName;
  /** The sObject queried. */
  object: 'Account' | 'Contact' | 'Opportunity' | 'Case' | 'Task' | 'Event';
  fields(mapping: SalesforceMapping): string[];
}

/** The fields every object stream reads besides its own. */
const SYSTEM_FIELDS = ['Id', 'IsDeleted', 'CreatedDate', CURSOR_FIELD];

const present = (names: Array<string | null>): string[] => [...new Set(names.filter((name): name is string => Boolean(name)))];

/** The mapped account fields (their raw values are kept in accounts.properties). */
export function mappedAccountFields(mapping: SalesforceMapping): string[] {
  const a = mapping.account;
  return present([a.arr, a.seats, a.contractStart, a.renewalDate, a.churnDate, a.daysPastDue, a.segment, a.healthScore]);
}

/**
 * The account fields whose every change lands in account_history, keyed by history field name, as
 * AccountHistory names them (`Owner` for OwnerId, `Type` for the lifecycle).
 */
export function accountHistoryFields(mapping: SalesforceMapping): Record<string, string> {
  const a = mapping.account;
  const fields: Record<string, string | null> = {
    arr: a.arr,
    seats: a.seats,
    contract_start: a.contractStart,
    renewal_date: a.renewalDate,
    churned_at: a.churnDate,
    lifecycle: 'Type',
    days_past_due: a.daysPastDue,
    owner_id: 'Owner',
    health_score: a.healthScore,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null));
}

/** The account field holding each history field's current value (OwnerId for `Owner`). */
export const currentField = (historyField: string): string => (historyField === 'Owner' ? 'OwnerId' : historyField);

export const USER_FIELDS = ['Id', 'FirstName', 'LastName', 'Name', 'Email', 'IsActive'];

export const OBJECT_STREAM_DEFINITIONS: Record<ObjectStreamName, ObjectStream> = {
  accounts: {
    name: 'accounts',
    object: 'Account',
    fields: (m) => present([...SYSTEM_FIELDS, 'Name', 'Website', 'Industry', 'NumberOfEmployees', 'OwnerId', 'Type', ...mappedAccountFields(m)]),
  },
  contacts: {
    name: 'contacts',
    object: 'Contact',
    fields: (m) => present([...SYSTEM_FIELDS, 'AccountId', 'FirstName', 'LastName', 'Email', 'Title', m.contact.roleField]),
  },
  opportunities: {
    name: 'opportunities',
    object: 'Opportunity',
    fields: () => [...SYSTEM_FIELDS, 'AccountId', 'Name', 'Amount', 'CloseDate', 'StageName', 'IsClosed', 'IsWon', 'Type'],
  },
  cases: {
    name: 'cases',
    object: 'Case',
    fields: (m) =>
      present([...SYSTEM_FIELDS, 'AccountId', 'Subject', 'Status', 'IsClosed', 'ClosedDate', 'Priority', 'Type', 'IsEscalated', m.case.firstResponseAt, m.case.csat]),
  },
  tasks: {
    name: 'tasks',
    object: 'Task',
    fields: (m) => present([...SYSTEM_FIELDS, 'WhatId', 'WhoId', 'ActivityDate', 'Status', 'TaskSubtype', 'CallType', m.task.direction]),
  },
  events: {
    name: 'events',
    object: 'Event',
    fields: () => [...SYSTEM_FIELDS, 'WhatId', 'WhoId', 'StartDateTime'],
  },
};
