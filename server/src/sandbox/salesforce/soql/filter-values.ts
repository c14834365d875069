/**
 * Literal values of a WHERE clause, checked against the field's type and turned into the form the
 * store keeps (text lower-cased, ids 18 characters, datetimes "…+0000"), or a [lo, hi) range for
 * date literals such as TODAY and LAST_N_DAYS:n (days in UTC, the org's time zone here).
 */
import type { FieldDefinition } from '../object-schema.js';
import type { FieldValue } from '../org-data.js';
import { normaliseId } from '../salesforce-ids.js';
import { formatDate, formatDateTime, isDate, parseDateTime } from '../wire-values.js';
import type { Literal } from './soql-ast.js';
import { malformed, SoqlError } from './soql-error.js';
import { filterTypeName } from './resolve-field.js';
import { decodeString } from './tokenize.js';

/** How values of a field compare. */
export type Domain = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime' | 'multi';

export function domainOf(field: FieldDefinition): Domain {
  switch (field.type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'int':
    case 'double':
    case 'currency':
      return 'number';
    case 'boolean':
    case 'date':
    case 'datetime':
      return field.type;
    case 'multipicklist':
      return 'multi';
    default:
      return 'text';
  }
}

/** A stored value in comparable form (text lower-cased), or null. */
export function comparable(domain: Domain, value: FieldValue | undefined): FieldValue {
  if (value === null || value === undefined) return null;
  return domain === 'text' || domain === 'multi' ? String(value).toLowerCase() : value;
}

export type Operand = { kind: 'value'; value: FieldValue } | { kind: 'range'; lo: string; hi: string };

const DAY_MS = 86_400_000;

function dateRange(literal: Extract<Literal, { kind: 'dateFunction' }>, domain: 'date' | 'datetime', nowMs: number): Operand {
  const today = Math.floor(nowMs / DAY_MS);
  const [from, to] = {
    TODAY: [today, today + 1],
    YESTERDAY: [today - 1, today],
    TOMORROW: [today + 1, today + 2],
    LAST_N_DAYS: [today - literal.n, today + 1],
    NEXT_N_DAYS: [today + 1, today + 1 + literal.n],
    N_DAYS_AGO: [today - literal.n, today - literal.n + 1],
  }[literal.name];
  const format = domain === 'date' ? formatDate : formatDateTime;
  return { kind: 'range', lo: format((from ?? today) * DAY_MS), hi: format((to ?? today) * DAY_MS) };
}

function wrongType(field: FieldDefinition, literal: Literal): SoqlError {
  const quoted = filterTypeName(field) === 'string' || filterTypeName(field) === 'id';
  return new SoqlError(
    'INVALID_FIELD',
    `value of filter criterion for field '${field.name}' must be of type ${filterTypeName(field)} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
    literal.offset,
  );
}

/** The operand a literal stands for when compared with `field`; throws Salesforce's error for a mismatch. */
export function operandFor(field: FieldDefinition, literal: Literal, nowMs: number): Operand {
  if (literal.kind === 'null') return { kind: 'value', value: null };
  const domain = domainOf(field);
  const value = (v: FieldValue): Operand => ({ kind: 'value', value: v });
  switch (domain) {
    case 'text':
    case 'multi':
      if (literal.kind !== 'string') throw wrongType(field, literal);
      return value(decodeString(literal.raw).toLowerCase());
    case 'id': {
      if (literal.kind !== 'string') throw wrongType(field, literal);
      const text = decodeString(literal.raw);
      const id = normaliseId(text);
      if (!id) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${text}`, literal.offset);
      return value(id);
    }
    case 'number':
      if (literal.kind !== 'number') throw wrongType(field, literal);
      return value(literal.value);
    case 'boolean':
      if (literal.kind !== 'boolean') throw wrongType(field, literal);
      return value(literal.value);
    case 'date':
      if (literal.kind === 'dateFunction') return dateRange(literal, 'date', nowMs);
      if (literal.kind !== 'date') throw wrongType(field, literal);
      if (!isDate(literal.text)) throw malformed(`line 1:${literal.offset} no viable alternative at character '${literal.text}'`, literal.offset);
      return value(literal.text);
    case 'datetime': {
      if (literal.kind === 'dateFunction') return dateRange(literal, 'datetime', nowMs);
      if (literal.kind !== 'datetime') throw wrongType(field, literal);
      const ms = parseDateTime(literal.text);
      if (ms === undefined) throw malformed(`line 1:${literal.offset} no viable alternative at character '${literal.text}'`, literal.offset);
      return value(formatDateTime(ms));
    }
  }
}
