/**
 * Runs a SOQL query over the org's records: parse, check against the schema (Salesforce's error
 * codes and messages), filter with one compiled predicate, sort once, then OFFSET / LIMIT. The result
 * is the ordered list of matching ids, which the query cursor pages through.
 */
import type { FieldDefinition, ObjectDefinition } from '../object-schema.js';
import type { OrgSchema } from '../object-definitions.js';
import type { OrgRecord, SObjectName } from '../org-data.js';
import { normaliseId } from '../salesforce-ids.js';
import { compileCondition } from './compile-condition.js';
import { comparable, domainOf } from './filter-values.js';
import { parseSoql } from './parse-soql.js';
import type { Condition, OrderItem, SoqlQuery } from './soql-ast.js';
import { malformed, SoqlError } from './soql-error.js';
import { resolveField } from './resolve-field.js';
import { decodeString } from './tokenize.js';

/** Where the records come from (the org store). */
export interface RecordSource {
  /** Every record of a type, deleted ones included, in id order. */
  all(type: SObjectName): readonly OrgRecord[];
  get(type: SObjectName, id: string): OrgRecord | undefined;
}

/** A query's outcome: the records' ids in result order, or a count. */
export interface SoqlResult {
  object: ObjectDefinition;
  /** Selected fields in SELECT order (empty for a count). */
  fields: FieldDefinition[];
  ids: string[];
  /** COUNT() answers with totalSize only; COUNT(field) with one AggregateResult record under `alias`. */
  count?: { value: number; aggregate: boolean; alias: string };
}

const MAX_OFFSET = 2000;
const UNSUPPORTED_TYPE = "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";

function resolveObject(schema: OrgSchema, query: SoqlQuery): ObjectDefinition {
  const wanted = query.from.name.toLowerCase();
  for (const object of schema.values()) if (object.name.toLowerCase() === wanted) return object;
  throw new SoqlError('INVALID_TYPE', `sObject type '${query.from.name}' is not supported. ${UNSUPPORTED_TYPE}`, query.from.offset);
}

function selectedFields(object: ObjectDefinition, query: SoqlQuery): { fields: FieldDefinition[]; count?: { aggregate: boolean; alias: string } } {
  const counts = query.select.filter((s) => s.kind === 'count');
  const plain = query.select.flatMap((s) => (s.kind === 'field' ? [s.field] : []));
  if (counts.length > 0) {
    const count = counts[0];
    if (plain[0]) throw malformed(`Field must be grouped or aggregated: ${plain[0].path}`, plain[0].offset);
    if (count?.kind === 'count' && count.field) resolveField(object, count.field, 'select');
    return { fields: [], count: { aggregate: Boolean(count?.kind === 'count' && count.field), alias: (count?.kind === 'count' && count.alias) || 'expr0' } };
  }
  const fields: FieldDefinition[] = [];
  for (const ref of plain) {
    const field = resolveField(object, ref, 'select');
    if (fields.includes(field)) throw malformed(`duplicate field selected: ${field.name}`, ref.offset);
    fields.push(field);
  }
  return { fields };
}

/** Ids named by a top-level `Id = '…'` or `Id IN (…)` (so they are looked up rather than scanned). */
function idCandidates(condition: Condition | undefined): string[] | undefined {
  if (!condition) return undefined;
  if (condition.kind === 'and') {
    for (const item of condition.items) {
      const ids = idCandidates(item);
      if (ids) return ids;
    }
    return undefined;
  }
  const isId = (path: string) => path.toLowerCase() === 'id';
  const literals = condition.kind === 'compare' && condition.op === '=' && isId(condition.field.path) ? [condition.value]
    : condition.kind === 'in' && !condition.negated && isId(condition.field.path) ? condition.values : undefined;
  if (!literals) return undefined;
  return literals.flatMap((l) => (l.kind === 'string' ? [normaliseId(decodeString(l.raw))].filter((id): id is string => Boolean(id)) : []));
}

function sortRecords(object: ObjectDefinition, records: OrgRecord[], orderBy: OrderItem[]): OrgRecord[] {
  const keys = orderBy.map((item) => {
    const field = resolveField(object, item.field, 'sort');
    return { name: field.name, domain: domainOf(field), descending: item.descending, nullsFirst: item.nullsFirst };
  });
  const decorated = records.map((record) => ({ record, values: keys.map((k) => comparable(k.domain, record[k.name])) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const x = a.values[i] ?? null;
      const y = b.values[i] ?? null;
      if (!key || x === y) continue;
      if (x === null) return key.nullsFirst ? -1 : 1;
      if (y === null) return key.nullsFirst ? 1 : -1;
      const order = x < y ? -1 : 1;
      return key.descending ? -order : order;
    }
    return 0;
  });
  return decorated.map((d) => d.record);
}

/** Runs `soql`; `includeDeleted` is queryAll. Throws SoqlError for anything Salesforce would refuse. */
export function runSoql(soql: string, source: RecordSource, schema: OrgSchema, options: { includeDeleted: boolean; nowMs: number }): SoqlResult {
  const query = parseSoql(soql);
  const object = resolveObject(schema, query);
  const { fields, count } = selectedFields(object, query);
  const predicate = query.where ? compileCondition(object, query.where, options.nowMs) : undefined;
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`, query.offsetAt ?? 0);
  }
  const candidates = idCandidates(query.where);
  const pool = candidates ? candidates.map((id) => source.get(object.name, id)).filter((r): r is OrgRecord => Boolean(r)) : source.all(object.name);
  let matched = pool.filter((r) => (options.includeDeleted || r.IsDeleted !== true) && (!predicate || predicate(r)));
  if (query.orderBy.length > 0) matched = sortRecords(object, matched, query.orderBy);
  const start = query.offset ?? 0;
  const end = query.limit === undefined ? matched.length : start + query.limit;
  const ids = matched.slice(start, end).map((r) => r.Id);
  if (count) return { object, fields, ids: [], count: { ...count, value: ids.length } };
  return { object, fields, ids };
}
