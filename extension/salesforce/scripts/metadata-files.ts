import type { FieldCatalogue } from '../../../server/src/actions/fields-catalogue.js';
import { catalogueFieldXml, INTERVENTION_KEY_FIELD, interventionKeyFieldXml } from './custom-fields.js';
import { integrationPermissionSet, permissionSetXml, userPermissionSet } from './permission-sets.js';

/** The source folder the generated files live in, relative to the SFDX project (extension/salesforce). */
export const SOURCE_DIR = 'force-app/main/default';

/**
 * Every file the generator owns, by path relative to the SFDX project, with its exact content.
 * Anything else in the project (the card, hand-written metadata) is left alone.
 */
export function generatedMetadata(catalogue: FieldCatalogue): Map<string, string> {
  const files = new Map<string, string>();
  for (const field of catalogue.fields) {
    files.set(fieldPath(catalogue.salesforce.object, field.salesforce.apiName), catalogueFieldXml(field));
  }
  files.set(fieldPath(INTERVENTION_KEY_FIELD.definedOn, INTERVENTION_KEY_FIELD.apiName), interventionKeyFieldXml());
  for (const spec of [userPermissionSet(catalogue), integrationPermissionSet(catalogue)]) {
    files.set(`${SOURCE_DIR}/permissionsets/${spec.name}.permissionset-meta.xml`, permissionSetXml(spec));
  }
  return files;
}

function fieldPath(object: string, apiName: string): string {
  return `${SOURCE_DIR}/objects/${object}/fields/${apiName}.field-meta.xml`;
}

/**
 * Whether a path (relative to the project) is in the generator's territory: Telltale fields on any
 * object and Telltale permission sets. Such a file that the catalogue no longer produces is stale.
 */
export function isGeneratorOwned(path: string): boolean {
  const field = new RegExp(`^${SOURCE_DIR}/objects/[A-Za-z0-9_]+/fields/Telltale_[A-Za-z0-9_]+__c\\.field-meta\\.xml$`);
  const permissionSet = new RegExp(`^${SOURCE_DIR}/permissionsets/Telltale_[A-Za-z0-9_]+\\.permissionset-meta\\.xml$`);
  return field.test(path) || permissionSet.test(path);
}
