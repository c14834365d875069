import type { FieldCatalogue } from '../../../server/src/actions/fields-catalogue.js';
import { INTERVENTION_KEY_FIELD } from './custom-fields.js';
import { leaf, metadataDocument, parent, type XmlElement } from './metadata-xml.js';

/**
 * The two permission sets, built from the field catalogue so a new catalogue field is granted the
 * moment it is generated:
 * - Telltale_User: read on every Telltale field, for everyone who sees the account health card.
 * - Telltale_Integration: for the user Telltale connects as: read and edit on every Telltale field,
 *   read on the objects the sync reads, and tasks.
 */

/** One object permission row; every flag the Metadata API requires is spelled out. */
export interface ObjectAccess {
  object: string;
  allowCreate: boolean;
  allowDelete: boolean;
  allowEdit: boolean;
  allowRead: boolean;
  modifyAllRecords: boolean;
  viewAllRecords: boolean;
}

/** One permission set's content, before it becomes XML. */
export interface PermissionSetSpec {
  /** API name: the file name without `.permissionset-meta.xml`. */
  name: string;
  label: string;
  description: string;
  fields: ReadonlyArray<{ field: string; editable: boolean }>;
  objects: readonly ObjectAccess[];
  userPermissions: readonly string[];
}

const readOnly = (object: string): ObjectAccess => ({
  object,
  allowCreate: false,
  allowDelete: false,
  allowEdit: false,
  allowRead: true,
  modifyAllRecords: false,
  // View All: the sync reads every account's records whatever the org's sharing rules.
  viewAllRecords: true,
});

/** `Account.<field>` for every catalogue field, then `Task.<key field>`. */
export function telltaleFieldNames(catalogue: FieldCatalogue): string[] {
  const account = catalogue.fields.map((field) => `${catalogue.salesforce.object}.${field.salesforce.apiName}`);
  return [...account, `${INTERVENTION_KEY_FIELD.usedOn}.${INTERVENTION_KEY_FIELD.apiName}`];
}

/** What the card's users need: to read the fields the card shows (they already read accounts). */
export function userPermissionSet(catalogue: FieldCatalogue): PermissionSetSpec {
  return {
    name: 'Telltale_User',
    label: 'Telltale User',
    description: "Read Telltale's account insights: churn risk, expansion, health forecast, next best action. Assign it to everyone who sees the Telltale account health card.",
    fields: telltaleFieldNames(catalogue).map((field) => ({ field, editable: false })),
    objects: [],
    userPermissions: [],
  };
}

/**
 * What Telltale's integration user needs: API access; read (View All) on the objects the sync reads
 * (Account, Contact, Opportunity, Case; tasks and events come with the account); edit on accounts
 * for the write-back; Edit Tasks to create and update the tasks of interventions. Never create or
 * delete on any object.
 */
export function integrationPermissionSet(catalogue: FieldCatalogue): PermissionSetSpec {
  return {
    name: 'Telltale_Integration',
    label: 'Telltale Integration',
    description: "For the user Telltale connects as: reads accounts, contacts, opportunities, cases and activities, writes Telltale's account fields and creates the tasks of its interventions.",
    fields: telltaleFieldNames(catalogue).map((field) => ({ field, editable: true })),
    objects: [{ ...readOnly(catalogue.salesforce.object), allowEdit: true }, readOnly('Contact'), readOnly('Opportunity'), readOnly('Case')],
    userPermissions: ['ApiEnabled', 'EditTask'],
  };
}

/** The `.permissionset-meta.xml`, with rows sorted the way Salesforce retrieves them. */
export function permissionSetXml(spec: PermissionSetSpec): string {
  // Code-point order: the same bytes on every machine, whatever its locale.
  const byName = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const fields = [...spec.fields].sort(byName((row) => row.field));
  const objects = [...spec.objects].sort(byName((row) => row.object));
  const children: XmlElement[] = [
    leaf('description', spec.description),
    ...fields.map((row) => parent('fieldPermissions', [leaf('editable', row.editable), leaf('field', row.field), leaf('readable', true)])),
    leaf('hasActivationRequired', false),
    leaf('label', spec.label),
    ...objects.map((row) =>
      parent('objectPermissions', [
        leaf('allowCreate', row.allowCreate),
        leaf('allowDelete', row.allowDelete),
        leaf('allowEdit', row.allowEdit),
        leaf('allowRead', row.allowRead),
        leaf('modifyAllRecords', row.modifyAllRecords),
        leaf('object', row.object),
        leaf('viewAllRecords', row.viewAllRecords),
      ]),
    ),
    ...[...spec.userPermissions].sort().map((name) => parent('userPermissions', [leaf('enabled', true), leaf('name', name)])),
  ];
  return metadataDocument('PermissionSet', children);
}
