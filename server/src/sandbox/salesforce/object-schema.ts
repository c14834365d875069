/**
 * How the sandbox org describes its objects and fields: what `sobjects/{type}/describe` returns and
 * what SOQL and writes are checked against.
 */
import type { SObjectName } from './org-data.js';

/** Salesforce's describe field types the sandbox uses. */
export type FieldType =
  | 'id' | 'string' | 'textarea' | 'email' | 'url' | 'picklist' | 'multipicklist' | 'reference'
  | 'boolean' | 'int' | 'double' | 'currency' | 'date' | 'datetime' | 'anyType';

/** One picklist value: its API value and the label users see. */
export interface PicklistEntry {
  value: string;
  label: string;
}

/** One field as describe reports it (the subset of Salesforce's DescribeFieldResult the sandbox fills). */
export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  /** Characters for text types, 0 otherwise. */
  length: number;
  /** Digits in total and after the point for double/currency; `digits` for int. */
  precision: number;
  scale: number;
  digits: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  filterable: boolean;
  sortable: boolean;
  custom: boolean;
  externalId: boolean;
  calculated: boolean;
  defaultedOnCreate: boolean;
  /** A required field (not nillable, not defaulted): creates without it fail with REQUIRED_FIELD_MISSING. */
  required: boolean;
  picklistValues: readonly PicklistEntry[];
  restrictedPicklist: boolean;
  referenceTo: readonly SObjectName[];
  relationshipName: string | null;
}

/** One object as describe reports it. */
export interface ObjectDefinition {
  name: SObjectName;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  fields: readonly FieldDefinition[];
  /** Fields by lower-cased API name (SOQL and JSON field names are case-insensitive). */
  byName: ReadonlyMap<string, FieldDefinition>;
}

export type FieldOptions = Partial<Omit<FieldDefinition, 'name' | 'label' | 'type'>> & { readOnly?: boolean };

const DEFAULT_LENGTH: Partial<Record<FieldType, number>> = { id: 18, reference: 18, string: 255, email: 80, url: 255, picklist: 255, multipicklist: 4099, textarea: 32_000 };

/** A field with Salesforce's usual flags for its type; `readOnly` clears createable and updateable. */
export function field(name: string, label: string, type: FieldType, options: FieldOptions = {}): FieldDefinition {
  const { readOnly, ...rest } = options;
  const longText = type === 'textarea' && (rest.length ?? 32_000) > 255;
  return {
    name,
    label,
    type,
    length: DEFAULT_LENGTH[type] ?? 0,
    precision: 0,
    scale: 0,
    digits: 0,
    nillable: true,
    createable: !readOnly,
    updateable: !readOnly,
    filterable: !longText && type !== 'anyType',
    sortable: !longText && type !== 'multipicklist' && type !== 'anyType',
    custom: name.endsWith('__c'),
    externalId: false,
    calculated: false,
    defaultedOnCreate: false,
    required: false,
    picklistValues: [],
    restrictedPicklist: false,
    referenceTo: [],
    relationshipName: null,
    ...rest,
  };
}

/** The fields every sandbox object carries (SF-SCHEMA.md): Id, IsDeleted and the audit dates. */
export function systemFields(options: { modstamps: boolean } = { modstamps: true }): FieldDefinition[] {
  const fields = [
    field('Id', 'Record ID', 'id', { readOnly: true, nillable: false, defaultedOnCreate: true }),
    field('IsDeleted', 'Deleted', 'boolean', { readOnly: true, nillable: false, defaultedOnCreate: true }),
    field('CreatedDate', 'Created Date', 'datetime', { readOnly: true, nillable: false, defaultedOnCreate: true }),
  ];
  if (options.modstamps) {
    fields.push(
      field('LastModifiedDate', 'Last Modified Date', 'datetime', { readOnly: true, nillable: false, defaultedOnCreate: true }),
      field('SystemModstamp', 'System Modstamp', 'datetime', { readOnly: true, nillable: false, defaultedOnCreate: true }),
    );
  }
  return fields;
}

/** A lookup to another object, with the relationship name Salesforce derives (AccountId → Account). */
export function reference(name: string, label: string, to: readonly SObjectName[], options: FieldOptions = {}): FieldDefinition {
  return field(name, label, 'reference', { referenceTo: to, relationshipName: name.replace(/Id$/, ''), ...options });
}

/** A picklist (or, with `type: 'multipicklist'`, a multi-select) whose labels equal their values unless given. */
export function picklist(name: string, label: string, values: readonly (string | PicklistEntry)[], options: FieldOptions & { type?: 'picklist' | 'multipicklist' } = {}): FieldDefinition {
  const { type, ...rest } = options;
  const entries = values.map((v) => (typeof v === 'string' ? { value: v, label: v } : v));
  return field(name, label, type ?? 'picklist', { picklistValues: entries, ...rest });
}

/** An object definition with its name index. */
export function objectDefinition(spec: Omit<ObjectDefinition, 'byName'>): ObjectDefinition {
  return { ...spec, byName: new Map(spec.fields.map((f) => [f.name.toLowerCase(), f])) };
}
