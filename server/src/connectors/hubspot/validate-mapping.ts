import { CrmError, CrmErrorKind } from '../crm-error.js';
import type { HubSpotApi } from './hubspot-api.js';
import type { HubSpotMapping } from './tenant-mapping.js';

/** One mapped property the portal does not define. */
export interface MissingProperty {
  objectType: 'companies' | 'contacts' | 'deals' | 'tickets';
  property: string;
  /** Where in the mapping it comes from, e.g. `company.arr`. */
  mappingKey: string;
}

/** The tenant mapping names properties the portal does not have (an INVALID CrmError); the message names every one. */
export class MappingValidationError extends CrmError {
  override name = 'MappingValidationError';
  constructor(
    message: string,
    readonly missing: MissingProperty[],
  ) {
    super(message, { kind: CrmErrorKind.Invalid, crm: 'hubspot', endpoint: 'GET /crm/v3/properties/{objectType}' });
  }
}

const SINGULAR: Record<MissingProperty['objectType'], string> = { companies: 'company', contacts: 'contact', deals: 'deal', tickets: 'ticket' };

/** Every property the mapping reads, with its object type and mapping key (optional ones only when set). */
export function mappedProperties(mapping: HubSpotMapping): MissingProperty[] {
  const entries: Array<[MissingProperty['objectType'], string, string | null]> = [
    ['companies', 'company.arr', mapping.company.arr],
    ['companies', 'company.seats', mapping.company.seats],
    ['companies', 'company.contractStart', mapping.company.contractStart],
    ['companies', 'company.renewalDate', mapping.company.renewalDate],
    ['companies', 'company.churnDate', mapping.company.churnDate],
    ['companies', 'company.daysPastDue', mapping.company.daysPastDue],
    ['companies', 'company.segment', mapping.company.segment],
    ['companies', 'company.healthScore', mapping.company.healthScore],
    ['deals', 'deal.typeProperty', mapping.deal.typeProperty],
    ['contacts', 'contact.roleProperty', mapping.contact.roleProperty],
    ['tickets', 'ticket.priority', mapping.ticket.priority],
    ['tickets', 'ticket.escalated', mapping.ticket.escalated],
    ['tickets', 'ticket.csat', mapping.ticket.csat],
    ['tickets', 'ticket.firstResponseAt', mapping.ticket.firstResponseAt],
    ['tickets', 'ticket.closedAt', mapping.ticket.closedAt],
  ];
  return entries
    .filter((entry): entry is [MissingProperty['objectType'], string, string] => entry[2] !== null)
    .map(([objectType, mappingKey, property]) => ({ objectType, mappingKey, property }));
}

/**
 * Checks the tenant mapping against the portal's property definitions (GET /crm/v3/properties/{type},
 * one request per object type) and throws one MappingValidationError naming every missing property,
 * e.g. "company property 'arr' (mapping company.arr) does not exist in portal 24681357".
 */
export async function validateHubSpotMapping(api: HubSpotApi, mapping: HubSpotMapping): Promise<void> {
  const wanted = mappedProperties(mapping);
  const missing: MissingProperty[] = [];
  for (const objectType of [...new Set(wanted.map((entry) => entry.objectType))]) {
    const defined = await api.listPropertyNames(objectType);
    missing.push(...wanted.filter((entry) => entry.objectType === objectType && !defined.has(entry.property)));
  }
  if (missing.length === 0) return;
  const portal = api.portalId ? `portal ${api.portalId}` : 'the portal';
  const lines = missing.map((entry) => `${SINGULAR[entry.objectType]} property '${entry.property}' (mapping ${entry.mappingKey}) does not exist in ${portal}`);
  throw new MappingValidationError(
    `The HubSpot mapping names ${missing.length} propert${missing.length === 1 ? 'y' : 'ies'} the portal lacks: ${lines.join('; ')}. ` +
      'Create the properties in HubSpot or override the mapping for this tenant (tenants.mapping).',
    missing,
  );
}
