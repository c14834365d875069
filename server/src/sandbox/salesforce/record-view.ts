/** Records as the REST API returns them: an `attributes` block, then the fields asked for, in that order. */
import type { FieldDefinition } from './object-schema.js';
import type { FieldValue, OrgRecord, SObjectName } from './org-data.js';

export interface RecordAttributes {
  type: string;
  url: string;
}

export type RecordView = { attributes: RecordAttributes } & Record<string, FieldValue | RecordAttributes>;

/** The record's REST URL, relative to the instance (as Salesforce returns it). */
export function recordUrl(version: string, type: SObjectName, id: string): string {
  return `/services/data/v${version}/sobjects/${type}/${id}`;
}

export function renderRecord(version: string, type: SObjectName, record: OrgRecord, fields: readonly FieldDefinition[]): RecordView {
  const view: RecordView = { attributes: { type, url: recordUrl(version, type, record.Id) } };
  for (const field of fields) view[field.name] = record[field.name] ?? null;
  return view;
}
