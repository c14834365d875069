/** How the cards write dates: calendar days as they are, moments in the portal's time zone. */

/** "2026-03-14" → "Mar 14, 2026" (a calendar day has no time zone). */
export function formatDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-').map(Number);
  if (!year || !month || !day) return isoDay;
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** An ISO timestamp in the portal's time zone: "Mar 14, 2026, 2:05 PM". */
export function formatMoment(isoTimestamp: string, timeZone: string): string {
  const moment = new Date(isoTimestamp);
  if (Number.isNaN(moment.getTime())) return isoTimestamp;
  try {
    return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(moment);
  } catch {
    return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(moment) + ' UTC';
  }
}

/** "2026-03-14" → milliseconds since the epoch at UTC midnight (the charts' datetime axis). */
export function dayToTimestamp(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`);
}
