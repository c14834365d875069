import { Router } from 'express';
import { batchErrorEntry, validationError } from './errors.js';
import { SINGULAR_NAME, parseObjectType } from './object-types.js';
import { batchInputs, bodyObject, limitParam, nextLink, stringParam } from './request-params.js';
import { addRoute, type RouteContext } from './routing.js';
import type { AssociatedRecord } from './association-index.js';

/** HubSpot's limits of the v4 association reads. */
export const ASSOCIATION_LIMITS = { batchInputs: 1000, pageSize: 500 } as const;

function pageFrom(all: AssociatedRecord[], after: string | undefined, size: number): { page: AssociatedRecord[]; next: string | null } {
  const start = after === undefined ? 0 : Number(after);
  if (!Number.isInteger(start) || start < 0) throw validationError(`Invalid after: ${after ?? ''}`, { context: { after: [after ?? ''] } });
  const page = all.slice(start, start + size);
  return { page, next: start + size < all.length ? String(start + size) : null };
}

/** POST /crm/v4/associations/{from}/{to}/batch/read and GET /crm/v4/objects/{type}/{id}/associations/{toType}. */
export function associationsRoutes(ctx: RouteContext): Router {
  const router = Router();
  const { store } = ctx;

  addRoute(router, ctx, 'post', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read', (req, res) => {
    const fromType = parseObjectType(req.params.fromObjectType as string);
    const toType = parseObjectType(req.params.toObjectType as string);
    const startedAt = ctx.clock.now().toISOString();
    const inputs = batchInputs(bodyObject(req), ASSOCIATION_LIMITS.batchInputs).map((input) => {
      const fields = (typeof input === 'object' && input !== null ? input : {}) as { id?: unknown; after?: unknown };
      if (typeof fields.id !== 'string' && typeof fields.id !== 'number') throw validationError('Invalid input JSON: every input needs an id');
      return { id: String(fields.id), after: typeof fields.after === 'string' ? fields.after : undefined };
    });
    const results = [];
    const errors = [];
    for (const input of inputs) {
      const all = store.associations.list(fromType, input.id, toType);
      if (all.length === 0) {
        // HubSpot reports an input without associations (or an unknown id) as an error entry, not an empty result.
        errors.push(
          batchErrorEntry('OBJECT_NOT_FOUND', `No ${SINGULAR_NAME[toType]} is associated with ${SINGULAR_NAME[fromType]} ${input.id}.`, {
            subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
            context: { fromObjectId: [input.id], fromObjectType: [SINGULAR_NAME[fromType]], toObjectType: [SINGULAR_NAME[toType]] },
          }),
        );
        continue;
      }
      const { page, next } = pageFrom(all, input.after, ASSOCIATION_LIMITS.pageSize);
      results.push({ from: { id: input.id }, to: page, ...(next === null ? {} : { paging: { next: { after: next } } }) });
    }
    const body = { status: 'COMPLETE', results, startedAt, completedAt: ctx.clock.now().toISOString() };
    if (errors.length === 0) res.json(body);
    else res.status(207).json({ ...body, numErrors: errors.length, errors });
  });

  addRoute(router, ctx, 'get', '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType', (req, res) => {
    const fromType = parseObjectType(req.params.objectType as string);
    const toType = parseObjectType(req.params.toObjectType as string);
    const limit = limitParam(req, { fallback: ASSOCIATION_LIMITS.pageSize, max: ASSOCIATION_LIMITS.pageSize });
    const all = store.associations.list(fromType, req.params.objectId as string, toType);
    const { page, next } = pageFrom(all, stringParam(req, 'after'), limit);
    res.json(next === null ? { results: page } : { results: page, paging: { next: { after: next, link: nextLink(req, next) } } });
  });

  return router;
}
