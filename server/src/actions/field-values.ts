import type { CatalogueField, NumericField } from './fields-catalogue.js';

/** A value for one catalogue field as the pipeline computes it; null clears the field in the CRM. */
export type FieldValue = number | string | Date | null;

/** A value that does not fit its catalogue field; the message names the field, the value and the rule. */
export class FieldValueError extends Error {
  override readonly name = 'FieldValueError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * The canonical text of a value, which is also the form HubSpot accepts: numbers rounded to the
 * field's decimals and written as plain decimals ("42", "-3", "125000.5": digits, an optional "-"
 * and at most one "."; never an exponent or a thousands separator), datetimes ISO-8601 UTC with
 * milliseconds, enumerations one of the catalogue's option values, strings as given. null and ""
 * clear the field (null). Throws FieldValueError when the value does not fit the field.
 */
export function canonicalFieldValue(field: CatalogueField, value: FieldValue): string | null {
  if (value === null || value === '') return null;
  const fail = (rule: string): never => {
    throw new FieldValueError(`${field.key}: ${describe(value)} ${rule}`, field.key);
  };
  switch (field.type) {
    case 'number':
    case 'currency':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('is not a finite number');
      return canonicalNumber(field, value) ?? fail(`is outside ${field.number.min}..${field.number.max}`);
    case 'enumeration':
      if (typeof value !== 'string' || !field.options.some((option) => option.value === value)) {
        return fail(`is not one of ${field.options.map((option) => option.value).join(', ')}`);
      }
      return value;
    case 'string':
      if (typeof value !== 'string') return fail('is not text');
      if (value.length > field.string.maxLength) return fail(`is longer than ${field.string.maxLength} characters`);
      if (!field.string.multiline && /[\r\n]/.test(value)) return fail('must be a single line');
      return value;
    case 'datetime': {
      const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
      if (!Number.isFinite(ms)) return fail('is not a date-time');
      return new Date(ms).toISOString();
    }
  }
}

/**
 * A value read back from the CRM in canonical text, so it compares with what was sent: numbers
 * and datetimes re-formatted, "" as null. Text that does not parse as the field's type is kept as
 * it is (it then differs from any value Telltale would send).
 */
export function canonicalCrmValue(field: CatalogueField, raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (field.type === 'number' || field.type === 'currency') {
    const n = /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isFinite(n) ? (canonicalNumber(field, n, false) ?? raw) : raw;
  }
  if (field.type === 'datetime') {
    const ms = /^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : raw;
  }
  return raw;
}

function canonicalNumber(field: NumericField, value: number, checkRange = true): string | undefined {
  const { min, max, decimals } = field.number;
  const rounded = Number(value.toFixed(decimals));
  if (checkRange && (rounded < min || rounded > max)) return undefined;
  // toFixed never uses an exponent below 1e21, far above every catalogue range.
  const fixed = rounded.toFixed(decimals);
  const trimmed = decimals > 0 ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

function describe(value: Exclude<FieldValue, null>): string {
  if (value instanceof Date) return `Date(${String(value.getTime())})`;
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
