import type { CatalogueField, EnumerationField } from '../../../server/src/actions/fields-catalogue.js';
import { leaf, metadataDocument, parent, type XmlElement } from './metadata-xml.js';

/**
 * CustomField source files (`<Field>.field-meta.xml`) for the field catalogue's Account fields and
 * for the key Telltale stores on the tasks it creates.
 */

/**
 * The Task field that holds the intervention id of a task Telltale created, so a create whose outcome
 * was unknown can be looked up instead of sent twice. Task and Event custom fields are defined on the
 * Activity object; profiles and permission sets grant them per object (`Task.<field>`).
 */
export const INTERVENTION_KEY_FIELD = {
  apiName: 'Telltale_Intervention_Key__c',
  /** Where the Metadata API keeps the definition. */
  definedOn: 'Activity',
  /** The object Telltale writes it on, as permission sets name it. */
  usedOn: 'Task',
  label: 'Telltale intervention key',
  length: 64,
  description:
    'The Telltale intervention this task was created for. Telltale looks tasks up by it so a retried create never makes a second task.',
  helpText: 'Set by Telltale on the tasks it creates; leave it unchanged so Telltale can find the task again.',
} as const;

/** The description Salesforce admins see in Setup: the catalogue's text and who maintains the value. */
export function setupDescription(field: CatalogueField): string {
  return `${field.description} Maintained by Telltale (field key ${field.key}); changes made by hand are replaced when Telltale's value changes.`;
}

/** The `.field-meta.xml` of one catalogue field on Account. */
export function catalogueFieldXml(field: CatalogueField): string {
  const head = [leaf('fullName', field.salesforce.apiName), leaf('description', setupDescription(field)), leaf('externalId', false)];
  const help = leaf('inlineHelpText', field.description);
  const label = leaf('label', field.label);
  return metadataDocument('CustomField', [...head, help, label, ...typeElements(field)]);
}

/**
 * The elements after `label`, in the Metadata API's order (length, precision, required, scale,
 * trackHistory, type, unique, valueSet, visibleLines). Field history stays off: Account tracks at
 * most 20 fields, and Telltale keeps every prediction's history itself.
 */
function typeElements(field: CatalogueField): XmlElement[] {
  const tail = (type: string) => [leaf('trackHistory', false), leaf('type', type)];
  switch (field.type) {
    case 'number':
    case 'currency': {
      const { precision, scale, type } = field.salesforce;
      return [leaf('precision', precision), leaf('required', false), leaf('scale', scale), ...tail(type)];
    }
    case 'string': {
      const sf = field.salesforce;
      if (sf.type === 'Text') return [leaf('length', sf.length), leaf('required', false), ...tail('Text'), leaf('unique', false)];
      // A long text area has no `required` attribute.
      return [leaf('length', sf.length), ...tail('LongTextArea'), leaf('visibleLines', sf.visibleLines)];
    }
    case 'datetime':
      return [leaf('required', false), ...tail('DateTime')];
    case 'enumeration':
      return [leaf('required', false), ...tail('Picklist'), picklistValues(field)];
  }
}

/**
 * A restricted picklist: the API refuses any value outside the catalogue's options, so a write-back
 * bug fails loudly instead of creating a new value. API names are the option values Telltale writes.
 */
function picklistValues(field: EnumerationField): XmlElement {
  const values = field.options.map((option) =>
    parent('value', [leaf('fullName', option.value), leaf('default', false), leaf('label', option.label)]),
  );
  return parent('valueSet', [leaf('restricted', true), parent('valueSetDefinition', [leaf('sorted', false), ...values])]);
}

/**
 * The `.field-meta.xml` of the intervention key on Activity: Text(64), an External ID so Salesforce
 * indexes it for the connector's `WHERE Telltale_Intervention_Key__c IN (...)` look-ups. Not marked
 * unique: the connector looks a key up before it creates a task, which is what prevents duplicates.
 */
export function interventionKeyFieldXml(): string {
  const key = INTERVENTION_KEY_FIELD;
  return metadataDocument('CustomField', [
    leaf('fullName', key.apiName),
    leaf('description', key.description),
    leaf('externalId', true),
    leaf('inlineHelpText', key.helpText),
    leaf('label', key.label),
    leaf('length', key.length),
    leaf('required', false),
    leaf('type', 'Text'),
    leaf('unique', false),
  ]);
}
