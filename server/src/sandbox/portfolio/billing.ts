/**
 * days_past_due as billing syncs it to the CRM: once a week, the days the oldest unpaid invoice is
 * overdue, back to 0 once everything is paid.
 */

export interface LateInvoice {
  dueDay: number;
  paidDay: number;
}

/** The weekly values that differ from the previous week, from the first late invoice on. */
export function daysPastDueHistory(late: readonly LateInvoice[], lastDay: number): Array<{ day: number; value: number }> {
  if (late.length === 0) return [];
  const first = Math.min(...late.map((l) => l.dueDay));
  const last = Math.min(lastDay, Math.max(...late.map((l) => l.paidDay)) + 7);
  const changes: Array<{ day: number; value: number }> = [];
  let previous = 0;
  for (let day = first + 7; day <= last; day += 7) {
    let value = 0;
    for (const l of late) if (day > l.dueDay && day < l.paidDay) value = Math.max(value, day - l.dueDay);
    if (value !== previous) changes.push({ day, value });
    previous = value;
  }
  return changes;
}
