import type { NumberDisplayHint, PropertyDefinition, PropertyOption } from './portal-data.js';
import { validationError } from './errors.js';

const TYPES: readonly PropertyDefinition['type'][] = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number'];
const FIELD_TYPES: readonly PropertyDefinition['fieldType'][] = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'booleancheckbox',
  'calculation_equation',
  'phonenumber',
];

function record(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw validationError('Invalid input JSON: expected an object');
  return raw as Record<string, unknown>;
}

function parseOptions(raw: unknown): PropertyOption[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: options must be an array');
  return raw.map((o: unknown, i) => {
    const option = record(o);
    if (typeof option.label !== 'string' || typeof option.value !== 'string') throw validationError('Invalid input JSON: every option needs label and value');
    return { label: option.label, value: option.value, displayOrder: typeof option.displayOrder === 'number' ? option.displayOrder : i, hidden: option.hidden === true };
  });
}

function checkKinds(type: unknown, fieldType: unknown): { type: PropertyDefinition['type']; fieldType: PropertyDefinition['fieldType'] } {
  if (!TYPES.includes(type as PropertyDefinition['type'])) throw validationError(`Invalid property type: ${String(type)}`, { context: { type: [String(type)] } });
  if (!FIELD_TYPES.includes(fieldType as PropertyDefinition['fieldType'])) {
    throw validationError(`Invalid fieldType: ${String(fieldType)}`, { context: { fieldType: [String(fieldType)] } });
  }
  return { type: type as PropertyDefinition['type'], fieldType: fieldType as PropertyDefinition['fieldType'] };
}

const NUMBER_DISPLAY_HINTS: readonly NumberDisplayHint[] = ['currency', 'duration', 'formatted', 'percentage', 'probability', 'unformatted'];

/** The display hints a create or update body sets (only those it names). */
function displayHints(body: Record<string, unknown>): Pick<PropertyDefinition, 'numberDisplayHint' | 'showCurrencySymbol'> {
  const hints: Pick<PropertyDefinition, 'numberDisplayHint' | 'showCurrencySymbol'> = {};
  if (body.numberDisplayHint !== undefined) {
    if (!NUMBER_DISPLAY_HINTS.includes(body.numberDisplayHint as NumberDisplayHint)) {
      throw validationError(`Invalid numberDisplayHint: ${String(body.numberDisplayHint)}`, { context: { numberDisplayHint: [String(body.numberDisplayHint)] } });
    }
    hints.numberDisplayHint = body.numberDisplayHint as NumberDisplayHint;
  }
  if (typeof body.showCurrencySymbol === 'boolean') hints.showCurrencySymbol = body.showCurrencySymbol;
  return hints;
}

/** Reads a PropertyCreate body into a full custom property definition. */
export function parsePropertyCreate(raw: unknown, now: string): PropertyDefinition {
  const body = record(raw);
  for (const field of ['name', 'label', 'groupName'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') throw validationError(`Invalid input JSON: ${field} is required`, { context: { [field]: [] } });
  }
  const kinds = checkKinds(body.type, body.fieldType);
  const name = String(body.name);
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw validationError(`Property name ${name} must be lower case letters, digits and underscores.`, { context: { name: [name] } });
  return {
    name,
    label: String(body.label),
    ...kinds,
    groupName: String(body.groupName),
    description: typeof body.description === 'string' ? body.description : '',
    options: parseOptions(body.options),
    displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1,
    hasUniqueValue: body.hasUniqueValue === true,
    hidden: body.hidden === true,
    formField: body.formField === true,
    calculated: false,
    externalOptions: body.externalOptions === true,
    hubspotDefined: false,
    ...displayHints(body),
    createdAt: now,
    updatedAt: now,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    archived: false,
  };
}

/** Applies a PropertyUpdate body (every field optional) to a definition. */
export function parsePropertyUpdate(current: PropertyDefinition, raw: unknown, now: string): PropertyDefinition {
  const body = record(raw);
  const kinds = checkKinds(body.type ?? current.type, body.fieldType ?? current.fieldType);
  return {
    ...current,
    ...kinds,
    ...(typeof body.label === 'string' ? { label: body.label } : {}),
    ...(typeof body.groupName === 'string' ? { groupName: body.groupName } : {}),
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    ...(body.options !== undefined ? { options: parseOptions(body.options) } : {}),
    ...(typeof body.displayOrder === 'number' ? { displayOrder: body.displayOrder } : {}),
    ...(typeof body.hidden === 'boolean' ? { hidden: body.hidden } : {}),
    ...(typeof body.formField === 'boolean' ? { formField: body.formField } : {}),
    ...displayHints(body),
    updatedAt: now,
  };
}
