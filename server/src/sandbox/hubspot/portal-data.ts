/**
 * The contract between the synthetic portfolio (sandbox/portfolio) and the HubSpot API emulation
 * (sandbox/hubspot): the portal's content as HubSpot would hold it. Values are HubSpot's wire
 * formats: every property value is a string (numbers as decimal strings, booleans "true"/"false",
 * date properties "YYYY-MM-DD", datetime properties ISO-8601 with milliseconds and Z).
 */

export type HubSpotObjectType =
  | 'companies'
  | 'contacts'
  | 'deals'
  | 'tickets'
  | 'emails'
  | 'meetings'
  | 'calls'
  | 'notes'
  | 'tasks';

export const HUBSPOT_OBJECT_TYPES: readonly HubSpotObjectType[] = [
  'companies',
  'contacts',
  'deals',
  'tickets',
  'emails',
  'meetings',
  'calls',
  'notes',
  'tasks',
];

/** One past value of a property, as `propertiesWithHistory` returns it (newest first in responses). */
export interface PropertyVersion {
  value: string;
  /** ISO-8601 instant the value was set. */
  timestamp: string;
  sourceType: 'API' | 'CRM_UI' | 'IMPORT' | 'CALCULATED' | 'INTEGRATION';
  sourceId?: string;
}

export interface SandboxRecord {
  id: string;
  /** Current values; every property the portal defines may be absent or null. */
  properties: Record<string, string | null>;
  /** Value history for properties that change over time (at least every property in `properties`
   *  that changed after creation: arr, licensed_seats, renewal_date, lifecyclestage, churn_date...). */
  history?: Record<string, PropertyVersion[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** One association between two records, with HubSpot's v4 association type. */
export interface SandboxAssociation {
  fromType: HubSpotObjectType;
  fromId: string;
  toType: HubSpotObjectType;
  toId: string;
  /** HubSpot-defined association type id (e.g. 279 contact→company, 341 deal→company primary=5...). */
  typeId: number;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  label: string | null;
}

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
}

/** HubSpot's display hints for number properties (Properties v3 `numberDisplayHint`). */
export type NumberDisplayHint = 'currency' | 'duration' | 'formatted' | 'percentage' | 'probability' | 'unformatted';

/** A property definition as GET /crm/v3/properties/{objectType} returns it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';
  fieldType: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'radio' | 'checkbox' | 'booleancheckbox' | 'calculation_equation' | 'phonenumber';
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  /** Present on HubSpot's own properties; custom properties omit it or set false. */
  hubspotDefined?: boolean;
  /** How a number property is shown (e.g. `currency`); present once set on create or update. */
  numberDisplayHint?: NumberDisplayHint;
  /** Whether a currency number shows the portal's currency symbol; present once set. */
  showCurrencySymbol?: boolean;
  createdAt: string;
  updatedAt: string;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  archived?: boolean;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** An owner as GET /crm/v3/owners returns it. */
export interface SandboxOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  teams?: Array<{ id: string; name: string; primary: boolean }>;
}

/** Everything the sandbox HubSpot portal holds at start. */
export interface PortalData {
  portalId: number;
  /** The instant the synthetic history ends ("now" for the portal at start). */
  asOf: string;
  records: Record<HubSpotObjectType, SandboxRecord[]>;
  associations: SandboxAssociation[];
  properties: Record<HubSpotObjectType, PropertyDefinition[]>;
  propertyGroups: Record<HubSpotObjectType, PropertyGroup[]>;
  owners: SandboxOwner[];
}

/**
 * Product usage for one account on one day, which the sandbox sends to Telltale's usage API
 * (POST /v1/usage/events) — product usage never lives in the CRM.
 */
export interface UsageDay {
  /** The HubSpot company id the product's account maps to (its Segment group id)... */
  companyId: string;
  /** ...or, for accounts whose product workspace is keyed by domain, the company domain instead. */
  groupKey: string;
  day: string;
  activeUsers: number;
  sessions: number;
  events: number;
  features: string[];
  advancedFeatures: string[];
}
