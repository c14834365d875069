/**
 * `POST /__simulate` (a sandbox test route, not HubSpot's): changes the portal as a user in HubSpot's
 * UI would, so the product's near-real-time path can be exercised — the change is written with
 * `CRM_UI` as its source and sent to the app's webhook target like any other change.
 *
 *   { "objectType": "companies", "objectId": "123", "properties": { "lifecyclestage": "other" } }
 *     updates a record;
 *   { "objectType": "tickets", "properties": { ... }, "companyId": "123" }
 *     creates a record (associated with the company when `companyId` is given).
 */
import { Router } from 'express';
import { z } from 'zod';
import { associationTypeId } from '../portfolio/associations.js';
import { notFoundError, validationError } from './errors.js';
import { parseObjectType } from './object-types.js';
import type { PortalStore } from './portal-store.js';
import { renderRecord } from './record-view.js';

const simulateSchema = z.strictObject({
  objectType: z.string().min(1),
  objectId: z.string().regex(/^\d+$/).optional(),
  properties: z.record(z.string(), z.string().nullable()).refine((p) => Object.keys(p).length > 0, 'at least one property'),
  companyId: z.string().regex(/^\d+$/).optional(),
});

export function simulateRoutes(store: PortalStore): Router {
  const router = Router();
  router.post('/__simulate', (req, res) => {
    const parsed = simulateSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw validationError(`__simulate: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
    }
    const { objectId, properties, companyId } = parsed.data;
    const type = parseObjectType(parsed.data.objectType);
    const unknown = Object.keys(properties).filter((name) => !store.catalog.get(type, name));
    if (unknown.length > 0) throw validationError(`__simulate: unknown ${type} properties: ${unknown.join(', ')}`);
    if (objectId) {
      const record = store.updateRecord(type, objectId, properties, { sourceType: 'CRM_UI' });
      if (!record) throw notFoundError(`__simulate: no ${type} record ${objectId}`);
      res.json(renderRecord(store, type, record, { properties: Object.keys(properties) }));
      return;
    }
    if (companyId && !store.getRecord('companies', companyId)) throw notFoundError(`__simulate: no company ${companyId}`);
    const record = store.createRecord(type, properties, { sourceType: 'CRM_UI' });
    if (companyId && type !== 'companies') {
      store.addAssociation({ fromType: type, fromId: record.id, toType: 'companies', toId: companyId, typeId: associationTypeId(type, 'companies'), category: 'HUBSPOT_DEFINED', label: null }, 'CRM_UI');
    }
    res.status(201).json(renderRecord(store, type, record, { properties: Object.keys(properties) }));
  });
  return router;
}
