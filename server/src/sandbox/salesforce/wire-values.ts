/**
 * Salesforce's JSON formats for dates and datetimes. Datetimes are stored as
 * "2025-03-01T12:34:56.000+0000" (UTC): one fixed width, so they compare as strings.
 */

/** An instant (epoch ms) in Salesforce's datetime format. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** The UTC day ("YYYY-MM-DD") of an instant. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Epoch ms of an ISO-8601 datetime as Salesforce accepts it in JSON and SOQL: seconds required,
 * optional fraction, and `Z`, `+hh:mm` or `+hhmm`; undefined for anything else or an impossible date.
 */
export function parseDateTime(text: string): number | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const ms = Math.round(Number(`0${fraction ?? ''}`) * 1000);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (!zone || zone === 'Z') return utc;
  const digits = zone.replace(':', '');
  const offsetMinutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return utc - (digits.startsWith('-') ? -1 : 1) * offsetMinutes * 60_000;
}

/** Whether `text` is a real calendar date "YYYY-MM-DD". */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return day.toISOString().slice(0, 10) === text;
}
