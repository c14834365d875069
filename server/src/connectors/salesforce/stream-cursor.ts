import { dateTime } from '../hubspot/values.js';
import { raw, type SalesforceRecord } from './record-values.js';

/** When a record last changed, by the stream's cursor field; the epoch when it lacks one. */
export function changedAt(record: SalesforceRecord, cursorField: string): number {
  return dateTime(raw(record[cursorField]))?.getTime() ?? 0;
}

/**
 * The cursor that is safe to store once a page is written: every record changed at or before it
 * has been read. Pages come in (timestamp, id) order, so on a page that is not the last, records
 * sharing the page's last timestamp may continue on the next page: the cursor stops at the newest
 * timestamp strictly older than that one. After the last page it is the newest timestamp read. It
 * never moves backwards (null while nothing is covered).
 */
export function cursorAfterPage(times: readonly number[], last: boolean, previous: string | null): string | null {
  if (times.length === 0) return previous;
  const lastTime = times[times.length - 1] as number;
  const covered = last ? times : times.filter((time) => time < lastTime);
  if (covered.length === 0) return previous;
  const newest = Math.max(...covered);
  return previous === null || newest > Date.parse(previous) ? new Date(newest).toISOString() : previous;
}
