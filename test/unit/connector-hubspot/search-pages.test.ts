import { describe, expect, it } from 'vitest';
import { CrmError } from '../../../server/src/connectors/crm-error.js';
import type { HubSpotObject, SearchPage, SearchPageRequest } from '../../../server/src/connectors/hubspot/hubspot-api.js';
import { searchPages, type CursorPage } from '../../../server/src/connectors/hubspot/search-pages.js';

/** A search over fixed records that behaves like HubSpot's: ascending sort, GT/GTE filter, offset paging, a result cap. */
function fakeSearch(times: number[], cap: number) {
  const records: HubSpotObject[] = times.map((time, i) => ({
    id: String(i + 1),
    properties: { hs_lastmodifieddate: new Date(time).toISOString() },
    createdAt: new Date(0),
    updatedAt: new Date(time),
  }));
  const requests: SearchPageRequest[] = [];
  const search = async (request: SearchPageRequest): Promise<SearchPage> => {
    requests.push(request);
    const offset = Number(request.after ?? 0);
    if (offset + request.limit > cap) throw new Error(`paged past the cap (after=${offset})`);
    const bound = request.filter ? Number(request.filter.value) : -Infinity;
    const matching = records.filter((r) => {
      const t = Date.parse(r.properties.hs_lastmodifieddate ?? '');
      return request.filter?.operator === 'GT' ? t > bound : t >= bound;
    });
    const results = matching.slice(offset, offset + request.limit);
    const next = offset + request.limit < matching.length ? String(offset + request.limit) : undefined;
    return { results, total: matching.length, nextAfter: next };
  };
  return { search, requests };
}

const options = (since: string | null, pageSize: number, resultCap: number) => ({
  objectType: 'companies',
  properties: [],
  sortProperty: 'hs_lastmodifieddate',
  since,
  pageSize,
  resultCap,
});

async function collect(pages: AsyncGenerator<CursorPage>): Promise<CursorPage[]> {
  const out: CursorPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('searchPages', () => {
  it('reads every record once when no re-anchoring is needed, ending with the newest timestamp as cursor', async () => {
    const times = Array.from({ length: 7 }, (_, i) => 1_000 * (i + 1));
    const { search } = fakeSearch(times, 10_000);
    const pages = await collect(searchPages(search, options(null, 3, 10_000)));
    expect(pages.flatMap((p) => p.records.map((r) => r.id))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(pages.map((p) => p.last)).toEqual([false, false, true]);
    expect(pages.at(-1)?.cursor).toBe(new Date(7_000).toISOString());
  });

  it('re-anchors before the result cap and still reads every record', async () => {
    const times = Array.from({ length: 25 }, (_, i) => 1_000 * (i + 1));
    const { search, requests } = fakeSearch(times, 10);
    const pages = await collect(searchPages(search, options(null, 4, 10)));
    expect(new Set(pages.flatMap((p) => p.records.map((r) => r.id))).size).toBe(25);
    expect(requests.some((r) => r.filter?.operator === 'GTE' && r.after === undefined)).toBe(true);
    expect(requests.every((r) => Number(r.after ?? 0) + r.limit <= 10)).toBe(true);
  });

  it('never stores a cursor past a timestamp that may continue on the next page', async () => {
    // Records 3-6 share one instant and the first page ends inside the tie.
    const times = [1_000, 2_000, 3_000, 3_000, 3_000, 3_000, 4_000];
    const { search } = fakeSearch(times, 10_000);
    const pages = await collect(searchPages(search, options(null, 4, 10_000)));
    expect(pages[0]?.cursor).toBe(new Date(2_000).toISOString());
    // Resuming after the first page from its cursor reads the whole tie again.
    const resumed = await collect(searchPages(fakeSearch(times, 10_000).search, options(pages[0]?.cursor ?? null, 4, 10_000)));
    expect(resumed.flatMap((p) => p.records.map((r) => r.id))).toEqual(['3', '4', '5', '6', '7']);
  });

  it('asks for records modified after the cursor, so an unchanged stream costs one empty search', async () => {
    const { search, requests } = fakeSearch([1_000, 2_000], 10_000);
    const pages = await collect(searchPages(search, options(new Date(2_000).toISOString(), 200, 10_000)));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.filter).toEqual({ operator: 'GT', value: '2000' });
    expect(pages).toHaveLength(1);
    expect(pages[0]?.records).toHaveLength(0);
    expect(pages[0]?.cursor).toBe(new Date(2_000).toISOString());
  });

  it('fails clearly when more records than the cap share one timestamp', async () => {
    const { search } = fakeSearch(Array.from({ length: 30 }, () => 5_000), 10);
    await expect(collect(searchPages(search, options(null, 4, 10)))).rejects.toBeInstanceOf(CrmError);
  });
});
