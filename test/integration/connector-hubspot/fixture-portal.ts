import type {
  HubSpotObjectType,
  PortalData,
  PropertyDefinition,
  SandboxAssociation,
  SandboxRecord,
} from '../../../server/src/sandbox/hubspot/portal-data.js';
import { property } from '../../fixtures/hubspot/portal-builder.js';

/**
 * A small hand-made HubSpot portal for the connector's integration tests: 12 companies (one
 * archived), 30 contacts (one without a company, several sharing a last-modified instant), deals
 * of every kind, tickets in every status and engagements of every kind, with HubSpot's value
 * quirks (empty strings, epoch-ms datetimes, mixed-case domains).
 */
export const PORTAL_ID = 24681357;
const AS_OF = '2025-06-30T00:00:00.000Z';

const iso = (day: number, minute = 0) => new Date(Date.UTC(2025, 0, 1) + day * 86_400_000 + minute * 60_000).toISOString();

const def = (name: string, type: PropertyDefinition['type']): PropertyDefinition =>
  property(name, type, 'information', { hubspotDefined: undefined, createdAt: AS_OF, updatedAt: AS_OF });

const defs = (entries: Array<[string, PropertyDefinition['type']]>) => entries.map(([name, type]) => def(name, type));
const engagementDefs = (extra: Array<[string, PropertyDefinition['type']]>) =>
  defs([['hs_timestamp', 'datetime'], ['hs_createdate', 'datetime'], ['hs_lastmodifieddate', 'datetime'], ...extra]);

function record(id: string, properties: Record<string, string | null>, createdAt: string, updatedAt: string, extra: Partial<SandboxRecord> = {}): SandboxRecord {
  return { id, properties, createdAt, updatedAt, archived: false, ...extra };
}

const TITLES = ['CEO', 'VP Customer Success', 'Director of Operations', 'Support Team Lead', 'Analyst', '', 'Co-Founder', 'Product Owner', 'Head of IT', 'Engineer'];
const ROLES = ['CHAMPION', 'EXECUTIVE_SPONSOR;DECISION_MAKER', '', 'END_USER', 'BUDGET_HOLDER', 'CHAMPION;END_USER'];

/** Builds the fixture portal (a fresh copy each call: the sandbox changes what it is given). */
export function fixturePortal(): PortalData {
  const associations: SandboxAssociation[] = [];
  const link = (fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string, typeId: number, label: string | null = null) =>
    associations.push({ fromType, fromId, toType, toId, typeId, category: 'HUBSPOT_DEFINED', label });

  const companies = Array.from({ length: 12 }, (_, i) => {
    const id = String(1001 + i);
    const arr = [12_000, 48_000, 250_000][i % 3] ?? 0;
    const created = iso(i);
    const modified = iso(100 + i);
    return record(
      id,
      {
        name: `Company ${i + 1}`,
        domain: i === 0 ? 'WWW.Acme-One.COM' : `company${i + 1}.example`,
        industry: i % 2 === 0 ? 'Software' : '',
        hubspot_owner_id: i % 2 === 0 ? '101' : '102',
        lifecyclestage: i === 5 ? 'other' : 'customer',
        createdate: created,
        hs_lastmodifieddate: modified,
        arr: String(arr),
        licensed_seats: String(10 + i * 5),
        contract_start_date: '2024-03-01',
        renewal_date: i === 2 ? String(Date.UTC(2026, 2, 1)) : '2026-03-01',
        churn_date: i === 5 ? '2025-05-31' : '',
        // One company leaves the segment empty: it is derived from ARR.
        customer_segment: i === 1 ? '' : arr < 25_000 ? 'smb' : arr < 100_000 ? 'mid_market' : 'enterprise',
        days_past_due: i === 4 ? '45' : '0',
      },
      created,
      modified,
      {
        archived: i === 11,
        history:
          i === 0
            ? {
                arr: [
                  { value: '10000', timestamp: iso(0), sourceType: 'CRM_UI' },
                  { value: '12000', timestamp: iso(50), sourceType: 'INTEGRATION' },
                ],
                licensed_seats: [
                  { value: '8', timestamp: iso(0), sourceType: 'CRM_UI' },
                  { value: '10', timestamp: iso(50), sourceType: 'CRM_UI' },
                ],
              }
            : undefined,
      },
    );
  });

  const contacts = Array.from({ length: 30 }, (_, i) => {
    const id = String(2001 + i);
    const company = String(1001 + (i % 11));
    // Contacts 2011-2015 share one last-modified instant, so page boundaries fall inside a tie.
    const modified = i >= 10 && i < 15 ? iso(120) : iso(110 + i);
    if (i !== 29) link('contacts', id, 'companies', company, 1, 'Primary');
    return record(
      id,
      {
        email: `Person${i + 1}@${i === 0 ? 'acme-one.com' : `company${(i % 11) + 1}.example`}`,
        firstname: `First${i + 1}`,
        lastname: `Last${i + 1}`,
        jobtitle: TITLES[i % TITLES.length] ?? '',
        hs_buying_role: ROLES[i % ROLES.length] ?? '',
        createdate: iso(i),
        lastmodifieddate: modified,
      },
      iso(i),
      modified,
    );
  });

  const dealTypes = ['renewal', 'existingbusiness', 'newbusiness', ''];
  const deals = Array.from({ length: 10 }, (_, i) => {
    const id = String(3001 + i);
    const stage = i % 3 === 0 ? 'closedwon' : i % 3 === 1 ? 'closedlost' : 'appointmentscheduled';
    if (i !== 9) link('deals', id, 'companies', String(1001 + i), 5, 'Primary');
    return record(
      id,
      {
        dealname: `Deal ${i + 1}`,
        amount: i === 4 ? '' : String(5000 * (i + 1)),
        closedate: i % 2 === 0 ? iso(150 + i) : String(Date.parse(iso(150 + i))),
        createdate: iso(10 + i),
        pipeline: 'default',
        dealstage: stage,
        dealtype: dealTypes[i % dealTypes.length] ?? '',
        hs_is_closed: stage === 'appointmentscheduled' ? 'false' : 'true',
        hs_is_closed_won: stage === 'closedwon' ? 'true' : 'false',
        hs_lastmodifieddate: iso(130 + i),
      },
      iso(10 + i),
      iso(130 + i),
    );
  });

  const tickets = Array.from({ length: 8 }, (_, i) => {
    const id = String(4001 + i);
    const stage = String((i % 4) + 1);
    link('tickets', id, 'companies', String(1001 + (i % 4)), 26, 'Primary');
    link('tickets', id, 'contacts', String(2001 + i), 16);
    return record(
      id,
      {
        subject: `Ticket ${i + 1}`,
        hs_pipeline: '0',
        hs_pipeline_stage: stage,
        hs_ticket_priority: ['LOW', 'MEDIUM', 'HIGH', 'URGENT'][i % 4] ?? 'LOW',
        hs_ticket_category: i % 2 === 0 ? 'PRODUCT_ISSUE' : '',
        createdate: iso(20 + i),
        first_agent_reply_date: i % 2 === 0 ? iso(20 + i, 90) : '',
        closed_date: stage === '4' ? iso(22 + i) : '',
        escalated: i === 3 ? 'true' : 'false',
        csat_score: stage === '4' ? String((i % 5) + 1) : '',
        hs_lastmodifieddate: iso(140 + i),
      },
      iso(20 + i),
      iso(140 + i),
    );
  });

  const engagement = (type: HubSpotObjectType, base: number, count: number, props: (i: number) => Record<string, string | null>, typeIds: [number, number]) =>
    Array.from({ length: count }, (_, i) => {
      const id = String(base + i);
      // The last engagement of each kind belongs to no company.
      if (i !== count - 1) link(type, id, 'companies', String(1001 + (i % 10)), typeIds[0]);
      if (i % 2 === 0) link(type, id, 'contacts', String(2001 + (i % 10)), typeIds[1]);
      const at = iso(60 + i);
      return record(id, { hs_timestamp: at, hs_createdate: at, hs_lastmodifieddate: iso(160 + i), ...props(i) }, at, iso(160 + i));
    });

  const emails = engagement(
    'emails',
    5001,
    10,
    (i) => ({
      hs_email_direction: i % 2 === 0 ? 'EMAIL' : 'INCOMING_EMAIL',
      hs_email_status: 'SENT',
      hs_email_from_email: i % 2 === 0 ? 'csm@telltale.example' : `person${(i % 10) + 1}@company${(i % 11) + 1}.example`,
      hs_email_to_email: i % 2 === 0 ? `Person ${i + 1} <person${i + 1}@company${(i % 11) + 1}.example>` : 'csm@telltale.example',
    }),
    [186, 198],
  );
  const meetings = engagement('meetings', 6001, 4, (i) => ({ hs_meeting_outcome: i % 2 === 0 ? 'COMPLETED' : 'NO_SHOW' }), [188, 200]);
  const calls = engagement('calls', 7001, 4, (i) => ({ hs_call_direction: i % 2 === 0 ? 'OUTBOUND' : 'INBOUND', hs_call_status: 'COMPLETED' }), [182, 194]);
  const notes = engagement('notes', 8001, 4, () => ({}), [190, 202]);
  const tasks = engagement('tasks', 9001, 4, (i) => ({ hs_task_status: i % 2 === 0 ? 'COMPLETED' : 'NOT_STARTED', hs_task_type: 'TODO' }), [192, 204]);

  const group = (name: string) => [{ name, label: name, displayOrder: 0, archived: false }];
  return {
    portalId: PORTAL_ID,
    asOf: AS_OF,
    records: { companies, contacts, deals, tickets, emails, meetings, calls, notes, tasks },
    associations,
    properties: {
      companies: defs([
        ['name', 'string'], ['domain', 'string'], ['industry', 'string'], ['hubspot_owner_id', 'enumeration'], ['lifecyclestage', 'enumeration'],
        ['createdate', 'datetime'], ['hs_lastmodifieddate', 'datetime'], ['arr', 'number'], ['licensed_seats', 'number'],
        ['contract_start_date', 'date'], ['renewal_date', 'date'], ['churn_date', 'date'], ['customer_segment', 'enumeration'], ['days_past_due', 'number'],
      ]),
      contacts: defs([['email', 'string'], ['firstname', 'string'], ['lastname', 'string'], ['jobtitle', 'string'], ['hs_buying_role', 'enumeration'], ['createdate', 'datetime'], ['lastmodifieddate', 'datetime']]),
      deals: defs([
        ['dealname', 'string'], ['amount', 'number'], ['closedate', 'datetime'], ['createdate', 'datetime'], ['pipeline', 'enumeration'], ['dealstage', 'enumeration'],
        ['dealtype', 'enumeration'], ['hs_is_closed', 'bool'], ['hs_is_closed_won', 'bool'], ['hs_lastmodifieddate', 'datetime'],
      ]),
      tickets: defs([
        ['subject', 'string'], ['content', 'string'], ['hs_pipeline', 'enumeration'], ['hs_pipeline_stage', 'enumeration'], ['hs_ticket_priority', 'enumeration'],
        ['hs_ticket_category', 'enumeration'], ['createdate', 'datetime'], ['hs_lastmodifieddate', 'datetime'], ['first_agent_reply_date', 'datetime'],
        ['closed_date', 'datetime'], ['escalated', 'bool'], ['csat_score', 'number'],
      ]),
      emails: engagementDefs([['hs_email_direction', 'enumeration'], ['hs_email_status', 'enumeration'], ['hs_email_from_email', 'string'], ['hs_email_to_email', 'string']]),
      meetings: engagementDefs([['hs_meeting_outcome', 'enumeration']]),
      calls: engagementDefs([['hs_call_direction', 'enumeration'], ['hs_call_status', 'enumeration']]),
      notes: engagementDefs([]),
      tasks: engagementDefs([['hs_task_status', 'enumeration'], ['hs_task_type', 'enumeration']]),
    },
    propertyGroups: {
      companies: group('companyinformation'), contacts: group('contactinformation'), deals: group('dealinformation'), tickets: group('ticketinformation'),
      emails: group('email'), meetings: group('meeting'), calls: group('call'), notes: group('note'), tasks: group('task'),
    },
    owners: [
      { id: '101', email: 'csm@telltale.example', firstName: 'Casey', lastName: 'Success', userId: 1, createdAt: AS_OF, updatedAt: AS_OF, archived: false },
      { id: '102', email: 'ae@telltale.example', firstName: 'Alex', lastName: 'Sales', userId: 2, createdAt: AS_OF, updatedAt: AS_OF, archived: false },
    ],
  };
}

/** What a complete sync of the fixture must land (archived records are not returned by search). */
export const FIXTURE_COUNTS = { accounts: 11, contacts: 30, deals: 10, tickets: 8, engagements: 26, owners: 2 } as const;
