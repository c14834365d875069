/**
 * The sObject resources: global describe (GET /sobjects), an object's basic info and describe,
 * and single records (GET / PATCH / DELETE /sobjects/{type}/{id}, POST /sobjects/{type}). Single-record
 * failures answer 400 with the record's error as the body; unknown objects and records 404 NOT_FOUND.
 */
import { Router, type Response } from 'express';
import { describeGlobalEntry, describeObject } from './describe-view.js';
import { notFound, SalesforceApiError } from './errors.js';
import type { ObjectDefinition } from './object-schema.js';
import { renderRecord } from './record-view.js';
import { deleteRecords, saveRecords, type SaveResult } from './record-writes.js';
import { addRoutes, apiVersion, type RouteContext } from './routing.js';
import { normaliseId } from './salesforce-ids.js';
import type { Session } from './sessions.js';

function objectOf(ctx: RouteContext, name: unknown): ObjectDefinition {
  const wanted = String(name).toLowerCase();
  for (const object of ctx.store.schema.values()) if (object.name.toLowerCase() === wanted) return object;
  throw notFound();
}

/** A failed single-record save as the REST API answers it: 400 (404 for a missing record) with the error. */
function failure(result: SaveResult): SalesforceApiError {
  const error = result.errors[0];
  const missing = error?.statusCode === 'INVALID_CROSS_REFERENCE_KEY' && error.fields.length === 0;
  if (missing) return notFound();
  return new SalesforceApiError(error?.statusCode === 'ENTITY_IS_DELETED' ? 404 : 400, error?.statusCode ?? 'UNKNOWN_EXCEPTION', error?.message ?? 'failed', error?.fields ?? []);
}

export function sobjectsRoutes(ctx: RouteContext): Router {
  const router = Router();
  const actor = (res: Response) => (res.locals.session as Session).userId;
  addRoutes(router, ctx, '/sobjects', {
    get: (_req, res) => {
      const version = apiVersion(res);
      res.json({ encoding: 'UTF-8', maxBatchSize: 200, sobjects: [...ctx.store.schema.values()].map((o) => describeGlobalEntry(version, o)) });
    },
  });
  addRoutes(router, ctx, '/sobjects/:type/describe', {
    get: (req, res) => {
      res.json(describeObject(apiVersion(res), objectOf(ctx, req.params.type)));
    },
  });
  addRoutes(router, ctx, '/sobjects/:type', {
    get: (req, res) => {
      const object = objectOf(ctx, req.params.type);
      res.json({ objectDescribe: describeGlobalEntry(apiVersion(res), object), recentItems: [] });
    },
    post: (req, res) => {
      const object = objectOf(ctx, req.params.type);
      const [result] = saveRecords(ctx, 'create', [{ type: object.name, fields: (req.body ?? {}) as Record<string, unknown> }], false, actor(res));
      if (!result?.success) throw failure(result ?? { success: false, errors: [] });
      res.status(201).json(result);
    },
  });
  addRoutes(router, ctx, '/sobjects/:type/:id', {
    get: (req, res) => {
      const object = objectOf(ctx, req.params.type);
      const id = normaliseId(String(req.params.id));
      const record = id ? ctx.store.get(object.name, id) : undefined;
      if (!record) throw notFound();
      if (record.IsDeleted === true) throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
      const names = typeof req.query.fields === 'string' ? req.query.fields.split(',').map((f) => f.trim().toLowerCase()) : undefined;
      const fields = names ? object.fields.filter((f) => names.includes(f.name.toLowerCase())) : object.fields;
      res.json(renderRecord(apiVersion(res), object.name, record, fields));
    },
    patch: (req, res) => {
      const object = objectOf(ctx, req.params.type);
      const [result] = saveRecords(ctx, 'update', [{ type: object.name, id: String(req.params.id), fields: (req.body ?? {}) as Record<string, unknown> }], false, actor(res));
      if (!result?.success) throw failure(result ?? { success: false, errors: [] });
      res.status(204).end();
    },
    delete: (req, res) => {
      objectOf(ctx, req.params.type);
      const [result] = deleteRecords(ctx, [String(req.params.id)], false);
      if (!result?.success) throw failure(result ?? { success: false, errors: [] });
      res.status(204).end();
    },
  });
  return router;
}
