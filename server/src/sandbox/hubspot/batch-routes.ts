import { Router, type Response } from 'express';
import type { HubSpotObjectType } from './portal-data.js';
import { batchErrorEntry, validationError } from './errors.js';
import { SINGULAR_NAME, parseObjectType } from './object-types.js';
import { associationsOf } from './objects-routes.js';
import { checkBatchInputs, traceIdOf } from './multi-status.js';
import { renderRecord, type SimplePublicObject } from './record-view.js';
import { propertiesOf, validateWrite } from './record-writes.js';
import { batchInputs, booleanParam, bodyObject, stringArray } from './request-params.js';
import { addRoute, type RouteContext } from './routing.js';

/** HubSpot's input limit of the CRM object batch endpoints. */
export const OBJECT_BATCH_LIMIT = 100;

function idOf(input: unknown): string {
  const id = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw validationError('Invalid input JSON: every input needs an id');
  return String(id);
}

/** HubSpot's one OBJECT_NOT_FOUND entry for every missing id (with the inputs' trace ids when they carried them). */
function missingObjectsError(type: HubSpotObjectType, verb: 'get' | 'update', missing: Array<{ id: string; traceId?: string | undefined }>) {
  const traceIds = missing.flatMap((m) => (m.traceId === undefined ? [] : [m.traceId]));
  return batchErrorEntry('OBJECT_NOT_FOUND', `Could not ${verb} some ${SINGULAR_NAME[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`, {
    context: { ids: missing.map((m) => m.id), ...(traceIds.length > 0 ? { objectWriteTraceId: traceIds } : {}) },
  });
}

function withTrace(view: SimplePublicObject, traceId: string | undefined): SimplePublicObject {
  return traceId === undefined ? view : { ...view, objectWriteTraceId: traceId };
}

/** Sends HubSpot's batch response: 200/201 when complete, 207 multi-status with `errors[]` otherwise. */
function sendBatch(res: Response, ctx: RouteContext, startedAt: string, okStatus: 200 | 201, results: SimplePublicObject[], errors: ReturnType<typeof missingObjectsError>[]): void {
  const body = { status: 'COMPLETE', results, startedAt, completedAt: ctx.clock.now().toISOString() };
  if (errors.length === 0) res.status(okStatus).json(body);
  else res.status(207).json({ ...body, numErrors: errors.length, errors });
}

function rejectDuplicates(ids: string[]): void {
  const seen = new Set<string>();
  const duplicates = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  if (duplicates.length > 0) {
    throw validationError(`Duplicate IDs found in batch input: [${[...new Set(duplicates)].join(', ')}]. IDs must be unique`, {
      context: { ids: [...new Set(duplicates)] },
    });
  }
}

/** POST /crm/v3/objects/{objectType}/batch/{read,update,create}. */
export function batchRoutes(ctx: RouteContext): Router {
  const router = Router();
  const { store } = ctx;

  addRoute(router, ctx, 'post', '/crm/v3/objects/:objectType/batch/read', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const startedAt = ctx.clock.now().toISOString();
    const body = bodyObject(req);
    const ids = batchInputs(body, OBJECT_BATCH_LIMIT).map(idOf);
    const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
    const options = { properties: stringArray(body.properties, 'properties'), propertiesWithHistory: stringArray(body.propertiesWithHistory, 'propertiesWithHistory') };
    const archived = booleanParam(req, 'archived');
    const results: SimplePublicObject[] = [];
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const record = store.getRecord(type, id, { archived, ...(idProperty ? { idProperty } : {}) });
      if (!record) missing.push(id);
      else if (!seen.has(record.id)) {
        seen.add(record.id);
        results.push(renderRecord(store, type, record, options));
      }
    }
    sendBatch(res, ctx, startedAt, 200, results, missing.length > 0 ? [missingObjectsError(type, 'get', missing.map((id) => ({ id })))] : []);
  });

  addRoute(router, ctx, 'post', '/crm/v3/objects/:objectType/batch/update', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const startedAt = ctx.clock.now().toISOString();
    const inputs = batchInputs(bodyObject(req), OBJECT_BATCH_LIMIT).map((input) => {
      const fields = input as { properties?: unknown; idProperty?: unknown };
      return {
        id: idOf(input),
        idProperty: typeof fields.idProperty === 'string' ? fields.idProperty : undefined,
        traceId: traceIdOf(input),
        properties: propertiesOf(fields.properties),
      };
    });
    rejectDuplicates(inputs.map((i) => i.id));
    const checked = checkBatchInputs(inputs, (i) => ({ ...i, properties: validateWrite(store, type, i.properties) }));
    const results: SimplePublicObject[] = [];
    const missing: Array<{ id: string; traceId: string | undefined }> = [];
    for (const { input } of checked.filter((c) => c.ok)) {
      const existing = store.getRecord(type, input.id, input.idProperty ? { idProperty: input.idProperty } : {});
      const record = existing ? store.updateRecord(type, existing.id, input.properties) : undefined;
      if (!record) missing.push(input);
      else results.push(withTrace(renderRecord(store, type, record, { properties: Object.keys(input.properties) }), input.traceId));
    }
    const errors = checked.flatMap((c) => (c.ok ? [] : [c.error]));
    if (missing.length > 0) errors.push(missingObjectsError(type, 'update', missing));
    sendBatch(res, ctx, startedAt, 200, results, errors);
  });

  addRoute(router, ctx, 'post', '/crm/v3/objects/:objectType/batch/create', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const startedAt = ctx.clock.now().toISOString();
    const inputs = batchInputs(bodyObject(req), OBJECT_BATCH_LIMIT).map((input) => {
      const fields = (typeof input === 'object' && input !== null ? input : {}) as { properties?: unknown; associations?: unknown };
      return { traceId: traceIdOf(input), properties: propertiesOf(fields.properties), associations: associationsOf(ctx, type, fields.associations) };
    });
    const checked = checkBatchInputs(inputs, (i) => ({ ...i, properties: validateWrite(store, type, i.properties) }));
    const results = checked.flatMap(({ input, ok }) => {
      if (!ok) return [];
      const record = store.createRecord(type, input.properties);
      for (const link of input.associations) store.addAssociation({ ...link, fromId: record.id });
      return [withTrace(renderRecord(store, type, record, { properties: Object.keys(input.properties) }), input.traceId)];
    });
    sendBatch(res, ctx, startedAt, 201, results, checked.flatMap((c) => (c.ok ? [] : [c.error])));
  });

  return router;
}
