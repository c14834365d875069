/**
 * A record of a write request checked against its object: unknown fields (INVALID_FIELD), read-only
 * ones (INVALID_FIELD_FOR_INSERT_UPDATE), values (field-input.ts) and, on create, required fields
 * (REQUIRED_FIELD_MISSING). The first problem is reported, as Salesforce reports one per record.
 */
import { fieldValue, isSaveError, saveError, type RecordLookup, type SaveError } from './field-input.js';
import type { ObjectDefinition } from './object-schema.js';
import type { FieldValue } from './org-data.js';

export type WriteMode = 'create' | 'update';

const IGNORED = new Set(['attributes', 'id']);

const readOnly = (name: string): SaveError =>
  saveError('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [name]);

/** The values to save (canonical field names, stored forms), or the record's error. */
export function checkRecordInput(object: ObjectDefinition, input: Record<string, unknown>, mode: WriteMode, lookup: RecordLookup): Record<string, FieldValue> | SaveError {
  const values: Record<string, FieldValue> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (IGNORED.has(key.toLowerCase())) {
      if (mode === 'create' && key.toLowerCase() === 'id') return saveError('INVALID_FIELD', 'cannot specify Id in an insert call');
      continue;
    }
    const field = object.byName.get(key.toLowerCase());
    if (!field) return saveError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`);
    if (mode === 'create' ? !field.createable : !field.updateable) return readOnly(field.name);
    if (raw === null || raw === undefined) {
      if (field.type === 'boolean') values[field.name] = false;
      else if (!field.nillable && (mode === 'update' || !field.defaultedOnCreate)) return saveError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [field.name]);
      else values[field.name] = null;
      continue;
    }
    const value = fieldValue(field, raw, lookup);
    if (isSaveError(value)) return value;
    if (value === null && field.required) return saveError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [field.name]);
    values[field.name] = value;
  }
  if (mode === 'create') {
    const missing = object.fields.filter((f) => f.required && (values[f.name] ?? null) === null).map((f) => f.name);
    if (object.name === 'Event' && values.DurationInMinutes == null && values.EndDateTime == null) missing.push('DurationInMinutes');
    if (missing.length > 0) return saveError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  }
  return values;
}
