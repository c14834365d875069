/**
 * HubSpot's wire formats for property values: every value is a string or null; empty strings mean
 * "no value"; numbers are decimal strings; booleans "true"/"false"; date properties "YYYY-MM-DD" or
 * epoch milliseconds at midnight UTC; datetimes ISO-8601 or epoch milliseconds.
 */

export type RawValue = string | null | undefined;

/** The trimmed value, or null for missing and empty values. */
export function text(value: RawValue): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function number(value: RawValue): number | null {
  const raw = text(value);
  if (raw === null) return null;
  const parsed = Number(raw.replace(/,/g, ''));
  return Number.isFinite(parsed) ? parsed : null;
}

export function integer(value: RawValue): number | null {
  const parsed = number(value);
  return parsed === null ? null : Math.round(parsed);
}

/** "true"/"false" (any case), "yes"/"no", "1"/"0"; anything else is null. */
export function boolean(value: RawValue): boolean | null {
  const raw = text(value)?.toLowerCase();
  if (raw === undefined || raw === null) return null;
  if (raw === 'true' || raw === 'yes' || raw === '1') return true;
  if (raw === 'false' || raw === 'no' || raw === '0') return false;
  return null;
}

/** An instant from an ISO-8601 string or epoch milliseconds; null when unparseable. */
export function dateTime(value: RawValue | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const raw = text(value);
  if (raw === null) return null;
  const parsed = /^-?\d+$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** A calendar date 'YYYY-MM-DD' from a date, an ISO datetime or epoch milliseconds (UTC). */
export function date(value: RawValue): string | null {
  const raw = text(value);
  if (raw === null) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
  return dateTime(raw)?.toISOString().slice(0, 10) ?? null;
}

/** The values of a multi-select property ("a;b;c"). */
export function multiSelect(value: RawValue): string[] {
  const raw = text(value);
  if (raw === null) return [];
  return raw
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Lower-cased domain without scheme, path, port or a leading "www.". */
export function normaliseDomain(value: RawValue): string | null {
  const raw = text(value)?.toLowerCase();
  if (!raw) return null;
  const host = raw.replace(/^[a-z]+:\/\//, '').split(/[/?#:]/)[0] ?? '';
  const bare = host.replace(/^www\./, '').replace(/\.$/, '');
  return bare === '' ? null : bare;
}

/** The first address of an address list ("a@x.com; b@y.com" or "Name <a@x.com>"), lower-cased. */
export function firstEmail(value: RawValue): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const match = /[^\s<>;,"]+@[^\s<>;,"]+/.exec(raw);
  return match ? match[0].toLowerCase() : null;
}
