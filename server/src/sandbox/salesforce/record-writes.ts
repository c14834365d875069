/**
 * Saves and deletes as sObject Collections do: every record checked first, results in request order
 * (`{ id, success: true, errors: [] }` or `{ success: false, errors }`). With allOrNone, one failure
 * saves nothing and every other record reports ALL_OR_NONE_OPERATION_ROLLED_BACK. Queued per-record
 * faults (FIELD_CUSTOM_VALIDATION_EXCEPTION and the like) fail their record like a validation rule.
 */
import { saveError, type SaveError } from './field-input.js';
import type { ObjectDefinition } from './object-schema.js';
import type { FieldValue, SObjectName } from './org-data.js';
import { checkRecordInput, type WriteMode } from './record-input.js';
import type { RouteContext } from './routing.js';
import { normaliseId } from './salesforce-ids.js';

/** One SaveResult. */
export interface SaveResult {
  id?: string;
  success: boolean;
  errors: SaveError[];
}

/** One record of a write request: its type (attributes.type or the URL's), id for updates, and fields. */
export interface WriteRequest {
  type: string | undefined;
  id?: unknown;
  fields: Record<string, unknown>;
}

type Plan = { ok: true; apply: () => string } | { ok: false; error: SaveError };

const ROLLED_BACK = saveError('ALL_OR_NONE_OPERATION_ROLLED_BACK', 'Record rolled back because not all records were valid and the request was using AllOrNone header');

function objectNamed(ctx: RouteContext, type: string | undefined): ObjectDefinition | SaveError {
  if (!type) return saveError('INVALID_TYPE', 'Must send a concrete entity type.');
  for (const object of ctx.store.schema.values()) if (object.name.toLowerCase() === type.toLowerCase()) return object;
  return saveError('INVALID_TYPE', `sObject type '${type}' is not supported.`);
}

/** The live record a write or delete targets, or its error. */
function target(ctx: RouteContext, object: ObjectDefinition | undefined, raw: unknown): { type: SObjectName; id: string } | SaveError {
  if (typeof raw !== 'string' || raw === '') return saveError('MISSING_ARGUMENT', 'Id not specified in an update call');
  const id = normaliseId(raw);
  const found = id ? ctx.store.locate(id) : undefined;
  if (!id || (object && id.slice(0, 3) !== object.keyPrefix)) {
    return saveError('MALFORMED_ID', object ? `${object.label} ID: id value of incorrect type: ${raw}` : `malformed id ${raw}`, object ? ['Id'] : []);
  }
  if (!found) return saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
  if (found.record.IsDeleted === true) return saveError('ENTITY_IS_DELETED', 'entity is deleted');
  return { type: found.type, id };
}

const isError = (value: object): value is SaveError => 'statusCode' in value;

/** The error a fault plan queued for this record's next write, counted as an injected fault. */
function queuedFault(ctx: RouteContext, id: string): SaveError | undefined {
  const fault = ctx.faults.takeRecordError(id);
  if (!fault) return undefined;
  ctx.stats.fault();
  return saveError(fault.statusCode, fault.message, fault.fields);
}

function planSave(ctx: RouteContext, mode: WriteMode, request: WriteRequest, actorId: string): Plan {
  const object = objectNamed(ctx, request.type);
  if (isError(object)) return { ok: false, error: object };
  if (mode === 'create' ? !object.createable : !object.updateable) {
    return { ok: false, error: saveError('INVALID_TYPE_FOR_OPERATION', `entity type ${object.name} does not support ${mode === 'create' ? 'insert' : 'update'}`) };
  }
  const where = mode === 'update' ? target(ctx, object, request.id ?? request.fields.Id) : undefined;
  if (where && isError(where)) return { ok: false, error: where };
  const values = checkRecordInput(object, request.fields, mode, (id) => ctx.store.locate(id));
  if (isError(values)) return { ok: false, error: values };
  const fault = where && queuedFault(ctx, where.id);
  if (fault) return { ok: false, error: fault };
  return {
    ok: true,
    apply: () => {
      if (where) {
        ctx.store.update(where.type, where.id, values as Record<string, FieldValue>);
        ctx.stats.wrote('updated');
        return where.id;
      }
      const record = ctx.store.insert(object.name, values as Record<string, FieldValue>, actorId);
      ctx.stats.wrote('created');
      if (object.name === 'Task') ctx.stats.taskCreated();
      return record.Id;
    },
  };
}

function planDelete(ctx: RouteContext, raw: string): Plan {
  const where = target(ctx, undefined, raw);
  if (isError(where)) return { ok: false, error: where.statusCode === 'MISSING_ARGUMENT' ? saveError('MALFORMED_ID', `malformed id ${raw}`) : where };
  if (!ctx.store.schema.get(where.type)?.deletable) return { ok: false, error: saveError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id') };
  const fault = queuedFault(ctx, where.id);
  if (fault) return { ok: false, error: fault };
  return {
    ok: true,
    apply: () => {
      ctx.store.delete(where.type, where.id);
      ctx.stats.wrote('deleted');
      return where.id;
    },
  };
}

function settle(ctx: RouteContext, plans: Plan[], allOrNone: boolean): SaveResult[] {
  const failed = plans.filter((p) => !p.ok).length;
  ctx.stats.wrote('failed', allOrNone && failed > 0 ? plans.length : failed);
  if (allOrNone && failed > 0) return plans.map((p) => ({ success: false, errors: [p.ok ? ROLLED_BACK : p.error] }));
  return plans.map((p) => (p.ok ? { id: p.apply(), success: true, errors: [] } : { success: false, errors: [p.error] }));
}

/** Creates or updates the requested records (in order), as `actorId` for defaults such as OwnerId. */
export function saveRecords(ctx: RouteContext, mode: WriteMode, requests: readonly WriteRequest[], allOrNone: boolean, actorId: string): SaveResult[] {
  return settle(ctx, requests.map((r) => planSave(ctx, mode, r, actorId)), allOrNone);
}

/** Moves the records to the recycle bin. */
export function deleteRecords(ctx: RouteContext, ids: readonly string[], allOrNone: boolean): SaveResult[] {
  return settle(ctx, ids.map((id) => planDelete(ctx, id)), allOrNone);
}
