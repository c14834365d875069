/** The first day (UTC midnight) of every month m with start < m <= end, ascending. */
export function monthlySnapshotDates(start: Date, end: Date): Date[] {
  const dates: Date[] = [];
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  for (;;) {
    const date = new Date(Date.UTC(year, month, 1));
    if (date.getTime() > end.getTime()) return dates;
    if (date.getTime() > start.getTime()) dates.push(date);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
}
