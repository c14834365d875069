import type { HubSpotObjectType, PropertyVersion, SandboxRecord } from './portal-data.js';
import { HUBSPOT_OBJECT_TYPES } from './portal-data.js';
import type { PortalStore } from './portal-store.js';
import { SINGULAR_NAME, parseObjectType } from './object-types.js';
import { DEFAULT_PROPERTIES } from './system-properties.js';

/** What a read asks for beyond the record itself. */
export interface RecordViewOptions {
  /** Property names; the type's defaults when empty or absent. Unknown names are skipped, as HubSpot does. */
  properties?: readonly string[];
  propertiesWithHistory?: readonly string[];
  /** Object types whose associated ids to include (v3 shape). */
  associations?: readonly string[];
}

/** HubSpot's SimplePublicObject(WithAssociations). */
export interface SimplePublicObject {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, Array<Omit<PropertyVersion, 'sourceId'> & { sourceId?: string }>>;
  associations?: Record<string, { results: Array<{ id: string; type: string }> }>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** Echoed from a batch write input that carried one. */
  objectWriteTraceId?: string;
}

function versionsOf(store: PortalStore, type: HubSpotObjectType, record: SandboxRecord, name: string): PropertyVersion[] {
  const stored = record.history?.[name];
  if (stored && stored.length > 0) return [...stored].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  const current = store.value(type, record, name);
  return current === null ? [] : [{ value: current, timestamp: record.createdAt, sourceType: 'CRM_UI' }];
}

/** Renders a record as the v3 object endpoints return it. */
export function renderRecord(store: PortalStore, type: HubSpotObjectType, record: SandboxRecord, options: RecordViewOptions = {}): SimplePublicObject {
  const names = options.properties && options.properties.length > 0 ? options.properties : DEFAULT_PROPERTIES[type];
  const properties: Record<string, string | null> = {};
  for (const name of names) {
    if (store.catalog.get(type, name)) properties[name] = store.value(type, record, name);
  }
  const view: SimplePublicObject = { id: record.id, properties, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: record.archived };
  if (record.archived) view.archivedAt = record.updatedAt;
  if (options.propertiesWithHistory && options.propertiesWithHistory.length > 0) {
    view.propertiesWithHistory = {};
    for (const name of options.propertiesWithHistory) {
      if (store.catalog.get(type, name)) view.propertiesWithHistory[name] = versionsOf(store, type, record, name);
    }
  }
  if (options.associations && options.associations.length > 0) {
    const associations: NonNullable<SimplePublicObject['associations']> = {};
    for (const raw of options.associations) {
      const toType = HUBSPOT_OBJECT_TYPES.find((t) => t === raw) ?? safeType(raw);
      if (!toType) continue;
      const linked = store.associations.list(type, record.id, toType);
      if (linked.length === 0) continue;
      const typeName = `${SINGULAR_NAME[type]}_to_${SINGULAR_NAME[toType]}`;
      associations[toType] = {
        // HubSpot names a labelled/primary link `<from>_to_<to>` and a plain one `<from>_to_<to>_unlabeled`.
        results: linked.flatMap((l) => l.associationTypes.map((t) => ({ id: l.toObjectId, type: t.label === null ? `${typeName}_unlabeled` : typeName }))),
      };
    }
    view.associations = associations;
  }
  return view;
}

function safeType(raw: string): HubSpotObjectType | undefined {
  try {
    return parseObjectType(raw);
  } catch {
    return undefined;
  }
}
