import type { PropertyDefinition } from './portal-data.js';

/** A value in a form that orders and compares like HubSpot does for the property's type. */
export type ComparableValue = number | string;

const EPOCH_MS = /^-?\d+$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const PLAIN_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)$/;

/** Parses an instant given as epoch milliseconds or ISO-8601; NaN when it is neither. */
export function parseInstant(raw: string): number {
  if (EPOCH_MS.test(raw.trim())) return Number(raw);
  return Date.parse(DATE_ONLY.test(raw) ? `${raw}T00:00:00.000Z` : raw);
}

function isNumeric(def: PropertyDefinition | undefined): boolean {
  return def?.type === 'number';
}

function isTemporal(def: PropertyDefinition | undefined): boolean {
  return def?.type === 'datetime' || def?.type === 'date';
}

/**
 * The comparable form of a stored or filter value: numbers for number properties, epoch ms for
 * date and datetime properties (accepting epoch ms or ISO input), lower-cased text otherwise.
 * Null when the value is absent or cannot be read as the property's type.
 */
export function comparable(def: PropertyDefinition | undefined, raw: string | null | undefined): ComparableValue | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (isNumeric(def)) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : null;
  }
  if (isTemporal(def)) {
    const ms = parseInstant(raw);
    return Number.isFinite(ms) ? ms : null;
  }
  return raw.toLowerCase();
}

/** Orders two comparable values; numbers before text so mixed data still sorts deterministically. */
export function compareComparable(a: ComparableValue, b: ComparableValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Why a written value is rejected, in HubSpot's property-validation vocabulary. */
export interface InvalidPropertyValue {
  name: string;
  error: 'PROPERTY_DOESNT_EXIST' | 'READ_ONLY_VALUE' | 'INVALID_INTEGER' | 'INVALID_DATE' | 'INVALID_OPTION' | 'INVALID_BOOLEAN';
  message: string;
}

/**
 * Normalizes a written value to HubSpot's stored wire format (datetime → ISO with ms, date →
 * YYYY-MM-DD) or says why it is invalid.
 */
export function normalizeWrittenValue(def: PropertyDefinition, raw: string | null): { value: string | null } | InvalidPropertyValue {
  if (raw === null || raw === '') return { value: raw };
  const value = String(raw);
  switch (def.type) {
    case 'number':
      // HubSpot takes digits, one optional leading "-" and at most one "." (no exponent, separator or space).
      return PLAIN_NUMBER.test(value)
        ? { value }
        : { name: def.name, error: 'INVALID_INTEGER', message: `${value} was not a valid number.` };
    case 'datetime': {
      const ms = parseInstant(value);
      return Number.isFinite(ms)
        ? { value: new Date(ms).toISOString() }
        : { name: def.name, error: 'INVALID_DATE', message: `${value} was not a valid long.` };
    }
    case 'date': {
      const ms = parseInstant(value);
      if (!Number.isFinite(ms) || ms % 86_400_000 !== 0) {
        return { name: def.name, error: 'INVALID_DATE', message: `${value} is at ${ms} which is not midnight UTC.` };
      }
      return { value: new Date(ms).toISOString().slice(0, 10) };
    }
    case 'bool':
      return value === 'true' || value === 'false'
        ? { value }
        : { name: def.name, error: 'INVALID_BOOLEAN', message: `${value} was not a valid boolean.` };
    case 'enumeration': {
      if (def.options.length === 0) return { value };
      const allowed = new Set(def.options.map((o) => o.value));
      const chosen = def.fieldType === 'checkbox' ? value.split(';') : [value];
      const bad = chosen.find((v) => !allowed.has(v));
      return bad === undefined
        ? { value }
        : { name: def.name, error: 'INVALID_OPTION', message: `${bad} was not one of the allowed options: ${[...allowed].join(', ')}` };
    }
    default:
      return { value };
  }
}
