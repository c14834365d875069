import { Router } from 'express';
import type { HubSpotObjectType, SandboxAssociation } from './portal-data.js';
import { notFoundError, validationError, type HubSpotApiError } from './errors.js';
import { parseObjectType, SINGULAR_NAME } from './object-types.js';
import { renderRecord } from './record-view.js';
import { propertiesOf, validateWrite } from './record-writes.js';
import { booleanParam, bodyObject, limitParam, listParam, nextLink, stringParam } from './request-params.js';
import { addRoute, type RouteContext } from './routing.js';
import { compareIds } from './sorted-index.js';

/** HubSpot's page limits of GET /crm/v3/objects/{objectType}. */
export const LIST_LIMITS = { defaultPageSize: 10, maxPageSize: 100, maxPageSizeWithHistory: 50 } as const;

/** HubSpot's 404 for a single record. */
export function objectNotFound(objectId: string): HubSpotApiError {
  return notFoundError('Object not found.  objectId are usually numeric.', { context: { id: [objectId] } });
}

function firstPositionFrom(ids: readonly string[], after: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareIds(ids[mid] ?? '', after) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface AssociationInput {
  to?: { id?: unknown };
  types?: Array<{ associationCategory?: unknown; associationTypeId?: unknown }>;
}

/** Reads the `associations` of a create body (HubSpot's PublicAssociationsForObject). */
export function associationsOf(ctx: RouteContext, fromType: HubSpotObjectType, value: unknown): Array<Omit<SandboxAssociation, 'fromId'>> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw validationError('Invalid input JSON: associations must be an array');
  return (value as AssociationInput[]).flatMap((a) => {
    const toId = String(a.to?.id ?? '');
    const types = a.types ?? [];
    return types.map((t) => {
      const typeId = Number(t.associationTypeId);
      const toType = inferTargetType(ctx, toId);
      if (!toType || !Number.isInteger(typeId)) {
        throw validationError(`Invalid association to ${toId} from ${SINGULAR_NAME[fromType]}`, { context: { toObjectId: [toId] } });
      }
      const category = t.associationCategory === 'USER_DEFINED' ? 'USER_DEFINED' : 'HUBSPOT_DEFINED';
      return { fromType, toType, toId, typeId, category, label: null };
    });
  });
}

/** Create bodies name only the target id; the sandbox finds which type holds it (ids are unique portal-wide here). */
function inferTargetType(ctx: RouteContext, id: string): HubSpotObjectType | undefined {
  for (const type of ['companies', 'contacts', 'deals', 'tickets', 'emails', 'meetings', 'calls', 'notes', 'tasks'] as const) {
    if (ctx.store.getRecord(type, id)) return type;
  }
  return undefined;
}

/** GET/POST/PATCH on /crm/v3/objects/{objectType}[/{objectId}]. */
export function objectsRoutes(ctx: RouteContext): Router {
  const router = Router();
  const { store } = ctx;

  addRoute(router, ctx, 'get', '/crm/v3/objects/:objectType', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const propertiesWithHistory = listParam(req, 'propertiesWithHistory');
    const max = propertiesWithHistory.length > 0 ? LIST_LIMITS.maxPageSizeWithHistory : LIST_LIMITS.maxPageSize;
    const limit = limitParam(req, { fallback: LIST_LIMITS.defaultPageSize, max });
    const archived = booleanParam(req, 'archived');
    const after = stringParam(req, 'after');
    if (after !== undefined && !/^\d+$/.test(after)) throw validationError(`Invalid after: ${after}`, { context: { after: [after] } });
    const ids = store.idOrder(type);
    const options = { properties: listParam(req, 'properties'), propertiesWithHistory, associations: listParam(req, 'associations') };
    const results = [];
    let position = after === undefined ? 0 : firstPositionFrom(ids, after);
    for (; position < ids.length && results.length < limit; position++) {
      const record = store.rawRecord(type, ids[position] ?? '');
      if (record && record.archived === archived) results.push(renderRecord(store, type, record, options));
    }
    let next: string | undefined;
    for (; position < ids.length && next === undefined; position++) {
      const record = store.rawRecord(type, ids[position] ?? '');
      if (record && record.archived === archived) next = record.id;
    }
    res.json(next === undefined ? { results } : { results, paging: { next: { after: next, link: nextLink(req, next) } } });
  });

  addRoute(router, ctx, 'get', '/crm/v3/objects/:objectType/:objectId', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const objectId = req.params.objectId as string;
    const idProperty = stringParam(req, 'idProperty');
    const record = store.getRecord(type, objectId, { archived: booleanParam(req, 'archived'), ...(idProperty ? { idProperty } : {}) });
    if (!record) throw objectNotFound(objectId);
    res.json(
      renderRecord(store, type, record, {
        properties: listParam(req, 'properties'),
        propertiesWithHistory: listParam(req, 'propertiesWithHistory'),
        associations: listParam(req, 'associations'),
      }),
    );
  });

  addRoute(router, ctx, 'post', '/crm/v3/objects/:objectType', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const body = bodyObject(req);
    const props = validateWrite(store, type, propertiesOf(body.properties));
    const links = associationsOf(ctx, type, body.associations);
    const record = store.createRecord(type, props);
    for (const link of links) store.addAssociation({ ...link, fromId: record.id });
    res.status(201).json(renderRecord(store, type, record, { properties: Object.keys(props) }));
  });

  addRoute(router, ctx, 'patch', '/crm/v3/objects/:objectType/:objectId', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const objectId = req.params.objectId as string;
    const idProperty = stringParam(req, 'idProperty');
    const existing = store.getRecord(type, objectId, idProperty ? { idProperty } : {});
    if (!existing) throw objectNotFound(objectId);
    const props = validateWrite(store, type, propertiesOf(bodyObject(req).properties));
    const record = store.updateRecord(type, existing.id, props);
    if (!record) throw objectNotFound(objectId);
    res.json(renderRecord(store, type, record, { properties: Object.keys(props) }));
  });

  return router;
}
