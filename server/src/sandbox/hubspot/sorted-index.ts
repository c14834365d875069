import { compareComparable, type ComparableValue } from './property-values.js';

/** One record's position in an index: its property value (null sorts last) and its id as tiebreak. */
export interface IndexEntry {
  key: ComparableValue | null;
  id: string;
}

/** Record ids compare numerically (HubSpot ids are numeric strings). */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  if (a.key === null || b.key === null) {
    if (a.key !== b.key) return a.key === null ? 1 : -1;
  } else {
    const byKey = compareComparable(a.key, b.key);
    if (byKey !== 0) return byKey;
  }
  return compareIds(a.id, b.id);
}

/**
 * Records of one type ordered by one property, kept sorted on every write (binary search + splice)
 * so searches sorted or range-filtered on that property never sort the whole type.
 */
export class SortedIndex {
  private readonly entries: IndexEntry[];

  constructor(entries: IndexEntry[]) {
    this.entries = [...entries].sort(compareEntries);
  }

  get size(): number {
    return this.entries.length;
  }

  at(position: number): IndexEntry | undefined {
    return this.entries[position];
  }

  /** The first position whose entry is not before `probe`. */
  lowerBound(probe: (entry: IndexEntry) => boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const entry = this.entries[mid];
      if (entry !== undefined && probe(entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(entry: IndexEntry): void {
    const position = this.lowerBound((e) => compareEntries(e, entry) < 0);
    this.entries.splice(position, 0, entry);
  }

  remove(entry: IndexEntry): void {
    const position = this.lowerBound((e) => compareEntries(e, entry) < 0);
    const found = this.entries[position];
    if (found !== undefined && found.id === entry.id) this.entries.splice(position, 1);
  }

  /** Positions [from, to) of entries whose non-null key lies within the bounds. */
  keyRange(lower: { value: ComparableValue; inclusive: boolean } | null, upper: { value: ComparableValue; inclusive: boolean } | null): [number, number] {
    const from =
      lower === null
        ? 0
        : this.lowerBound((e) => e.key !== null && (lower.inclusive ? compareComparable(e.key, lower.value) < 0 : compareComparable(e.key, lower.value) <= 0));
    const firstNull = this.lowerBound((e) => e.key !== null);
    const to =
      upper === null
        ? firstNull
        : this.lowerBound((e) => e.key !== null && (upper.inclusive ? compareComparable(e.key, upper.value) <= 0 : compareComparable(e.key, upper.value) < 0));
    return [from, Math.max(from, Math.min(to, firstNull))];
  }
}
