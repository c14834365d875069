/**
 * Turns a WHERE clause into one predicate over records, with every literal converted once. SOQL's
 * null rules: `!=` and NOT IN match records whose field is null; range comparisons never do; string
 * comparisons ignore case.
 */
import type { ObjectDefinition } from '../object-schema.js';
import type { FieldValue, OrgRecord } from '../org-data.js';
import type { ComparisonOperator, Condition } from './soql-ast.js';
import { SoqlError } from './soql-error.js';
import { comparable, domainOf, operandFor, type Operand } from './filter-values.js';
import { resolveField } from './resolve-field.js';
import { likeRegExp } from './tokenize.js';

export type Predicate = (record: OrgRecord) => boolean;

function compare(op: ComparisonOperator, value: FieldValue, operand: Operand): boolean {
  if (operand.kind === 'range') {
    if (value === null) return op === '!=';
    const v = value as string;
    const inside = v >= operand.lo && v < operand.hi;
    switch (op) {
      case '=': return inside;
      case '!=': return !inside;
      case '<': return v < operand.lo;
      case '<=': return v < operand.hi;
      case '>': return v >= operand.hi;
      case '>=': return v >= operand.lo;
      default: return false;
    }
  }
  const target = operand.value;
  if (op === '=') return value === target;
  if (op === '!=') return value !== target;
  if (value === null || target === null) return false;
  switch (op) {
    case '<': return value < target;
    case '<=': return value <= target;
    case '>': return value > target;
    case '>=': return value >= target;
    default: return false;
  }
}

/** A list entry's value (a date literal in a list stands for its first day). */
const listValue = (operand: Operand): FieldValue => (operand.kind === 'value' ? operand.value : operand.lo);

function compile(object: ObjectDefinition, condition: Condition, nowMs: number): Predicate {
  switch (condition.kind) {
    case 'and': {
      const items = condition.items.map((c) => compile(object, c, nowMs));
      return (r) => items.every((p) => p(r));
    }
    case 'or': {
      const items = condition.items.map((c) => compile(object, c, nowMs));
      return (r) => items.some((p) => p(r));
    }
    case 'not': {
      const inner = compile(object, condition.item, nowMs);
      return (r) => !inner(r);
    }
    case 'compare': {
      const field = resolveField(object, condition.field, 'filter');
      const domain = domainOf(field);
      const name = field.name;
      if (condition.op === 'LIKE') {
        if (domain !== 'text' || condition.value.kind !== 'string') {
          throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on field '${field.name}': LIKE`, condition.field.offset);
        }
        const pattern = likeRegExp(condition.value.raw);
        return (r) => {
          const v = r[name];
          return v !== null && v !== undefined && pattern.test(String(v));
        };
      }
      const operand = operandFor(field, condition.value, nowMs);
      const op = condition.op;
      return (r) => compare(op, comparable(domain, r[name]), operand);
    }
    case 'in': {
      const field = resolveField(object, condition.field, 'filter');
      const domain = domainOf(field);
      const name = field.name;
      const values = new Set(condition.values.map((l) => listValue(operandFor(field, l, nowMs))));
      const negated = condition.negated;
      return (r) => values.has(comparable(domain, r[name])) !== negated;
    }
    case 'includes': {
      const field = resolveField(object, condition.field, 'filter');
      if (field.type !== 'multipicklist') {
        throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', 'includes or excludes operator only valid on multipicklist field', condition.field.offset);
      }
      const groups = condition.values.map((l) => String(listValue(operandFor(field, l, nowMs))).split(';').map((s) => s.trim()));
      const name = field.name;
      const negated = condition.negated;
      return (r) => {
        const v = r[name];
        const chosen = new Set(v === null || v === undefined ? [] : String(v).toLowerCase().split(';'));
        return groups.some((group) => group.every((part) => chosen.has(part))) !== negated;
      };
    }
  }
}

/** The predicate for a WHERE clause on `object`; throws SoqlError for unknown fields or mistyped literals. */
export function compileCondition(object: ObjectDefinition, condition: Condition, nowMs: number): Predicate {
  return compile(object, condition, nowMs);
}
