import type { HubSpotObjectType, SandboxRecord } from './portal-data.js';
import type { PortalStore } from './portal-store.js';
import { validationError } from './errors.js';
import { compileFilter, rangeOn, type RecordPredicate, type SearchFilter } from './search-filters.js';
import { DEFAULT_PROPERTIES } from './system-properties.js';

/** HubSpot's documented search limits. */
export const SEARCH_LIMITS = {
  maxFilterGroups: 5,
  maxFiltersPerGroup: 10,
  maxFilters: 25,
  maxPageSize: 200,
  defaultPageSize: 10,
  /** No query can page past this many results: a page reaching beyond it is answered 400. */
  maxResults: 10_000,
} as const;

export interface SearchSort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

/** A validated search: filter groups are OR-ed, filters inside a group AND-ed. */
export interface SearchRequest {
  filterGroups: SearchFilter[][];
  sort: SearchSort | null;
  query?: string;
  /** Zero-based offset (HubSpot's `after` cursor of search is an offset). */
  offset: number;
  limit: number;
}

export interface SearchPage {
  total: number;
  ids: string[];
  /** Offset of the next page, or null when this page is the last. */
  nextOffset: number | null;
}

function compileQuery(store: PortalStore, type: HubSpotObjectType, query: string | undefined): RecordPredicate | null {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  const searched = DEFAULT_PROPERTIES[type].filter((p) => p !== 'hs_object_id');
  return (record) => {
    const text = searched.map((p) => store.value(type, record, p) ?? '').join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  };
}

/** Checks HubSpot's limits on a request before it runs (400 VALIDATION_ERROR as HubSpot answers). */
export function checkSearchLimits(request: SearchRequest): void {
  const { filterGroups, offset, limit } = request;
  const total = filterGroups.reduce((n, g) => n + g.length, 0);
  if (filterGroups.length > SEARCH_LIMITS.maxFilterGroups || filterGroups.some((g) => g.length > SEARCH_LIMITS.maxFiltersPerGroup) || total > SEARCH_LIMITS.maxFilters) {
    throw validationError(
      `There was a problem with the request. Up to ${SEARCH_LIMITS.maxFilterGroups} filter groups with up to ${SEARCH_LIMITS.maxFiltersPerGroup} filters each and ${SEARCH_LIMITS.maxFilters} filters in total are allowed.`,
      { context: { filterGroups: [String(filterGroups.length)], filters: [String(total)] } },
    );
  }
  if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_LIMITS.maxPageSize) {
    throw validationError(`limit must be between 0 and ${SEARCH_LIMITS.maxPageSize}, got ${limit}`, { context: { limit: [String(limit)] } });
  }
  if (offset + limit > SEARCH_LIMITS.maxResults) {
    throw validationError(
      `There was a problem with the request. The search cannot page past ${SEARCH_LIMITS.maxResults} results (after=${offset}, limit=${limit}).`,
      { context: { after: [String(offset)], limit: [String(limit)] } },
    );
  }
}

/** Positions to visit, in result order: an index slice (narrowed by range filters) or id order. */
function candidateIds(store: PortalStore, type: HubSpotObjectType, request: SearchRequest): Iterable<string> {
  const { sort } = request;
  if (!sort) return store.idOrder(type);
  const index = store.index(type, sort.propertyName);
  const single = request.filterGroups.length === 1 ? request.filterGroups[0] : undefined;
  const range = single ? rangeOn(store, type, single, sort.propertyName) : { lower: null, upper: null };
  const [from, to] = index.keyRange(range.lower, range.upper);
  const narrowed = range.lower !== null || range.upper !== null;
  const nullsFrom = index.keyRange(null, null)[1];
  return (function* () {
    if (sort.direction === 'ASCENDING') {
      for (let i = from; i < to; i++) yield index.at(i)?.id ?? '';
    } else {
      for (let i = to - 1; i >= from; i--) yield index.at(i)?.id ?? '';
    }
    // Records without the sort property come last in either direction.
    if (!narrowed) for (let i = nullsFrom; i < index.size; i++) yield index.at(i)?.id ?? '';
  })();
}

/** Runs a search over the live records of a type. Counts every match for `total`, keeps one page. */
export function executeSearch(store: PortalStore, type: HubSpotObjectType, request: SearchRequest): SearchPage {
  checkSearchLimits(request);
  if (request.sort && !store.catalog.get(type, request.sort.propertyName)) {
    throw validationError(`There was a problem with the request. Cannot sort by unknown property ${request.sort.propertyName}.`, {
      context: { propertyName: [request.sort.propertyName] },
    });
  }
  const groups = request.filterGroups.map((g) => g.map((f) => compileFilter(store, type, f)));
  const query = compileQuery(store, type, request.query);
  const matches = (record: SandboxRecord): boolean =>
    !record.archived && (query === null || query(record)) && (groups.length === 0 || groups.some((g) => g.every((p) => p(record))));

  let total = 0;
  const ids: string[] = [];
  for (const id of candidateIds(store, type, request)) {
    const record = store.rawRecord(type, id);
    if (!record || !matches(record)) continue;
    if (total >= request.offset && ids.length < request.limit) ids.push(id);
    total++;
  }
  const end = request.offset + request.limit;
  return { total, ids, nextOffset: end < total ? end : null };
}
