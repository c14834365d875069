/**
 * HubSpot's default (HUBSPOT_DEFINED) v4 association type ids, as published in HubSpot's
 * association type table and its client libraries (e.g. Hubspot::Helpers::AssociationType):
 * each direction has its own id; "primary" company links have a labelled type of their own.
 */
import type { HubSpotObjectType } from '../hubspot/portal-data.js';

type Pair = `${HubSpotObjectType}->${HubSpotObjectType}`;

/** Unlabelled default association type id per direction. */
export const ASSOCIATION_TYPE_IDS: Partial<Record<Pair, number>> = {
  'contacts->companies': 279, 'companies->contacts': 280,
  'deals->companies': 341, 'companies->deals': 342,
  'tickets->companies': 339, 'companies->tickets': 340,
  'deals->contacts': 3, 'contacts->deals': 4,
  'contacts->tickets': 15, 'tickets->contacts': 16,
  'calls->companies': 182, 'companies->calls': 181,
  'emails->companies': 186, 'companies->emails': 185,
  'meetings->companies': 188, 'companies->meetings': 187,
  'notes->companies': 190, 'companies->notes': 189,
  'tasks->companies': 192, 'companies->tasks': 191,
  'calls->contacts': 194, 'contacts->calls': 193,
  'emails->contacts': 198, 'contacts->emails': 197,
  'meetings->contacts': 200, 'contacts->meetings': 199,
  'notes->contacts': 202, 'contacts->notes': 201,
  'tasks->contacts': 204, 'contacts->tasks': 203,
};

/** The labelled "Primary" company association type id per direction. */
export const PRIMARY_ASSOCIATION_TYPE_IDS: Partial<Record<Pair, number>> = {
  'contacts->companies': 1, 'companies->contacts': 2,
  'deals->companies': 5, 'companies->deals': 6,
  'tickets->companies': 26, 'companies->tickets': 25,
};

export function associationTypeId(from: HubSpotObjectType, to: HubSpotObjectType): number {
  const id = ASSOCIATION_TYPE_IDS[`${from}->${to}`];
  if (id === undefined) throw new RangeError(`no default association type from ${from} to ${to}`);
  return id;
}
