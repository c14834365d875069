import { canonicalCrmValue } from '../../actions/field-values.js';
import type { CatalogueField, FieldCatalogue } from '../../actions/fields-catalogue.js';
import type { AccountFieldWrite } from '../../actions/plan-field-writes.js';

/** A catalogue value as a Salesforce field takes it in JSON: Number/Currency as numbers, the rest as text, null clearing. */
export type SalesforceFieldValue = number | string | null;

/** Field values of one record to write, by API name; null clears a field. */
export type RecordFields = Record<string, SalesforceFieldValue>;

/** Salesforce's form of one account's planned writes: the catalogue's API names and value formats. */
export function accountFields(catalogue: FieldCatalogue, account: AccountFieldWrite): RecordFields {
  const fields: RecordFields = {};
  for (const [key, value] of account.fields) {
    const field = catalogue.byKey.get(key);
    if (!field) throw new Error(`write of unknown catalogue field ${key}`);
    fields[field.salesforce.apiName] = salesforceValue(field, value);
  }
  return fields;
}

/**
 * The Salesforce form of a canonical catalogue value (`actions/field-values.ts`): Number and
 * Currency as JSON numbers, a Picklist as its API value (the catalogue's option value), Text and
 * LongTextArea cut to the length the catalogue gives the Salesforce field, DateTime in Salesforce's
 * own format ("2025-07-01T08:00:00.000+0000"), and null to clear the field.
 */
export function salesforceValue(field: CatalogueField, canonical: string | null): SalesforceFieldValue {
  if (canonical === null) return null;
  switch (field.type) {
    case 'number':
    case 'currency':
      return Number(canonical);
    case 'enumeration':
      return canonical;
    case 'string':
      return truncate(canonical, field.salesforce.length);
    case 'datetime':
      return salesforceDateTime(new Date(canonical));
  }
}

/**
 * A value a SOQL query returned, in canonical text, so it compares with what was written: numbers at
 * the field's scale, datetimes as ISO-8601 UTC, empty as null. Anything else keeps its text.
 */
export function canonicalSalesforceValue(field: CatalogueField, raw: unknown): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw === 'number') {
    const decimals = field.type === 'number' || field.type === 'currency' ? field.number.decimals : 6;
    // toFixed never uses an exponent below 1e21 (String(1e-7) would), so the canonical parser accepts it.
    return canonicalCrmValue(field, Number.isFinite(raw) ? raw.toFixed(decimals) : String(raw));
  }
  return canonicalCrmValue(field, typeof raw === 'string' ? raw : JSON.stringify(raw));
}

/** Salesforce's DateTime wire format: UTC with milliseconds and a "+0000" offset. */
export function salesforceDateTime(instant: Date): string {
  return instant.toISOString().replace(/Z$/, '+0000');
}

/** At most `length` UTF-16 units (the catalogue's lengths are in them), never splitting a surrogate pair. */
function truncate(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
