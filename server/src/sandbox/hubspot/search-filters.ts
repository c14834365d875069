import type { HubSpotObjectType, PropertyDefinition, SandboxRecord } from './portal-data.js';
import type { PortalStore } from './portal-store.js';
import { validationError } from './errors.js';
import { comparable, compareComparable, type ComparableValue } from './property-values.js';

/** The filter operators HubSpot's CRM search documents. */
export const FILTER_OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** One search filter as HubSpot's Filter schema. */
export interface SearchFilter {
  propertyName: string;
  operator: FilterOperator;
  value?: string;
  highValue?: string;
  values?: string[];
}

export type RecordPredicate = (record: SandboxRecord) => boolean;

/** A bound on a property's comparable value, used to narrow a sorted index before scanning. */
export interface Bound {
  value: ComparableValue;
  inclusive: boolean;
}

function filterValue(def: PropertyDefinition, filter: SearchFilter, raw: string | undefined): ComparableValue {
  const value = comparable(def, raw);
  if (value === null) {
    throw validationError(`There was a problem with the request. Invalid value for ${filter.propertyName} with operator ${filter.operator}: ${raw ?? ''}`, {
      context: { propertyName: [filter.propertyName], value: [raw ?? ''] },
    });
  }
  return value;
}

function tokensOf(value: string): string[] {
  const lower = value.toLowerCase();
  return [lower, ...lower.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0)];
}

function tokenMatcher(pattern: string): (token: string) => boolean {
  const lower = pattern.toLowerCase();
  if (!lower.includes('*')) return (token) => token === lower;
  const regex = new RegExp(`^${lower.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (token) => regex.test(token);
}

/** Compiles one filter against the type's property definitions; 400 for unknown properties or operators. */
export function compileFilter(store: PortalStore, type: HubSpotObjectType, filter: SearchFilter): RecordPredicate {
  const def = store.catalog.get(type, filter.propertyName);
  if (!def) {
    throw validationError(`There was a problem with the request. Property ${filter.propertyName} does not exist for ${type}.`, {
      context: { propertyName: [filter.propertyName] },
    });
  }
  if (!FILTER_OPERATORS.includes(filter.operator)) {
    throw validationError(`Invalid input JSON: unknown operator ${String(filter.operator)}`, { context: { operator: [String(filter.operator)] } });
  }
  const read = (record: SandboxRecord): string | null => store.value(type, record, def.name);
  const key = (record: SandboxRecord): ComparableValue | null => comparable(def, read(record));
  const multiValued = def.type === 'enumeration' && def.fieldType === 'checkbox';
  const valuesOf = (record: SandboxRecord): ComparableValue[] => {
    const raw = read(record);
    if (raw === null || raw === '') return [];
    const parts = multiValued ? raw.split(';') : [raw];
    return parts.map((p) => comparable(def, p)).filter((v): v is ComparableValue => v !== null);
  };
  const equalsAny = (record: SandboxRecord, wanted: ComparableValue[]): boolean =>
    valuesOf(record).some((v) => wanted.some((w) => compareComparable(v, w) === 0));

  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return (r) => key(r) !== null;
    case 'NOT_HAS_PROPERTY':
      return (r) => key(r) === null;
    case 'EQ': {
      const wanted = filterValue(def, filter, filter.value);
      return (r) => equalsAny(r, [wanted]);
    }
    case 'NEQ': {
      const wanted = filterValue(def, filter, filter.value);
      return (r) => !equalsAny(r, [wanted]);
    }
    case 'IN':
    case 'NOT_IN': {
      const wanted = (filter.values ?? []).map((v) => filterValue(def, filter, v));
      return filter.operator === 'IN' ? (r) => equalsAny(r, wanted) : (r) => !equalsAny(r, wanted);
    }
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE': {
      const bound = filterValue(def, filter, filter.value);
      const test = { LT: (c: number) => c < 0, LTE: (c: number) => c <= 0, GT: (c: number) => c > 0, GTE: (c: number) => c >= 0 }[filter.operator];
      return (r) => {
        const v = key(r);
        return v !== null && test(compareComparable(v, bound));
      };
    }
    case 'BETWEEN': {
      const low = filterValue(def, filter, filter.value);
      const high = filterValue(def, filter, filter.highValue);
      return (r) => {
        const v = key(r);
        return v !== null && compareComparable(v, low) >= 0 && compareComparable(v, high) <= 0;
      };
    }
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const matches = tokenMatcher(filter.value ?? '');
      const contains = (r: SandboxRecord): boolean => {
        const raw = read(r);
        return raw !== null && tokensOf(raw).some(matches);
      };
      return filter.operator === 'CONTAINS_TOKEN' ? contains : (r) => !contains(r);
    }
  }
}

/** The tightest range that a group of AND-ed filters puts on one property (for index narrowing). */
export function rangeOn(store: PortalStore, type: HubSpotObjectType, filters: readonly SearchFilter[], propertyName: string): { lower: Bound | null; upper: Bound | null } {
  const def = store.catalog.get(type, propertyName);
  let lower: Bound | null = null;
  let upper: Bound | null = null;
  const tighterLower = (b: Bound): void => {
    if (lower === null || compareComparable(b.value, lower.value) > 0 || (compareComparable(b.value, lower.value) === 0 && !b.inclusive)) lower = b;
  };
  const tighterUpper = (b: Bound): void => {
    if (upper === null || compareComparable(b.value, upper.value) < 0 || (compareComparable(b.value, upper.value) === 0 && !b.inclusive)) upper = b;
  };
  for (const f of filters) {
    if (f.propertyName !== propertyName || !def || def.type === 'enumeration') continue;
    const value = comparable(def, f.value);
    if (value === null) continue;
    if (f.operator === 'GT' || f.operator === 'GTE') tighterLower({ value, inclusive: f.operator === 'GTE' });
    if (f.operator === 'LT' || f.operator === 'LTE') tighterUpper({ value, inclusive: f.operator === 'LTE' });
    if (f.operator === 'EQ' || f.operator === 'BETWEEN') {
      tighterLower({ value, inclusive: true });
      const high = f.operator === 'EQ' ? value : comparable(def, f.highValue);
      if (high !== null) tighterUpper({ value: high, inclusive: true });
    }
  }
  return { lower, upper };
}
