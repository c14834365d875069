/**
 * One field value of a write, checked and converted as Salesforce does, with its per-record error
 * (statusCode, message, fields) when it cannot be saved: wrong type, too long, out of range, a value a
 * restricted picklist does not have, or a lookup to a record that is not there.
 */
import type { FieldDefinition } from './object-schema.js';
import { KEY_PREFIXES } from './object-definitions.js';
import type { FieldValue, OrgRecord } from './org-data.js';
import { normaliseId } from './salesforce-ids.js';
import { formatDateTime, isDate, parseDateTime } from './wire-values.js';

/** One entry of a SaveResult's `errors`. */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

export const saveError = (statusCode: string, message: string, fields: string[] = []): SaveError => ({ statusCode, message, fields });

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const notOfType = (field: FieldDefinition, value: unknown): SaveError =>
  saveError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`, [field.name]);

function numberValue(field: FieldDefinition, value: unknown): FieldValue | SaveError {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!(typeof value === 'number' && Number.isFinite(value)) && !NUMERIC.test(text)) return notOfType(field, value);
  const n = Number(text);
  if (field.type === 'int') {
    if (!Number.isInteger(n)) return notOfType(field, value);
    return Math.abs(n) >= 10 ** (field.digits || 9) ? saveError('NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${text}`, [field.name]) : n;
  }
  if (Math.abs(n) >= 10 ** (field.precision - field.scale)) {
    return saveError('NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${text}`, [field.name]);
  }
  const factor = 10 ** field.scale;
  return Math.round(n * factor) / factor;
}

function textValue(field: FieldDefinition, value: unknown): FieldValue | SaveError {
  if (typeof value === 'object') return notOfType(field, value);
  const text = String(value);
  if (text === '') return null;
  if (text.length > field.length) {
    return saveError('STRING_TOO_LONG', `${field.label}: data value too large: ${text.slice(0, 80)} (max length=${field.length})`, [field.name]);
  }
  if (field.type === 'email' && !EMAIL.test(text)) return saveError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name]);
  if (field.type === 'picklist' && field.restrictedPicklist && !field.picklistValues.some((p) => p.value === text)) {
    return saveError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${text}`, [field.name]);
  }
  return text;
}

/** Looks records up by id (the org store). */
export type RecordLookup = (id: string) => { type: string; record: OrgRecord } | undefined;

function referenceValue(field: FieldDefinition, value: unknown, lookup: RecordLookup): FieldValue | SaveError {
  if (typeof value !== 'string') return notOfType(field, value);
  if (value === '') return null;
  const id = normaliseId(value);
  const prefixes = field.referenceTo.map((t) => KEY_PREFIXES[t]);
  if (!id || !prefixes.includes(id.slice(0, 3))) return saveError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${value}`, [field.name]);
  const target = lookup(id);
  if (!target) return saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
  if (target.record.IsDeleted === true) return saveError('ENTITY_IS_DELETED', 'entity is deleted', [field.name]);
  return id;
}

/** The stored value for `value` written to `field` (null already handled by the caller), or why it cannot be saved. */
export function fieldValue(field: FieldDefinition, value: unknown, lookup: RecordLookup): FieldValue | SaveError {
  switch (field.type) {
    case 'int':
    case 'double':
    case 'currency':
      return numberValue(field, value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return notOfType(field, value);
    case 'date':
      return typeof value === 'string' && isDate(value) ? value : notOfType(field, value);
    case 'datetime': {
      const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
      return ms === undefined ? notOfType(field, value) : formatDateTime(ms);
    }
    case 'reference':
      return referenceValue(field, value, lookup);
    default:
      return textValue(field, value);
  }
}

export function isSaveError(value: FieldValue | SaveError): value is SaveError {
  return typeof value === 'object' && value !== null && 'statusCode' in value;
}
