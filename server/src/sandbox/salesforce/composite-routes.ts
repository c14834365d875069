/**
 * sObject Collections: POST (create), PATCH (update) and DELETE (`?ids=…&allOrNone=`) on
 * /composite/sobjects, at most 200 records a call (more → 400 EXCEEDED_ID_LIMIT, as Salesforce refuses
 * them); answers are per-record SaveResults (record-writes.ts).
 */
import { Router, type Request, type Response } from 'express';
import { badRequest } from './errors.js';
import type { Session } from './sessions.js';
import { deleteRecords, saveRecords, type WriteRequest } from './record-writes.js';
import type { WriteMode } from './record-input.js';
import { addRoutes, type RouteContext } from './routing.js';

export const MAX_COLLECTION_RECORDS = 200;

const tooMany = () => badRequest('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records in this operation`);

function writeRequests(body: unknown): { allOrNone: boolean; requests: WriteRequest[] } {
  const records = typeof body === 'object' && body !== null && 'records' in body ? (body as { records: unknown }).records : undefined;
  if (!Array.isArray(records)) throw badRequest('JSON_PARSER_ERROR', 'Cannot deserialize the request body: expected { "allOrNone": boolean, "records": [ ... ] }');
  if (records.length > MAX_COLLECTION_RECORDS) throw tooMany();
  const requests = records.map((raw: unknown): WriteRequest => {
    const { attributes, id, ...fields } = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const type = typeof attributes === 'object' && attributes !== null && 'type' in attributes ? String((attributes as { type: unknown }).type) : undefined;
    return { type, ...(id !== undefined ? { id } : {}), fields };
  });
  return { allOrNone: (body as { allOrNone?: unknown }).allOrNone === true, requests };
}

export function compositeRoutes(ctx: RouteContext): Router {
  const router = Router();
  const save = (mode: WriteMode) => (req: Request, res: Response): void => {
    const { allOrNone, requests } = writeRequests(req.body);
    if (mode === 'create') for (const r of requests) if (r.id !== undefined) r.fields.id = r.id;
    const session = res.locals.session as Session;
    res.json(saveRecords(ctx, mode, requests, allOrNone, session.userId));
  };
  addRoutes(router, ctx, '/composite/sobjects', {
    post: save('create'),
    patch: save('update'),
    delete: (req, res) => {
      const ids = typeof req.query.ids === 'string' ? req.query.ids.split(',').filter((id) => id !== '') : [];
      if (ids.length === 0) throw badRequest('MISSING_ARGUMENT', 'ids parameter is required');
      if (ids.length > MAX_COLLECTION_RECORDS) throw tooMany();
      res.json(deleteRecords(ctx, ids, req.query.allOrNone === 'true'));
    },
  });
  return router;
}
