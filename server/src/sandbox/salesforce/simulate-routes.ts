/**
 * `POST /__simulate` (a sandbox test route, not Salesforce's): changes the org as a user in Salesforce
 * would, so an incremental sync has something to pick up. Writes go through the same checks and
 * side effects as API writes (LastModifiedDate, SystemModstamp, AccountHistory) but use no API
 * requests and meet no injected faults.
 *
 *   { "type": "Account", "id": "001…", "fields": { "ARR__c": 1200 } }       updates a record;
 *   { "type": "Case", "fields": { "AccountId": "001…", "Subject": "…" } }    creates one;
 *   { "type": "Account", "id": "001…", "delete": true }                     deletes one (recycle bin).
 * Answers 200 with the SaveResult, or 400 with Salesforce's error body (nothing written).
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin } from './auth.js';
import { badRequest, SalesforceApiError } from './errors.js';
import { FaultInjector } from './faults.js';
import { deleteRecords, saveRecords } from './record-writes.js';
import type { RouteContext } from './routing.js';
import type { SessionRegistry } from './sessions.js';

const simulateSchema = z.strictObject({
  type: z.string().min(1),
  id: z.string().min(15).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  delete: z.literal(true).optional(),
});

export function simulateRoutes(ctx: RouteContext, sessions: SessionRegistry, consumerSecret: string): Router {
  const router = Router();
  const quiet: RouteContext = { ...ctx, faults: new FaultInjector() };
  router.post('/__simulate', requireAdmin(sessions, consumerSecret), (req, res) => {
    const parsed = simulateSchema.safeParse(req.body);
    if (!parsed.success || (parsed.data.delete && !parsed.data.id) || (!parsed.data.delete && !parsed.data.fields)) {
      throw badRequest('INVALID_INPUT', '__simulate takes { type, id?, fields } or { type, id, delete: true }');
    }
    const { type, id, fields, delete: remove } = parsed.data;
    const actor = ctx.store.integrationUser.id;
    const [result] = remove && id
      ? deleteRecords(quiet, [id], true)
      : saveRecords(quiet, id ? 'update' : 'create', [{ type, ...(id ? { id } : {}), fields: fields ?? {} }], true, actor);
    const error = result?.errors[0];
    if (!result?.success) throw new SalesforceApiError(400, error?.statusCode ?? 'UNKNOWN_EXCEPTION', error?.message ?? 'not saved', error?.fields ?? []);
    res.json(result);
  });
  return router;
}
