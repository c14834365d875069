/**
 * Calendar arithmetic on whole UTC days (days since 1970-01-01), and local business time in the
 * handful of time zones the synthetic customers sit in.
 */

export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' to a day number; throws RangeError on anything else. */
export function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`expected a date as YYYY-MM-DD, got "${text}"`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = ms / DAY_MS;
  if (formatDay(day) !== text) throw new RangeError(`not a calendar date: "${text}"`);
  return day;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** Same day of month, `months` later (clamped to the month's last day). */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)) / DAY_MS;
}

export function monthOf(day: number): number {
  return new Date(day * DAY_MS).getUTCMonth();
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/** A customer's home time zone: standard UTC offset in hours and whether it observes northern/southern summer time. */
export interface TimeZone {
  name: string;
  offsetHours: number;
  summerTime: 'north' | 'south' | 'none';
}

export const TIME_ZONES: readonly TimeZone[] = [
  { name: 'America/New_York', offsetHours: -5, summerTime: 'north' },
  { name: 'America/Chicago', offsetHours: -6, summerTime: 'north' },
  { name: 'America/Denver', offsetHours: -7, summerTime: 'north' },
  { name: 'America/Los_Angeles', offsetHours: -8, summerTime: 'north' },
  { name: 'Europe/London', offsetHours: 0, summerTime: 'north' },
  { name: 'Europe/Berlin', offsetHours: 1, summerTime: 'north' },
  { name: 'Asia/Singapore', offsetHours: 8, summerTime: 'none' },
  { name: 'Australia/Sydney', offsetHours: 10, summerTime: 'south' },
];

/** UTC instant (ms) of a local wall-clock time. Summer time is approximated as April to October. */
export function localTimeToUtc(day: number, hour: number, minute: number, zone: TimeZone): number {
  const month = monthOf(day);
  const northSummer = month >= 3 && month <= 9;
  const summer = zone.summerTime === 'north' ? northSummer : zone.summerTime === 'south' ? !northSummer : false;
  const offset = zone.offsetHours + (summer ? 1 : 0);
  return day * DAY_MS + (hour - offset) * 3_600_000 + minute * 60_000;
}
