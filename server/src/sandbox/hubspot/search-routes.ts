import { Router } from 'express';
import type { HubSpotObjectType } from './portal-data.js';
import { validationError } from './errors.js';
import { parseObjectType } from './object-types.js';
import { renderRecord } from './record-view.js';
import { bodyObject, stringArray } from './request-params.js';
import { addRoute, type RouteContext } from './routing.js';
import { executeSearch, SEARCH_LIMITS, type SearchRequest, type SearchSort } from './search.js';
import type { FilterOperator, SearchFilter } from './search-filters.js';
import { DEFAULT_PROPERTIES, createDateProperty, lastModifiedProperty } from './system-properties.js';

function asString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function parseFilter(raw: unknown): SearchFilter {
  if (typeof raw !== 'object' || raw === null) throw validationError('Invalid input JSON: a filter must be an object');
  const f = raw as Record<string, unknown>;
  if (typeof f.propertyName !== 'string' || typeof f.operator !== 'string') {
    throw validationError('Invalid input JSON: a filter needs propertyName and operator');
  }
  const filter: SearchFilter = { propertyName: f.propertyName, operator: f.operator as FilterOperator };
  const value = asString(f.value);
  const highValue = asString(f.highValue);
  if (value !== undefined) filter.value = value;
  if (highValue !== undefined) filter.highValue = highValue;
  if (Array.isArray(f.values)) filter.values = f.values.map((v) => String(v));
  return filter;
}

function parseSorts(raw: unknown): SearchSort | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: sorts must be an array');
  if (raw.length > 1) throw validationError('There was a problem with the request. Only one sort is allowed.', { context: { sorts: [String(raw.length)] } });
  const [sort] = raw as unknown[];
  if (sort === undefined) return null;
  // The spec types sorts as strings; HubSpot also takes {propertyName, direction} objects.
  if (typeof sort === 'string') {
    return sort.startsWith('-') ? { propertyName: sort.slice(1), direction: 'DESCENDING' } : { propertyName: sort, direction: 'ASCENDING' };
  }
  const s = sort as { propertyName?: unknown; direction?: unknown };
  if (typeof s.propertyName !== 'string') throw validationError('Invalid input JSON: a sort needs propertyName');
  return { propertyName: s.propertyName, direction: s.direction === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING' };
}

function parseAfter(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 0;
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0) throw validationError(`Invalid input JSON: after must be a paging cursor, got ${String(raw)}`);
  return offset;
}

/** Reads a PublicObjectSearchRequest body. */
export function parseSearchBody(body: Record<string, unknown>): SearchRequest & { properties: string[] } {
  const groups = body.filterGroups ?? [];
  if (!Array.isArray(groups)) throw validationError('Invalid input JSON: filterGroups must be an array');
  const filterGroups = groups.map((g: unknown) => {
    const filters = typeof g === 'object' && g !== null ? (g as { filters?: unknown }).filters : undefined;
    if (!Array.isArray(filters)) throw validationError('Invalid input JSON: a filter group needs filters');
    return filters.map(parseFilter);
  });
  const limit = body.limit === undefined || body.limit === null ? SEARCH_LIMITS.defaultPageSize : Number(body.limit);
  const request: SearchRequest & { properties: string[] } = {
    filterGroups,
    sort: parseSorts(body.sorts),
    offset: parseAfter(body.after),
    limit,
    properties: stringArray(body.properties, 'properties'),
  };
  if (typeof body.query === 'string') request.query = body.query;
  return request;
}

/** Search results always carry the record id and its create/modify dates, besides what was asked. */
function returnedProperties(type: HubSpotObjectType, requested: string[]): string[] {
  if (requested.length === 0) return [...DEFAULT_PROPERTIES[type]];
  return [...new Set([...requested, createDateProperty(type), lastModifiedProperty(type), 'hs_object_id'])];
}

/** POST /crm/v3/objects/{objectType}/search. */
export function searchRoutes(ctx: RouteContext): Router {
  const router = Router();
  addRoute(router, ctx, 'post', '/crm/v3/objects/:objectType/search', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const request = parseSearchBody(bodyObject(req));
    const page = executeSearch(ctx.store, type, request);
    const properties = returnedProperties(type, request.properties);
    const results = page.ids.flatMap((id) => {
      const record = ctx.store.rawRecord(type, id);
      return record ? [renderRecord(ctx.store, type, record, { properties })] : [];
    });
    res.json({
      total: page.total,
      results,
      ...(page.nextOffset === null ? {} : { paging: { next: { after: String(page.nextOffset) } } }),
    });
  });
  return router;
}
