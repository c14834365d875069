import { HUBSPOT_OBJECT_TYPES, type HubSpotObjectType } from './portal-data.js';
import { validationError } from './errors.js';

/** HubSpot's singular object names, used in association type names and error messages. */
export const SINGULAR_NAME: Record<HubSpotObjectType, string> = {
  companies: 'company',
  contacts: 'contact',
  deals: 'deal',
  tickets: 'ticket',
  emails: 'email',
  meetings: 'meeting',
  calls: 'call',
  notes: 'note',
  tasks: 'task',
};

/** HubSpot's object type ids ("0-1" is contacts...), which every CRM path accepts too. */
export const OBJECT_TYPE_ID: Record<HubSpotObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  tickets: '0-5',
  calls: '0-48',
  emails: '0-49',
  meetings: '0-47',
  notes: '0-46',
  tasks: '0-27',
};

const ALIASES = new Map<string, HubSpotObjectType>();
for (const type of HUBSPOT_OBJECT_TYPES) {
  ALIASES.set(type, type);
  ALIASES.set(SINGULAR_NAME[type], type);
  ALIASES.set(OBJECT_TYPE_ID[type], type);
}

/** Resolves a path's object type (plural name, singular name or type id) or answers 400 as HubSpot does. */
export function parseObjectType(raw: string | undefined): HubSpotObjectType {
  const type = raw === undefined ? undefined : ALIASES.get(raw.toLowerCase());
  if (!type) throw validationError(`Unable to infer object type from: ${raw ?? ''}`);
  return type;
}
