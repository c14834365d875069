import type { HubSpotObjectType } from './portal-data.js';
import type { PortalStore } from './portal-store.js';
import { validationError, type HubSpotApiError } from './errors.js';
import { normalizeWrittenValue, type InvalidPropertyValue } from './property-values.js';
import { isReadOnlyProperty } from './system-properties.js';

/** HubSpot's answer when any written property is unknown, read-only or of the wrong form. */
function invalidProperties(problems: InvalidPropertyValue[]): HubSpotApiError {
  const details = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message }));
  return validationError(`Property values were not valid: ${JSON.stringify(details)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  });
}

/** Reads a `properties` object of a write body; 400 when it is not a string map. */
export function propertiesOf(value: unknown): Record<string, string | null> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validationError('Invalid input JSON: properties must be an object');
  const out: Record<string, string | null> = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    out[name] = v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

/** Validates and normalizes every property of a write, throwing HubSpot's VALIDATION_ERROR for the lot. */
export function validateWrite(store: PortalStore, type: HubSpotObjectType, props: Record<string, string | null>): Record<string, string | null> {
  const problems: InvalidPropertyValue[] = [];
  const normalized: Record<string, string | null> = {};
  for (const [name, raw] of Object.entries(props)) {
    const def = store.catalog.get(type, name);
    if (!def) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (isReadOnlyProperty(type, name) || def.modificationMetadata.readOnlyValue) {
      problems.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` });
      continue;
    }
    const result = normalizeWrittenValue(def, raw);
    if ('error' in result) problems.push(result);
    else normalized[name] = result.value;
  }
  if (problems.length > 0) throw invalidProperties(problems);
  return normalized;
}
