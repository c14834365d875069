/**
 * Property definitions and groups for every property the portfolio emits, as
 * GET /crm/v3/properties/{objectType} returns them. HubSpot's own are marked hubspotDefined; the
 * company facts Telltale reads live in the custom group "customer_success".
 */
import type { HubSpotObjectType, PropertyDefinition, PropertyGroup, PropertyOption } from '../hubspot/portal-data.js';
import { INDUSTRIES } from './people.js';
import { OPEN_DEAL_STAGES } from './deals.js';

type Spec = [name: string, label: string, type: PropertyDefinition['type'], fieldType: PropertyDefinition['fieldType'], options?: readonly string[]];

const CUSTOM_GROUP = 'customer_success';

const options = (values: readonly string[]): PropertyOption[] =>
  values.map((value, displayOrder) => ({ label: value.replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase()), value, displayOrder, hidden: false }));

const COMMON: Spec[] = [['hs_object_id', 'Record ID', 'number', 'number'], ['createdate', 'Create Date', 'datetime', 'date']];

const HUBSPOT_PROPERTIES: Record<HubSpotObjectType, Spec[]> = {
  companies: [
    ...COMMON,
    ['name', 'Company name', 'string', 'text'],
    ['domain', 'Company Domain Name', 'string', 'text'],
    ['industry', 'Industry', 'enumeration', 'select', INDUSTRIES],
    ['hubspot_owner_id', 'Company owner', 'enumeration', 'select'],
    ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other']],
    ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'],
    ['numberofemployees', 'Number of Employees', 'number', 'number'],
  ],
  contacts: [
    ...COMMON,
    ['email', 'Email', 'string', 'text'],
    ['firstname', 'First Name', 'string', 'text'],
    ['lastname', 'Last Name', 'string', 'text'],
    ['jobtitle', 'Job Title', 'string', 'text'],
    ['hs_buying_role', 'Buying Role', 'enumeration', 'checkbox', ['BUDGET_HOLDER', 'CHAMPION', 'DECISION_MAKER', 'END_USER', 'EXECUTIVE_SPONSOR', 'INFLUENCER', 'LEGAL_AND_COMPLIANCE', 'BLOCKER', 'OTHER']],
    ['lastmodifieddate', 'Last Modified Date', 'datetime', 'date'],
  ],
  deals: [
    ...COMMON,
    ['dealname', 'Deal Name', 'string', 'text'],
    ['amount', 'Amount', 'number', 'number'],
    ['closedate', 'Close Date', 'datetime', 'date'],
    ['pipeline', 'Pipeline', 'enumeration', 'select', ['default']],
    ['dealstage', 'Deal Stage', 'enumeration', 'radio', [...OPEN_DEAL_STAGES, 'closedwon', 'closedlost']],
    ['dealtype', 'Deal Type', 'enumeration', 'radio', ['newbusiness', 'existingbusiness', 'renewal']],
    ['hs_is_closed', 'Is Deal Closed?', 'bool', 'booleancheckbox', ['true', 'false']],
    ['hs_is_closed_won', 'Is Closed Won', 'bool', 'booleancheckbox', ['true', 'false']],
    ['closed_lost_reason', 'Closed Lost Reason', 'string', 'textarea'],
    ['hubspot_owner_id', 'Deal owner', 'enumeration', 'select'],
    ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'],
  ],
  tickets: [
    ...COMMON,
    ['subject', 'Ticket name', 'string', 'text'],
    ['content', 'Ticket description', 'string', 'textarea'],
    ['hs_pipeline', 'Pipeline', 'enumeration', 'select', ['0']],
    ['hs_pipeline_stage', 'Ticket status', 'enumeration', 'radio', ['1', '2', '3', '4']],
    ['hs_ticket_priority', 'Priority', 'enumeration', 'select', ['LOW', 'MEDIUM', 'HIGH', 'URGENT']],
    ['hs_ticket_category', 'Category', 'enumeration', 'checkbox', ['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY']],
    ['first_agent_reply_date', 'First agent email response date', 'datetime', 'date'],
    ['closed_date', 'Close date', 'datetime', 'date'],
    ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'],
  ],
  emails: [...COMMON, ['hs_timestamp', 'Activity date', 'datetime', 'date'], ['hs_email_direction', 'Email direction', 'enumeration', 'select', ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']], ['hs_email_subject', 'Email subject', 'string', 'text'], ['hs_email_from_email', 'From', 'string', 'text'], ['hs_email_to_email', 'To', 'string', 'text'], ['hubspot_owner_id', 'Activity assigned to', 'enumeration', 'select'], ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date']],
  meetings: [...COMMON, ['hs_timestamp', 'Activity date', 'datetime', 'date'], ['hs_meeting_title', 'Meeting name', 'string', 'text'], ['hs_meeting_outcome', 'Meeting outcome', 'enumeration', 'select', ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']], ['hubspot_owner_id', 'Activity assigned to', 'enumeration', 'select'], ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date']],
  calls: [...COMMON, ['hs_timestamp', 'Activity date', 'datetime', 'date'], ['hs_call_direction', 'Call direction', 'enumeration', 'select', ['INBOUND', 'OUTBOUND']], ['hs_call_duration', 'Call duration (ms)', 'number', 'number'], ['hubspot_owner_id', 'Activity assigned to', 'enumeration', 'select'], ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date']],
  notes: [...COMMON, ['hs_timestamp', 'Activity date', 'datetime', 'date'], ['hs_note_body', 'Note body', 'string', 'textarea'], ['hubspot_owner_id', 'Activity assigned to', 'enumeration', 'select'], ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date']],
  tasks: [...COMMON, ['hs_timestamp', 'Due date', 'datetime', 'date'], ['hs_task_subject', 'Task title', 'string', 'text'], ['hs_task_body', 'Task notes', 'string', 'textarea'], ['hs_task_priority', 'Priority', 'enumeration', 'select', ['NONE', 'LOW', 'MEDIUM', 'HIGH']], ['hs_task_status', 'Task status', 'enumeration', 'select', ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']], ['hs_task_type', 'Task type', 'enumeration', 'select', ['TODO', 'CALL', 'EMAIL']], ['hubspot_owner_id', 'Assigned to', 'enumeration', 'select'], ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date']],
};

const CUSTOM_PROPERTIES: Partial<Record<HubSpotObjectType, Array<Spec & { description?: string }>>> = {
  companies: [
    ['arr', 'ARR', 'number', 'number'],
    ['licensed_seats', 'Licensed seats', 'number', 'number'],
    ['contract_start_date', 'Contract start date', 'date', 'date'],
    ['renewal_date', 'Renewal date', 'date', 'date'],
    ['churn_date', 'Churn date', 'date', 'date'],
    ['customer_segment', 'Customer segment', 'enumeration', 'select', ['smb', 'mid_market', 'enterprise']],
    ['days_past_due', 'Days past due', 'number', 'number'],
  ],
  tickets: [
    ['escalated', 'Escalated', 'bool', 'booleancheckbox', ['true', 'false']],
    ['csat_score', 'CSAT score', 'number', 'number'],
  ],
};

const DEFAULT_GROUP: Record<HubSpotObjectType, [string, string]> = {
  companies: ['companyinformation', 'Company information'],
  contacts: ['contactinformation', 'Contact information'],
  deals: ['dealinformation', 'Deal information'],
  tickets: ['ticketinformation', 'Ticket information'],
  emails: ['emailinformation', 'Email information'],
  meetings: ['meetinginformation', 'Meeting information'],
  calls: ['callinformation', 'Call information'],
  notes: ['noteinformation', 'Note information'],
  tasks: ['taskinformation', 'Task information'],
};

function definition(spec: Spec, groupName: string, hubspotDefined: boolean, displayOrder: number, createdAt: string): PropertyDefinition {
  const [name, label, type, fieldType, values] = spec;
  return {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: hubspotDefined ? '' : `${label} (synced from billing/contract systems)`,
    options: values ? options(values) : [],
    displayOrder: hubspotDefined ? -1 : displayOrder,
    hasUniqueValue: false,
    hidden: false,
    formField: !hubspotDefined,
    calculated: name === 'hs_object_id' || name === 'hs_lastmodifieddate' || name === 'hs_is_closed' || name === 'hs_is_closed_won',
    externalOptions: name === 'hubspot_owner_id',
    hubspotDefined: hubspotDefined ? true : undefined,
    createdAt,
    updatedAt: createdAt,
    modificationMetadata: { archivable: !hubspotDefined, readOnlyDefinition: hubspotDefined, readOnlyValue: name === 'hs_object_id' || name === 'hs_lastmodifieddate' },
    archived: false,
  };
}

export function propertyDefinitions(createdAt: string): Record<HubSpotObjectType, PropertyDefinition[]> {
  const out = {} as Record<HubSpotObjectType, PropertyDefinition[]>;
  for (const type of Object.keys(HUBSPOT_PROPERTIES) as HubSpotObjectType[]) {
    const own = HUBSPOT_PROPERTIES[type].map((spec) => definition(spec, DEFAULT_GROUP[type][0], true, -1, createdAt));
    const custom = (CUSTOM_PROPERTIES[type] ?? []).map((spec, i) => definition(spec, type === 'companies' ? CUSTOM_GROUP : DEFAULT_GROUP[type][0], false, i, createdAt));
    out[type] = [...own, ...custom];
  }
  return out;
}

export function propertyGroups(): Record<HubSpotObjectType, PropertyGroup[]> {
  const out = {} as Record<HubSpotObjectType, PropertyGroup[]>;
  for (const type of Object.keys(DEFAULT_GROUP) as HubSpotObjectType[]) {
    const [name, label] = DEFAULT_GROUP[type];
    out[type] = [{ name, label, displayOrder: -1, archived: false }];
  }
  out.companies.push({ name: CUSTOM_GROUP, label: 'Customer success', displayOrder: 0, archived: false });
  return out;
}
