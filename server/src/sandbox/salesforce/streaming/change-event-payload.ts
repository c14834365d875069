/**
 * A change event's `data` as a CometD client receives it (Salesforce's Change Event Message Structure
 * and Change Event Body Fields): `{ schema, payload: { ChangeEventHeader, ...fields }, event: { replayId } }`.
 * The body holds, for CREATE and UNDELETE, every non-empty field; for UPDATE, only the changed fields
 * (null when cleared) plus LastModifiedDate; for DELETE, nothing. Id, IsDeleted and SystemModstamp are
 * never in the body (the record id is in the header's recordIds). Datetimes are ISO-8601 UTC with
 * `Z`; a contact's or user's Name is the compound `{ FirstName, LastName }`, its changes listed as
 * `Name.FirstName` / `Name.LastName`.
 */
import { createHash } from 'node:crypto';
import type { FieldValue, OrgRecord, SObjectName } from '../org-data.js';
import type { ObjectDefinition } from '../object-schema.js';
import type { RecordChange } from '../org-store.js';
import { parseDateTime } from '../wire-values.js';

export type ChangeType = RecordChange['changeType'];

/** The header every change event carries. */
export interface ChangeEventHeader {
  entityName: SObjectName;
  recordIds: string[];
  changeType: ChangeType;
  /** `com/salesforce/api/rest/<version>[;client=<client>]` for API changes, '' for changes made in the UI. */
  changeOrigin: string;
  transactionKey: string;
  /** The change's position in its transaction, from 1. */
  sequenceNumber: number;
  /** Epoch ms of the commit. */
  commitTimestamp: number;
  commitNumber: number;
  commitUser: string;
  changedFields: string[];
}

/** The field values of a change event's body. */
export type ChangeEventValue = FieldValue | { [component: string]: FieldValue };

/** `data` of a change event message. */
export interface ChangeEventData {
  schema: string;
  payload: { ChangeEventHeader: ChangeEventHeader } & { [field: string]: ChangeEventValue | ChangeEventHeader };
  event: { replayId: number };
}

/** The header fields that depend on the transaction rather than on the record. */
export type CommitInfo = Pick<ChangeEventHeader, 'changeOrigin' | 'transactionKey' | 'sequenceNumber' | 'commitTimestamp' | 'commitNumber' | 'commitUser'>;

const NOT_IN_BODY = new Set(['Id', 'IsDeleted', 'SystemModstamp']);
/** Objects whose Name is Salesforce's compound name field in change events. */
const COMPOUND_NAME: ReadonlySet<SObjectName> = new Set(['Contact', 'User']);
const NAME_COMPONENTS = new Set(['FirstName', 'LastName']);

/** The event schema id: stable for an object's field list, as Salesforce's changes when fields change. */
export function changeEventSchemaId(object: ObjectDefinition): string {
  const definition = `${object.name}ChangeEvent:${object.fields.map((f) => `${f.name}:${f.type}`).join(',')}`;
  return createHash('sha256').update(definition).digest('base64url').slice(0, 22);
}

/** The change event data for one record change. */
export function changeEventData(object: ObjectDefinition, change: RecordChange, commit: CommitInfo, replayId: number): ChangeEventData {
  const { changedFields, body } = changeEventBody(object, change);
  const header: ChangeEventHeader = {
    entityName: object.name,
    recordIds: [change.record.Id],
    changeType: change.changeType,
    changeOrigin: commit.changeOrigin,
    transactionKey: commit.transactionKey,
    sequenceNumber: commit.sequenceNumber,
    commitTimestamp: commit.commitTimestamp,
    commitNumber: commit.commitNumber,
    commitUser: commit.commitUser,
    changedFields,
  };
  return { schema: changeEventSchemaId(object), payload: { ChangeEventHeader: header, ...body }, event: { replayId } };
}

function changeEventBody(object: ObjectDefinition, change: RecordChange): { changedFields: string[]; body: Record<string, ChangeEventValue> } {
  const { record, changeType } = change;
  const compoundName = COMPOUND_NAME.has(object.name);
  const body: Record<string, ChangeEventValue> = {};
  const changedFields: string[] = [];
  const put = (name: string, value: FieldValue) => {
    if (compoundName && NAME_COMPONENTS.has(name)) body.Name = { ...(body.Name as Record<string, FieldValue> | undefined), [name]: value };
    else body[name] = value;
  };
  if (changeType === 'CREATE' || changeType === 'UNDELETE') {
    for (const field of object.fields) {
      if (NOT_IN_BODY.has(field.name) || (compoundName && field.name === 'Name')) continue;
      const value = wireValue(object, field.name, record);
      if (value !== null) put(field.name, value);
    }
  }
  if (changeType === 'UPDATE') {
    for (const name of change.changedFields) {
      if (NOT_IN_BODY.has(name) || (compoundName && name === 'Name')) continue;
      put(name, wireValue(object, name, record));
      changedFields.push(compoundName && NAME_COMPONENTS.has(name) ? `Name.${name}` : name);
    }
    body.LastModifiedDate = wireValue(object, 'LastModifiedDate', record);
    changedFields.push('LastModifiedDate');
  }
  return { changedFields, body };
}

/** A record's value as a change event carries it: datetimes as ISO-8601 with `Z`, everything else as stored. */
function wireValue(object: ObjectDefinition, name: string, record: OrgRecord): FieldValue {
  const value = record[name] ?? null;
  if (typeof value !== 'string' || object.byName.get(name.toLowerCase())?.type !== 'datetime') return value;
  const ms = parseDateTime(value);
  return ms === undefined ? value : new Date(ms).toISOString();
}
