import type { CatalogueField, FieldCatalogue } from '../../actions/fields-catalogue.js';
import type { HubSpotPropertyDefinition, HubSpotPropertyOption, PropertyDefinitionInput, PropertyDefinitionPatch } from './property-definitions.js';

/** The HubSpot property definition of a catalogue field (the PropertyCreate body the install sends). */
export function hubspotPropertyDefinition(catalogue: FieldCatalogue, field: CatalogueField): PropertyDefinitionInput {
  const definition: PropertyDefinitionInput = {
    name: field.hubspot.name,
    label: field.label,
    description: field.description,
    groupName: catalogue.hubspot.group.name,
    type: field.hubspot.type,
    fieldType: field.hubspot.fieldType,
    // Catalogue order, so the group shows the fields as the catalogue lists them.
    displayOrder: catalogue.fields.indexOf(field) + 1,
    formField: false,
    hidden: false,
  };
  if (field.type === 'enumeration') definition.options = catalogueOptions(field);
  if ((field.type === 'number' || field.type === 'currency') && field.hubspot.numberDisplayHint) definition.numberDisplayHint = field.hubspot.numberDisplayHint;
  if (field.type === 'currency') definition.showCurrencySymbol = field.hubspot.showCurrencySymbol;
  return definition;
}

/** Every catalogue field's HubSpot property definition, in catalogue order. */
export function hubspotPropertyDefinitions(catalogue: FieldCatalogue): PropertyDefinitionInput[] {
  return catalogue.fields.map((field) => hubspotPropertyDefinition(catalogue, field));
}

function catalogueOptions(field: Extract<CatalogueField, { type: 'enumeration' }>): NonNullable<PropertyDefinitionInput['options']> {
  return field.options.map((option, displayOrder) => ({ label: option.label, value: option.value, displayOrder, hidden: false }));
}

/** How a portal's definition of a catalogue property differs from the catalogue. */
export type PropertyDrift =
  | { kind: 'same' }
  | { kind: 'drifted'; patch: PropertyDefinitionPatch; what: string[] }
  /** A difference the install will not repair: it could change or lose the values records hold. */
  | { kind: 'conflict'; reason: string };

/**
 * Compares a portal's definition with the catalogue. Label, description, field type (within the
 * same data type), the catalogue's options (value, label, order, shown) and number display hints
 * are repaired; options the portal has beyond the catalogue's are kept, after them, so values
 * records hold stay valid. The group, display order and visibility are the portal's to arrange.
 */
export function propertyDrift(catalogue: FieldCatalogue, field: CatalogueField, portal: HubSpotPropertyDefinition): PropertyDrift {
  const wanted = hubspotPropertyDefinition(catalogue, field);
  if (portal.hubspotDefined === true || portal.modificationMetadata?.readOnlyDefinition === true) {
    return { kind: 'conflict', reason: `${portal.name} is a read-only HubSpot property, not Telltale's` };
  }
  if (portal.type !== wanted.type) {
    return { kind: 'conflict', reason: `${portal.name} has type ${portal.type}; the catalogue needs ${wanted.type} (changing it could lose the values records hold)` };
  }
  const patch: PropertyDefinitionPatch = {};
  if (portal.label !== wanted.label) patch.label = wanted.label;
  if ((portal.description ?? '') !== wanted.description) patch.description = wanted.description;
  if (portal.fieldType !== wanted.fieldType) patch.fieldType = wanted.fieldType;
  if (wanted.options && !optionsMatch(wanted.options, portal.options)) patch.options = mergedOptions(wanted.options, portal.options);
  if (wanted.numberDisplayHint !== undefined && portal.numberDisplayHint !== wanted.numberDisplayHint) patch.numberDisplayHint = wanted.numberDisplayHint;
  if (wanted.showCurrencySymbol !== undefined && portal.showCurrencySymbol !== wanted.showCurrencySymbol) patch.showCurrencySymbol = wanted.showCurrencySymbol;
  const what = Object.keys(patch);
  return what.length === 0 ? { kind: 'same' } : { kind: 'drifted', patch, what };
}

function optionsMatch(wanted: NonNullable<PropertyDefinitionInput['options']>, portal: readonly HubSpotPropertyOption[]): boolean {
  return wanted.every((option) => {
    const found = portal.find((candidate) => candidate.value === option.value);
    return found !== undefined && found.label === option.label && found.displayOrder === option.displayOrder && found.hidden !== true;
  });
}

/** The catalogue's options in order, then the portal's other options unchanged but placed after them. */
function mergedOptions(wanted: NonNullable<PropertyDefinitionInput['options']>, portal: readonly HubSpotPropertyOption[]): NonNullable<PropertyDefinitionInput['options']> {
  const ours = new Set(wanted.map((option) => option.value));
  const extras = portal
    .filter((option) => !ours.has(option.value))
    .map((option, index) => ({ label: option.label, value: option.value, displayOrder: wanted.length + index, hidden: option.hidden ?? false }));
  return [...wanted, ...extras];
}
