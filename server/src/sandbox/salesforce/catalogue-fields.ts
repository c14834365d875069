/**
 * The Telltale fields on Account, read from manifests/fields.json (their `salesforce` definitions),
 * as the org would have them once the package is installed: null until Telltale writes them.
 */
import { loadFieldCatalogue, type CatalogueField, type FieldCatalogue } from '../../actions/fields-catalogue.js';
import { field, picklist, type FieldDefinition } from './object-schema.js';

function catalogueField(entry: CatalogueField): FieldDefinition {
  const sf = entry.salesforce;
  switch (sf.type) {
    case 'Number':
      return field(sf.apiName, entry.label, 'double', { precision: sf.precision, scale: sf.scale });
    case 'Currency':
      return field(sf.apiName, entry.label, 'currency', { precision: sf.precision, scale: sf.scale });
    case 'Picklist':
      // Values are the manifest's option values; the package restricts the picklist to them.
      return picklist(sf.apiName, entry.label, entry.type === 'enumeration' ? entry.options : [], { restrictedPicklist: true });
    case 'Text':
      return field(sf.apiName, entry.label, 'string', { length: sf.length });
    case 'LongTextArea':
      return field(sf.apiName, entry.label, 'textarea', { length: sf.length });
    case 'DateTime':
      return field(sf.apiName, entry.label, 'datetime');
  }
}

/** Account field definitions for every catalogue field. */
export function catalogueAccountFields(catalogue: FieldCatalogue = loadFieldCatalogue()): FieldDefinition[] {
  return catalogue.fields.map(catalogueField);
}
