import { CrmError, CrmErrorKind } from '../crm-error.js';
import type { HubSpotObject, SearchPage, SearchPageRequest } from './hubspot-api.js';
import { dateTime } from './values.js';

export interface SearchPagesOptions {
  objectType: string;
  properties: string[];
  sortProperty: string;
  /** Read records modified strictly after this instant (ISO); null reads everything. */
  since: string | null;
  pageSize: number;
  /** HubSpot's limit on how far one search query pages (10,000 results). */
  resultCap: number;
}

/** One page read, with the cursor that is safe to store once the page is written. */
export interface CursorPage {
  records: HubSpotObject[];
  /**
   * Every record modified at or before this instant (ISO) has been read by the end of this page,
   * so a search for "modified after cursor" misses nothing. Null while nothing is covered yet.
   */
  cursor: string | null;
  /** HubSpot's total for the current query (an estimate of what is left to read). */
  total: number;
  /** True on the stream's last page. */
  last: boolean;
}

/** The instant a record was last modified, by its sort property (ISO or epoch ms) or its updatedAt. */
export function modifiedAt(record: HubSpotObject, sortProperty: string): Date {
  return dateTime(record.properties[sortProperty]) ?? dateTime(record.updatedAt) ?? new Date(0);
}

/**
 * Pages through a search sorted ascending by last-modified time. Before paging would reach the
 * result cap it re-anchors: a new query from the last seen timestamp (GTE), starting at offset 0;
 * the overlap is harmless because writes are idempotent upserts. The cursor after a page is the
 * newest timestamp that cannot have more records on later pages (records sharing the page's last
 * timestamp may continue on the next page); after the last page it is the newest timestamp read.
 */
export async function* searchPages(search: (request: SearchPageRequest) => Promise<SearchPage>, options: SearchPagesOptions): AsyncGenerator<CursorPage> {
  let filter: SearchPageRequest['filter'] = options.since ? { operator: 'GT', value: String(Date.parse(options.since)) } : undefined;
  let after: string | undefined;
  let readSinceAnchor = 0;
  let anchor: number | undefined;
  let cursor = options.since;

  for (;;) {
    const page = await search({
      objectType: options.objectType,
      properties: options.properties,
      sortProperty: options.sortProperty,
      filter,
      after,
      limit: options.pageSize,
    });
    const records = page.results;
    const times = records.map((record) => modifiedAt(record, options.sortProperty).getTime());
    const newest = times.length > 0 ? Math.max(...times) : undefined;
    if (page.nextAfter === undefined || records.length === 0) {
      if (newest !== undefined && (cursor === null || newest > Date.parse(cursor))) cursor = new Date(newest).toISOString();
      yield { records, cursor, total: page.total, last: true };
      return;
    }
    const lastTime = times[times.length - 1] ?? 0;
    const covered = times.filter((time) => time < lastTime);
    if (covered.length > 0) {
      const safe = Math.max(...covered);
      if (cursor === null || safe > Date.parse(cursor)) cursor = new Date(safe).toISOString();
    }
    yield { records, cursor, total: page.total, last: false };

    readSinceAnchor += records.length;
    if (readSinceAnchor + options.pageSize > options.resultCap) {
      if (anchor === lastTime) {
        throw new CrmError(
          `HubSpot search on ${options.objectType}: more than ${options.resultCap} records share ${options.sortProperty} = ${new Date(lastTime).toISOString()}; ` +
            'search cannot page past them',
          { kind: CrmErrorKind.Invalid, crm: 'hubspot', endpoint: 'POST /crm/v3/objects/{objectType}/search' },
        );
      }
      anchor = lastTime;
      filter = { operator: 'GTE', value: String(lastTime) };
      after = undefined;
      readSinceAnchor = 0;
    } else {
      after = page.nextAfter;
    }
  }
}
