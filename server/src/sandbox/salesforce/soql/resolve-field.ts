/** Finds the field a query names, with Salesforce's INVALID_FIELD messages when it cannot. */
import type { FieldDefinition, ObjectDefinition } from '../object-schema.js';
import type { FieldRef } from './soql-ast.js';
import { SoqlError } from './soql-error.js';

const HINT_FIELD = "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const HINT_RELATIONSHIP = "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

export type FieldUse = 'select' | 'filter' | 'sort';

/** The field `ref` names on `object` (a leading `Object.` qualifier is allowed), checked for `use`. */
export function resolveField(object: ObjectDefinition, ref: FieldRef, use: FieldUse): FieldDefinition {
  const parts = ref.path.split('.');
  if (parts.length > 1 && parts[0]?.toLowerCase() === object.name.toLowerCase()) parts.shift();
  if (parts.length > 1) {
    throw new SoqlError('INVALID_FIELD', `Didn't understand relationship '${parts[0] ?? ''}' in field path. ${HINT_RELATIONSHIP}`, ref.offset);
  }
  const name = parts[0] ?? '';
  const field = object.byName.get(name.toLowerCase());
  if (!field) throw new SoqlError('INVALID_FIELD', `No such column '${name}' on entity '${object.name}'. ${HINT_FIELD}`, ref.offset);
  if (use === 'filter' && !field.filterable) throw new SoqlError('INVALID_FIELD', `field '${field.name}' can not be filtered in a query call`, ref.offset);
  if (use === 'sort' && !field.sortable) throw new SoqlError('INVALID_FIELD', `field '${field.name}' can not be sorted in a query call`, ref.offset);
  return field;
}

/** Salesforce's name for a field type in filter-criterion messages. */
export function filterTypeName(field: FieldDefinition): string {
  switch (field.type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'int':
      return 'integer';
    case 'datetime':
      return 'dateTime';
    case 'double':
    case 'currency':
    case 'boolean':
    case 'date':
      return field.type;
    default:
      return 'string';
  }
}
