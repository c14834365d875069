/** Milliseconds in a day; every feature window is measured in whole UTC days. */
export const DAY_MS = 86_400_000;

/** The UTC day number (days since 1970-01-01) that contains instant `ms`. */
export const dayNumber = (ms: number): number => Math.floor(ms / DAY_MS);

/** Parses 'YYYY-MM-DD' as the UTC midnight that starts that day. */
export function parseDay(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

/**
 * Parses a stored field value that holds a date: 'YYYY-MM-DD', an ISO-8601 datetime, or epoch
 * milliseconds (HubSpot writes date properties all three ways). NaN when unparseable.
 */
export function parseDateValue(value: string | null | undefined): number {
  if (value === null || value === undefined || value.trim() === '') return Number.NaN;
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return parseDay(text);
  if (/^\d{11,}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? Number.NaN : ms;
}

/** Parses a stored numeric field value; NaN when missing or unparseable. */
export function parseNumberValue(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  if (value.trim() === '') return Number.NaN;
  const number = Number(value);
  return Number.isFinite(number) ? number : Number.NaN;
}

/** Index of the first element of an ascending array that is >= value. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Median of the values; NaN when empty. Sorts its argument. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

/** Population standard deviation of the finite values; NaN with fewer than two. */
export function standardDeviation(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return Number.NaN;
  const mean = finite.reduce((sum, v) => sum + v, 0) / finite.length;
  const variance = finite.reduce((sum, v) => sum + (v - mean) ** 2, 0) / finite.length;
  return Math.sqrt(variance);
}

/**
 * Relative change from `previous` to `current` ((current - previous) / previous). 0 when both are 0;
 * NaN when previous is 0 and current is not (the change is unbounded) or either is missing.
 */
export function relativeChange(current: number, previous: number): number {
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return Number.NaN;
  if (previous === 0) return current === 0 ? 0 : Number.NaN;
  return (current - previous) / previous;
}

/** a / b, NaN when b is 0 or either is missing. */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return a / b;
}

export const clamp = (value: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, value));
