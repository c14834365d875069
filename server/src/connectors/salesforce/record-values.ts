/**
 * Salesforce's REST JSON carries typed values (numbers, booleans, strings, null; dates as
 * "YYYY-MM-DD", datetimes as "2025-03-01T12:34:56.000+0000"). The store mapping reuses the HubSpot
 * value parsers, which read text, so values are first turned into that text.
 */

/** A record as a query returns it: field API name → value (plus `attributes`). */
export type SalesforceRecord = Readonly<Record<string, unknown>>;

/** The value as text: strings as they are, numbers and booleans printed, anything else null. */
export function raw(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return null;
}

/** The text of a field, or null when the field is unmapped (null name) or empty. */
export const fieldText = (record: SalesforceRecord, name: string | null): string | null => (name ? raw(record[name]) : null);

/** The record's Salesforce id (every queried record has one). */
export function recordId(record: SalesforceRecord): string {
  const id = record.Id;
  if (typeof id !== 'string' || id === '') throw new TypeError('a Salesforce record without an Id');
  return id;
}
