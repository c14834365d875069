import { describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { PortalStore } from '../../../server/src/sandbox/hubspot/portal-store.js';
import { executeSearch, type SearchRequest } from '../../../server/src/sandbox/hubspot/search.js';
import type { SearchFilter } from '../../../server/src/sandbox/hubspot/search-filters.js';
import { buildPortal } from '../../fixtures/hubspot/portal-builder.js';

const clock = fixedClock('2025-06-30T00:00:00.000Z');

function search(store: PortalStore, type: 'companies' | 'contacts', filters: SearchFilter[][], extra: Partial<SearchRequest> = {}) {
  return executeSearch(store, type, { filterGroups: filters, sort: null, offset: 0, limit: 200, ...extra });
}

describe('sandbox search', () => {
  const store = new PortalStore(buildPortal({ companies: 30 }), clock);

  it('compares number properties as numbers, not text', () => {
    const page = search(store, 'companies', [[{ propertyName: 'arr', operator: 'GT', value: '95000' }]]);
    expect(page.ids).toEqual(['1010', ...Array.from({ length: 20 }, (_, i) => String(1011 + i))]);
    expect(page.total).toBe(21);
  });

  it('reads datetime filter values given as epoch milliseconds or ISO alike', () => {
    const iso = '2024-01-01T00:10:00.000Z';
    const byIso = search(store, 'companies', [[{ propertyName: 'hs_lastmodifieddate', operator: 'LTE', value: iso }]]);
    const byMs = search(store, 'companies', [[{ propertyName: 'hs_lastmodifieddate', operator: 'LTE', value: String(Date.parse(iso)) }]]);
    expect(byIso.ids).toEqual(byMs.ids);
    expect(byIso.total).toBe(10);
  });

  it('compares date properties as dates with BETWEEN inclusive on both ends', () => {
    const page = search(store, 'companies', [[{ propertyName: 'renewal_date', operator: 'BETWEEN', value: '2025-02-01', highValue: String(Date.parse('2025-03-01')) }]]);
    expect(page.total).toBe(6);
  });

  it('ORs filter groups and ANDs filters inside a group', () => {
    const page = search(store, 'companies', [
      [{ propertyName: 'customer_segment', operator: 'EQ', value: 'enterprise' }, { propertyName: 'arr', operator: 'LT', value: '60000' }],
      [{ propertyName: 'domain', operator: 'EQ', value: 'COMPANY0.example.com' }],
    ]);
    expect(page.ids).toEqual(['1001', '1003']);
  });

  it('matches IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY and tokens of multi-select values', () => {
    expect(search(store, 'companies', [[{ propertyName: 'customer_segment', operator: 'IN', values: ['smb', 'mid_market'] }]]).total).toBe(20);
    expect(search(store, 'companies', [[{ propertyName: 'customer_segment', operator: 'NOT_IN', values: ['smb'] }]]).total).toBe(20);
    expect(search(store, 'contacts', [[{ propertyName: 'hs_buying_role', operator: 'HAS_PROPERTY' }]]).total).toBe(29);
    expect(search(store, 'contacts', [[{ propertyName: 'hs_buying_role', operator: 'NOT_HAS_PROPERTY' }]]).total).toBe(29);
    expect(search(store, 'contacts', [[{ propertyName: 'hs_buying_role', operator: 'EQ', value: 'DECISION_MAKER' }]]).total).toBe(29);
    expect(search(store, 'contacts', [[{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: 'company1*' }]]).total).toBe(22);
  });

  it('sorts by a property in either direction and pages by offset', () => {
    const sort = { propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' } as const;
    const first = search(store, 'companies', [], { sort, limit: 10 });
    expect(first.ids[0]).toBe('1001');
    expect(first.nextOffset).toBe(10);
    const last = search(store, 'companies', [], { sort, limit: 10, offset: 20 });
    expect(last.ids.at(-1)).toBe('1030');
    expect(last.nextOffset).toBeNull();
  });

  it('refuses a page that reaches past 10,000 results and more than five filter groups', () => {
    expect(() => search(store, 'companies', [], { offset: 9_901, limit: 100 })).toThrow(/10000/);
    expect(() => search(store, 'companies', [], { offset: 9_900, limit: 100 })).not.toThrow();
    const group = [{ propertyName: 'arr', operator: 'HAS_PROPERTY' } as const];
    expect(() => search(store, 'companies', Array.from({ length: 6 }, () => group))).toThrow(/filter groups/);
    expect(() => search(store, 'companies', [], { limit: 201 })).toThrow(/limit/);
  });

  it('answers 400 for a filter on a property the portal does not have', () => {
    expect(() => search(store, 'companies', [[{ propertyName: 'nope', operator: 'EQ', value: 'x' }]])).toThrow(expect.objectContaining({ httpStatus: 400, category: 'VALIDATION_ERROR' }));
  });

  it('keeps the sort order right after a record is updated', () => {
    const local = new PortalStore(buildPortal({ companies: 30 }), fixedClock('2026-01-01T00:00:00.000Z'));
    const sort = { propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' } as const;
    expect(search(local, 'companies', [], { sort, limit: 1 }).ids).toEqual(['1001']);
    local.updateRecord('companies', '1020', { arr: '1' });
    expect(search(local, 'companies', [], { sort, limit: 1 }).ids).toEqual(['1020']);
    const since = search(local, 'companies', [[{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '2025-12-31T00:00:00.000Z' }]], { sort });
    expect(since.ids).toEqual(['1020']);
  });

  it('serves a sorted incremental page over 40,000 records without sorting them per request', () => {
    const big = new PortalStore(buildPortal({ companies: 40_000, contactsPerCompany: 0 }), clock);
    const request = (offset: number) =>
      executeSearch(big, 'companies', {
        filterGroups: [[{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: '2024-01-01T00:00:00.000Z' }]],
        sort: { propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' },
        offset,
        limit: 200,
      });
    request(0);
    // After the first request builds the property's index, pages are sliced from it: no request sorts
    // anything the size of the type again (checked by counting sorts, not by timing).
    const sort = vi.spyOn(Array.prototype, 'sort');
    try {
      for (let i = 0; i < 20; i++) request(i * 200);
      const largeSorts = sort.mock.contexts.filter((array) => (array as unknown[]).length > 1_000).length;
      expect(largeSorts).toBe(0);
    } finally {
      sort.mockRestore();
    }
    expect(request(0).total).toBe(40_000);
  });
});
