import type { HubSpotObjectType, PropertyDefinition, SandboxRecord } from './portal-data.js';

const ENGAGEMENT_DEFAULTS = ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];

/**
 * The properties HubSpot returns when a request names none (objects list/read/batch read and search
 * share the same defaults per object type).
 */
export const DEFAULT_PROPERTIES: Record<HubSpotObjectType, readonly string[]> = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  tickets: [
    'content',
    'createdate',
    'hs_lastmodifieddate',
    'hs_object_id',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_category',
    'hs_ticket_priority',
    'subject',
  ],
  emails: ENGAGEMENT_DEFAULTS,
  meetings: ENGAGEMENT_DEFAULTS,
  calls: ENGAGEMENT_DEFAULTS,
  notes: ENGAGEMENT_DEFAULTS,
  tasks: ENGAGEMENT_DEFAULTS,
};

/** The property HubSpot bumps on every write: contacts keep `lastmodifieddate`, the rest `hs_lastmodifieddate`. */
export function lastModifiedProperty(type: HubSpotObjectType): string {
  return type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** The creation-date property of a type. */
export function createDateProperty(type: HubSpotObjectType): string {
  return type === 'companies' || type === 'contacts' || type === 'deals' || type === 'tickets' ? 'createdate' : 'hs_createdate';
}

/** Properties HubSpot computes and never lets an API caller set. */
export function isReadOnlyProperty(type: HubSpotObjectType, name: string): boolean {
  return name === 'hs_object_id' || name === lastModifiedProperty(type) || name === 'hs_lastmodifieddate';
}

/** Values HubSpot derives from the record itself when the stored properties lack them. */
export function derivedValue(type: HubSpotObjectType, record: SandboxRecord, name: string): string | null | undefined {
  if (name === 'hs_object_id') return record.id;
  if (name === createDateProperty(type)) return record.properties[name] ?? record.createdAt;
  if (name === lastModifiedProperty(type) || name === 'hs_lastmodifieddate') return record.properties[name] ?? record.updatedAt;
  return undefined;
}

function systemDefinition(name: string, label: string, type: 'number' | 'datetime', groupName: string, asOf: string): PropertyDefinition {
  return {
    name,
    label,
    type,
    fieldType: type === 'number' ? 'number' : 'date',
    groupName,
    description: '',
    options: [],
    displayOrder: -1,
    hasUniqueValue: name === 'hs_object_id',
    hidden: false,
    formField: false,
    calculated: false,
    externalOptions: false,
    hubspotDefined: true,
    createdAt: asOf,
    updatedAt: asOf,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: true },
  };
}

/** The definitions of the system properties every object type has, for portals whose data omits them. */
export function systemDefinitions(type: HubSpotObjectType, groupName: string, asOf: string): PropertyDefinition[] {
  const defs = [
    systemDefinition('hs_object_id', 'Record ID', 'number', groupName, asOf),
    systemDefinition(createDateProperty(type), 'Create Date', 'datetime', groupName, asOf),
    systemDefinition(lastModifiedProperty(type), 'Last Modified Date', 'datetime', groupName, asOf),
  ];
  if (type === 'contacts') defs.push(systemDefinition('hs_lastmodifieddate', 'Object last modified date/time', 'datetime', groupName, asOf));
  return defs;
}
