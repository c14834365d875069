import { Router } from 'express';
import { notFoundError, validationError } from './errors.js';
import { booleanParam, limitParam, nextLink, stringParam } from './request-params.js';
import { addRoute, type RouteContext } from './routing.js';
import { compareIds } from './sorted-index.js';

/** HubSpot's page limits of GET /crm/v3/owners. */
export const OWNER_LIMITS = { defaultPageSize: 100, maxPageSize: 500 } as const;

/** GET /crm/v3/owners and GET /crm/v3/owners/{ownerId}. */
export function ownersRoutes(ctx: RouteContext): Router {
  const router = Router();
  const ordered = () => [...ctx.store.owners].sort((a, b) => compareIds(a.id, b.id));

  addRoute(router, ctx, 'get', '/crm/v3/owners', (req, res) => {
    const limit = limitParam(req, { fallback: OWNER_LIMITS.defaultPageSize, max: OWNER_LIMITS.maxPageSize });
    const archived = booleanParam(req, 'archived');
    const email = stringParam(req, 'email')?.toLowerCase();
    const after = stringParam(req, 'after');
    if (after !== undefined && !/^\d+$/.test(after)) throw validationError(`Invalid after: ${after}`, { context: { after: [after] } });
    const matching = ordered().filter((o) => o.archived === archived && (email === undefined || o.email.toLowerCase() === email));
    const start = after === undefined ? 0 : matching.findIndex((o) => compareIds(o.id, after) >= 0);
    const from = start < 0 ? matching.length : start;
    const results = matching.slice(from, from + limit);
    const next = matching[from + limit];
    res.json(next === undefined ? { results } : { results, paging: { next: { after: next.id, link: nextLink(req, next.id) } } });
  });

  addRoute(router, ctx, 'get', '/crm/v3/owners/:ownerId', (req, res) => {
    const ownerId = req.params.ownerId as string;
    const byUserId = stringParam(req, 'idProperty') === 'userId';
    const archived = booleanParam(req, 'archived');
    const owner = ctx.store.owners.find((o) => o.archived === archived && (byUserId ? String(o.userId) === ownerId : o.id === ownerId));
    if (!owner) throw notFoundError(`Owner ${ownerId} not found`, { context: { ownerId: [ownerId] } });
    res.json(owner);
  });

  return router;
}
