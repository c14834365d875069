import type { Clock } from '../../clock/clock.js';
import type {
  HubSpotObjectType,
  PortalData,
  PropertyVersion,
  SandboxAssociation,
  SandboxOwner,
  SandboxRecord,
} from './portal-data.js';
import { HUBSPOT_OBJECT_TYPES } from './portal-data.js';
import { AssociationIndex } from './association-index.js';
import { PropertyCatalog } from './property-catalog.js';
import { comparable } from './property-values.js';
import { SortedIndex, compareIds, type IndexEntry } from './sorted-index.js';
import { createDateProperty, derivedValue, lastModifiedProperty } from './system-properties.js';
import type { RecordChange } from './webhook-sender.js';

/** How a write is recorded in property history. */
export interface WriteOptions {
  sourceType?: PropertyVersion['sourceType'];
  sourceId?: string;
}

interface TypeRecords {
  byId: Map<string, SandboxRecord>;
  /** Every record id (archived ones too), ascending: the order of list endpoints. */
  idOrder: string[];
  /** Lazily built per property, then kept in order on every write. */
  indices: Map<string, SortedIndex>;
}

/**
 * The sandbox portal in memory: records, their property history, associations, property
 * definitions and owners. Tests change the portal through it (e.g. `updateRecord`) to simulate
 * edits made in HubSpot.
 */
export class PortalStore {
  readonly portalId: number;
  readonly catalog: PropertyCatalog;
  readonly associations: AssociationIndex;
  readonly owners: SandboxOwner[];
  private readonly types = new Map<HubSpotObjectType, TypeRecords>();
  private readonly listeners: Array<(change: RecordChange) => void> = [];
  private nextId = 1;

  constructor(
    data: PortalData,
    private readonly clock: Clock,
  ) {
    this.portalId = data.portalId;
    this.catalog = new PropertyCatalog(data);
    this.associations = new AssociationIndex(data.associations);
    this.owners = data.owners.map((o) => structuredClone(o));
    for (const type of HUBSPOT_OBJECT_TYPES) {
      const records = (data.records[type] ?? []).map((r) => structuredClone(r));
      const byId = new Map(records.map((r) => [r.id, r]));
      this.types.set(type, { byId, idOrder: [...byId.keys()].sort(compareIds), indices: new Map() });
      for (const r of records) this.nextId = Math.max(this.nextId, Number(r.id) + 1 || 0);
    }
  }

  /** Calls `listener` after every write (the webhook sender subscribes here). */
  onChange(listener: (change: RecordChange) => void): void {
    this.listeners.push(listener);
  }

  private emit(change: RecordChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private recordsOf(type: HubSpotObjectType): TypeRecords {
    const records = this.types.get(type);
    if (!records) throw new Error(`unknown object type ${type}`);
    return records;
  }

  /** A property's current value as HubSpot reports it (system properties derived when not stored). */
  value(type: HubSpotObjectType, record: SandboxRecord, name: string): string | null {
    const derived = derivedValue(type, record, name);
    if (derived !== undefined) return derived;
    return record.properties[name] ?? null;
  }

  /** A record by id, or by a unique property when `idProperty` is given; archived ones only on request. */
  getRecord(type: HubSpotObjectType, id: string, options: { idProperty?: string; archived?: boolean } = {}): SandboxRecord | undefined {
    const archived = options.archived ?? false;
    const { byId } = this.recordsOf(type);
    if (options.idProperty && options.idProperty !== 'hs_object_id') {
      const wanted = id.toLowerCase();
      for (const r of byId.values()) {
        if (r.archived === archived && this.value(type, r, options.idProperty)?.toLowerCase() === wanted) return r;
      }
      return undefined;
    }
    const record = byId.get(id);
    return record && record.archived === archived ? record : undefined;
  }

  /** Record ids in ascending order (archived included). */
  idOrder(type: HubSpotObjectType): readonly string[] {
    return this.recordsOf(type).idOrder;
  }

  /** All records of a type (archived included), without copying. */
  rawRecord(type: HubSpotObjectType, id: string): SandboxRecord | undefined {
    return this.recordsOf(type).byId.get(id);
  }

  count(type: HubSpotObjectType): number {
    return this.recordsOf(type).byId.size;
  }

  private entryFor(type: HubSpotObjectType, record: SandboxRecord, property: string): IndexEntry {
    return { key: comparable(this.catalog.get(type, property), this.value(type, record, property)), id: record.id };
  }

  /** The records of a type ordered by one property (built on first use, maintained on writes). */
  index(type: HubSpotObjectType, property: string): SortedIndex {
    const records = this.recordsOf(type);
    let index = records.indices.get(property);
    if (!index) {
      index = new SortedIndex([...records.byId.values()].map((r) => this.entryFor(type, r, property)));
      records.indices.set(property, index);
    }
    return index;
  }

  private reindex(type: HubSpotObjectType, record: SandboxRecord, change: () => void): void {
    const { indices } = this.recordsOf(type);
    const before = [...indices.entries()].map(([property, index]) => ({ property, index, entry: this.entryFor(type, record, property) }));
    change();
    for (const { property, index, entry } of before) {
      const after = this.entryFor(type, record, property);
      if (after.key === entry.key) continue;
      index.remove(entry);
      index.insert(after);
    }
  }

  private history(type: HubSpotObjectType, record: SandboxRecord, name: string): PropertyVersion[] {
    record.history ??= {};
    let versions = record.history[name];
    if (!versions) {
      const current = this.value(type, record, name);
      versions = current === null ? [] : [{ value: current, timestamp: record.createdAt, sourceType: 'CRM_UI' }];
      record.history[name] = versions;
    }
    return versions;
  }

  private setProperties(type: HubSpotObjectType, record: SandboxRecord, props: Record<string, string | null>, options: WriteOptions, emitChanges: boolean): void {
    const now = this.clock.now().toISOString();
    const version = (value: string): PropertyVersion => ({
      value,
      timestamp: now,
      sourceType: options.sourceType ?? 'API',
      ...(options.sourceId ? { sourceId: options.sourceId } : {}),
    });
    const changeSource = options.sourceType === 'CRM_UI' ? 'CRM_UI' : 'INTEGRATION';
    for (const [name, value] of Object.entries(props)) {
      if ((record.properties[name] ?? null) === value) continue;
      this.history(type, record, name).push(version(value ?? ''));
      record.properties[name] = value;
      if (emitChanges) this.emit({ type, objectId: record.id, kind: 'propertyChange', propertyName: name, propertyValue: value, changeSource });
    }
    const modified = lastModifiedProperty(type);
    this.history(type, record, modified).push({ ...version(now), sourceType: 'CALCULATED' });
    record.properties[modified] = now;
    if (type === 'contacts') record.properties.hs_lastmodifieddate = now;
    record.updatedAt = now;
  }

  /** Creates a record as an API write would (id assigned, create/modify dates set). */
  createRecord(type: HubSpotObjectType, props: Record<string, string | null>, options: WriteOptions = {}): SandboxRecord {
    const now = this.clock.now().toISOString();
    const id = String(this.nextId++);
    const record: SandboxRecord = { id, properties: { [createDateProperty(type)]: now }, history: {}, createdAt: now, updatedAt: now, archived: false };
    this.setProperties(type, record, props, options, false);
    const records = this.recordsOf(type);
    records.byId.set(id, record);
    records.idOrder.push(id);
    for (const [property, index] of records.indices) index.insert(this.entryFor(type, record, property));
    this.emit({ type, objectId: id, kind: 'creation', changeSource: options.sourceType === 'CRM_UI' ? 'CRM_UI' : 'INTEGRATION' });
    return record;
  }

  /** Changes properties of a live record (history kept, last-modified date bumped); undefined when missing. */
  updateRecord(type: HubSpotObjectType, id: string, props: Record<string, string | null>, options: WriteOptions = {}): SandboxRecord | undefined {
    const record = this.getRecord(type, id);
    if (!record) return undefined;
    this.reindex(type, record, () => this.setProperties(type, record, props, options, true));
    return record;
  }

  /** Archives a record (HubSpot's soft delete). */
  archiveRecord(type: HubSpotObjectType, id: string): boolean {
    const record = this.getRecord(type, id);
    if (!record) return false;
    this.reindex(type, record, () => {
      record.archived = true;
      record.updatedAt = this.clock.now().toISOString();
    });
    this.emit({ type, objectId: id, kind: 'deletion', changeSource: 'INTEGRATION' });
    return true;
  }

  addAssociation(association: SandboxAssociation, changeSource: RecordChange['changeSource'] = 'INTEGRATION'): void {
    this.associations.add(association);
    for (const [type, objectId] of [[association.fromType, association.fromId], [association.toType, association.toId]] as const) {
      this.emit({ type, objectId, kind: 'associationChange', changeSource });
    }
  }
}
