/**
 * The sandbox org in memory: records per object in id order, with the effects a save has in
 * Salesforce: audit dates, calculated fields (IsClosed, IsWon, Name, ClosedDate), defaults, field
 * history rows for tracked Account fields, and the recycle bin (deleted records keep IsDeleted = true
 * and stay visible to queryAll; deleting an Account deletes its contacts, opportunities, cases and
 * activities with it; undeleting it brings them back). Callers pass values already checked by
 * record-input.ts. Every save is reported to the change observer (Change Data Capture listens there).
 */
import type { Clock } from '../../clock/clock.js';
import { KEY_PREFIXES, objectForId, type OrgSchema } from './object-definitions.js';
import type { FieldValue, OrgData, OrgRecord, SObjectName } from './org-data.js';
import { SOBJECT_NAMES } from './org-data.js';
import { CLOSED_CASE_STATUSES, CLOSED_STAGES, CLOSED_TASK_STATUSES, TRACKED_ACCOUNT_FIELDS, WON_STAGES } from './org-picklists.js';
import type { RecordSource } from './soql/run-soql.js';
import { idSequence, salesforceId } from './salesforce-ids.js';
import { formatDateTime, parseDateTime } from './wire-values.js';

interface Table {
  byId: Map<string, OrgRecord>;
  /** Every record (deleted ones too) in id order, which is creation order. */
  rows: OrgRecord[];
  nextSequence: number;
}

const DEFAULTS: Partial<Record<SObjectName, Record<string, FieldValue>>> = {
  Task: { Status: 'Not Started', Priority: 'Normal', TaskSubtype: 'Task' },
  Case: { Status: 'New', Priority: 'Medium', IsEscalated: false },
};
const CASCADE: Array<[SObjectName, string]> = [['Contact', 'AccountId'], ['Opportunity', 'AccountId'], ['Case', 'AccountId'], ['Task', 'WhatId'], ['Event', 'WhatId']];
/** Fields every save sets; a change lists them only when they are all that changed. */
const AUDIT_FIELDS = new Set(['LastModifiedDate', 'SystemModstamp']);

/** What one save did to one record, as the store reports it to its change observer. */
export interface RecordChange {
  type: SObjectName;
  changeType: 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';
  /** The record after the save (read it before the next save). */
  record: OrgRecord;
  /** UPDATE: the fields whose value changed, audit dates aside (calculated fields included); otherwise empty. */
  changedFields: readonly string[];
}

/** Receives the changes of one save together: a record, or an Account with the children its delete or undelete cascaded to. */
export type ChangeObserver = (changes: readonly RecordChange[]) => void;

export class OrgStore implements RecordSource {
  readonly orgId: string;
  readonly integrationUser: OrgData['integrationUser'];
  private readonly tables = new Map<SObjectName, Table>();
  /** The children each deleted Account took to the recycle bin, which its undelete restores. */
  private readonly binnedWith = new Map<string, Array<[SObjectName, OrgRecord]>>();
  private observer: ChangeObserver = () => {};

  constructor(
    data: OrgData,
    readonly schema: OrgSchema,
    private readonly clock: Clock,
  ) {
    this.orgId = data.orgId;
    this.integrationUser = data.integrationUser;
    for (const type of SOBJECT_NAMES) {
      const rows = (data.records[type] ?? []).map((r) => ({ ...r }));
      const nextSequence = rows.reduce((max, r) => Math.max(max, idSequence(r.Id) || 0), 0) + 1;
      this.tables.set(type, { byId: new Map(rows.map((r) => [r.Id, r])), rows, nextSequence });
    }
  }

  /** Registers the one observer of every save (replacing the previous one). */
  observeChanges(observer: ChangeObserver): void {
    this.observer = observer;
  }

  private table(type: SObjectName): Table {
    const table = this.tables.get(type);
    if (!table) throw new Error(`unknown sObject ${type}`);
    return table;
  }

  all(type: SObjectName): readonly OrgRecord[] {
    return this.table(type).rows;
  }

  /** A record by its 18-character id, deleted ones included. */
  get(type: SObjectName, id: string): OrgRecord | undefined {
    return this.table(type).byId.get(id);
  }

  /** The record an id names, whatever its object (by key prefix). */
  locate(id: string): { type: SObjectName; record: OrgRecord } | undefined {
    const object = objectForId(this.schema, id);
    const record = object && this.get(object.name, id);
    return object && record ? { type: object.name, record } : undefined;
  }

  count(type: SObjectName, options: { includeDeleted?: boolean } = {}): number {
    const rows = this.table(type).rows;
    return options.includeDeleted ? rows.length : rows.filter((r) => r.IsDeleted !== true).length;
  }

  private now(): string {
    return formatDateTime(this.clock.now().getTime());
  }

  private append(type: SObjectName, record: OrgRecord): void {
    const table = this.table(type);
    table.byId.set(record.Id, record);
    table.rows.push(record);
  }

  private newId(type: SObjectName): string {
    return salesforceId(KEY_PREFIXES[type], this.table(type).nextSequence++);
  }

  /** Creates a record (id, audit dates, defaults and calculated fields set) as `userId` would. */
  insert(type: SObjectName, values: Record<string, FieldValue>, userId: string = this.integrationUser.id): OrgRecord {
    const now = this.now();
    const owner: Record<string, FieldValue> = this.schema.get(type)?.byName.has('ownerid') ? { OwnerId: userId } : {};
    const record: OrgRecord = { Id: this.newId(type), IsDeleted: false, CreatedDate: now, LastModifiedDate: now, SystemModstamp: now, ...owner, ...DEFAULTS[type], ...values };
    this.derive(type, record, {});
    this.append(type, record);
    this.observer([{ type, changeType: 'CREATE', record, changedFields: [] }]);
    return record;
  }

  /** Changes fields of a live record (LastModifiedDate and SystemModstamp bumped, tracked changes recorded). */
  update(type: SObjectName, id: string, values: Record<string, FieldValue>): OrgRecord {
    const record = this.get(type, id);
    if (!record || record.IsDeleted === true) throw new Error(`no live ${type} ${id}`);
    const before = { ...record };
    Object.assign(record, values);
    this.derive(type, record, before);
    const now = this.now();
    record.LastModifiedDate = now;
    record.SystemModstamp = now;
    if (type === 'Account') this.recordHistory(record, before, now);
    const changedFields = Object.keys(record).filter((name) => !AUDIT_FIELDS.has(name) && (before[name] ?? null) !== (record[name] ?? null));
    this.observer([{ type, changeType: 'UPDATE', record, changedFields }]);
    return record;
  }

  /** Moves a live record (and, for an Account, its children) to the recycle bin. */
  delete(type: SObjectName, id: string): OrgRecord {
    const record = this.get(type, id);
    if (!record || record.IsDeleted === true) throw new Error(`no live ${type} ${id}`);
    const children: Array<[SObjectName, OrgRecord]> = [];
    if (type === 'Account') {
      for (const [child, field] of CASCADE) for (const r of this.table(child).rows) if (r[field] === id && r.IsDeleted !== true) children.push([child, r]);
      this.binnedWith.set(id, children);
    }
    this.setDeleted([[type, record], ...children], true, 'DELETE');
    return record;
  }

  /** Restores a record from the recycle bin (and, for an Account, the children its delete took with it). */
  undelete(type: SObjectName, id: string): OrgRecord {
    const record = this.get(type, id);
    if (!record || record.IsDeleted !== true) throw new Error(`no deleted ${type} ${id}`);
    const children = (this.binnedWith.get(id) ?? []).filter(([, r]) => r.IsDeleted === true);
    this.binnedWith.delete(id);
    this.setDeleted([[type, record], ...children], false, 'UNDELETE');
    return record;
  }

  private setDeleted(records: ReadonlyArray<[SObjectName, OrgRecord]>, deleted: boolean, changeType: 'DELETE' | 'UNDELETE'): void {
    const now = this.now();
    for (const [, r] of records) {
      r.IsDeleted = deleted;
      r.LastModifiedDate = now;
      r.SystemModstamp = now;
    }
    this.observer(records.map(([type, record]) => ({ type, changeType, record, changedFields: [] })));
  }

  /** Calculated fields Salesforce keeps in step with the ones a save sets. */
  private derive(type: SObjectName, record: OrgRecord, before: Partial<OrgRecord>): void {
    if (type === 'Contact' || type === 'User') record.Name = [record.FirstName, record.LastName].filter((p) => p !== null && p !== undefined && p !== '').join(' ');
    if (type === 'Task') record.IsClosed = CLOSED_TASK_STATUSES.has(String(record.Status));
    if (type === 'Opportunity') {
      record.IsClosed = CLOSED_STAGES.has(String(record.StageName));
      record.IsWon = WON_STAGES.has(String(record.StageName));
    }
    if (type === 'Case') {
      record.IsClosed = CLOSED_CASE_STATUSES.has(String(record.Status));
      if (!record.IsClosed) record.ClosedDate = null;
      else if (before.IsClosed !== true || !record.ClosedDate) record.ClosedDate = this.now();
    }
    if (type === 'Event' && typeof record.StartDateTime === 'string') {
      const start = parseDateTime(record.StartDateTime) ?? 0;
      if (typeof record.DurationInMinutes === 'number' && record.DurationInMinutes !== before.DurationInMinutes) {
        record.EndDateTime = formatDateTime(start + record.DurationInMinutes * 60_000);
      } else if (typeof record.EndDateTime === 'string') {
        record.DurationInMinutes = Math.round(((parseDateTime(record.EndDateTime) ?? start) - start) / 60_000);
      }
    }
  }

  private recordHistory(record: OrgRecord, before: Partial<OrgRecord>, now: string): void {
    for (const [apiName, historyField] of Object.entries(TRACKED_ACCOUNT_FIELDS)) {
      const oldValue = before[apiName] ?? null;
      const newValue = record[apiName] ?? null;
      if (oldValue === newValue) continue;
      this.append('AccountHistory', { Id: this.newId('AccountHistory'), IsDeleted: false, CreatedDate: now, AccountId: record.Id, Field: historyField, OldValue: oldValue, NewValue: newValue });
    }
  }
}
