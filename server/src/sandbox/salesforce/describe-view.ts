/** Describe results as the REST API returns them (DescribeGlobalSObjectResult, DescribeSObjectResult, fields). */
import type { FieldDefinition, FieldType, ObjectDefinition } from './object-schema.js';

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID', reference: 'tns:ID', string: 'xsd:string', textarea: 'xsd:string', email: 'xsd:string', url: 'xsd:string',
  picklist: 'xsd:string', multipicklist: 'xsd:string', boolean: 'xsd:boolean', int: 'xsd:int', double: 'xsd:double',
  currency: 'xsd:double', date: 'xsd:date', datetime: 'xsd:dateTime', anyType: 'xsd:anyType',
};

function urls(version: string, object: ObjectDefinition): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** One entry of GET /sobjects. */
export function describeGlobalEntry(version: string, object: ObjectDefinition): Record<string, unknown> {
  return {
    activateable: false, associateEntityType: null, associateParentEntity: null, createable: object.createable, custom: false,
    customSetting: false, deepCloneable: false, deletable: object.deletable, deprecatedAndHidden: false, feedEnabled: false,
    hasSubtypes: false, isInterface: false, isSubtype: false, keyPrefix: object.keyPrefix, label: object.label,
    labelPlural: object.labelPlural, layoutable: object.createable, mergeable: false, mruEnabled: object.createable, name: object.name,
    queryable: object.queryable, replicateable: true, retrieveable: true, searchable: object.createable, triggerable: object.createable,
    undeletable: object.deletable, updateable: object.updateable, urls: urls(version, object),
  };
}

function describeField(field: FieldDefinition): Record<string, unknown> {
  const text = ['string', 'textarea', 'email', 'url', 'picklist', 'multipicklist'].includes(field.type);
  return {
    aggregatable: field.filterable && field.type !== 'boolean', autoNumber: false, byteLength: text || field.type === 'id' || field.type === 'reference' ? field.length * 3 : 0,
    calculated: field.calculated, calculatedFormula: null, cascadeDelete: false, caseSensitive: false, controllerName: null,
    createable: field.createable, custom: field.custom, defaultValue: null, defaultValueFormula: null, defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false, deprecatedAndHidden: false, digits: field.digits, externalId: field.externalId, filterable: field.filterable,
    groupable: field.sortable && field.type !== 'double' && field.type !== 'currency', htmlFormatted: false,
    idLookup: field.type === 'id' || field.externalId, inlineHelpText: null, label: field.label, length: field.length, name: field.name,
    nameField: field.name === 'Name', nillable: field.nillable, permissionable: field.custom && field.nillable,
    picklistValues: field.picklistValues.map((p) => ({ active: true, defaultValue: false, label: p.label, validFor: null, value: p.value })),
    polymorphicForeignKey: field.referenceTo.length > 1, precision: field.precision, referenceTo: field.referenceTo,
    relationshipName: field.relationshipName, restrictedPicklist: field.restrictedPicklist, scale: field.scale, soapType: SOAP_TYPES[field.type],
    sortable: field.sortable, type: field.type, unique: false, updateable: field.updateable, writeRequiresMasterRead: false,
  };
}

/** GET /sobjects/{type}/describe. */
export function describeObject(version: string, object: ObjectDefinition): Record<string, unknown> {
  return { ...describeGlobalEntry(version, object), childRelationships: [], fields: object.fields.map(describeField), recordTypeInfos: [], supportedScopes: [] };
}
