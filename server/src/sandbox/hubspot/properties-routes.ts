import { Router } from 'express';
import type { HubSpotObjectType, PropertyDefinition, PropertyGroup } from './portal-data.js';
import { HubSpotApiError, batchErrorEntry, notFoundError, validationError } from './errors.js';
import { parseObjectType } from './object-types.js';
import { parsePropertyCreate, parsePropertyUpdate } from './property-input.js';
import { batchInputs, booleanParam, bodyObject } from './request-params.js';
import { addRoute, type RouteContext } from './routing.js';

function propertyExists(name: string, type: HubSpotObjectType): HubSpotApiError {
  return new HubSpotApiError(409, 'OBJECT_ALREADY_EXISTS', `A property named '${name}' already exists.`, {
    subCategory: 'PropertyValidationError.PROPERTY_EXISTS',
    context: { name: [name], objectType: [type] },
  });
}

function groupExists(name: string): HubSpotApiError {
  return new HubSpotApiError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${name}' already exists.`, { context: { name: [name] } });
}

/** GET/POST/PATCH of /crm/v3/properties/{objectType}[/{propertyName}|/batch/create|/groups[/{groupName}]]. */
export function propertiesRoutes(ctx: RouteContext): Router {
  const router = Router();
  const { catalog } = ctx.store;
  const now = () => ctx.clock.now().toISOString();

  const createOne = (type: HubSpotObjectType, raw: unknown): PropertyDefinition => {
    const def = parsePropertyCreate(raw, now());
    if (catalog.exists(type, def.name)) throw propertyExists(def.name, type);
    if (!catalog.group(type, def.groupName)) {
      throw validationError(`Property group ${def.groupName} does not exist.`, { context: { groupName: [def.groupName] } });
    }
    return catalog.put(type, def);
  };

  addRoute(router, ctx, 'get', '/crm/v3/properties/:objectType/groups', (req, res) => {
    res.json({ results: catalog.listGroups(parseObjectType(req.params.objectType as string)) });
  });

  addRoute(router, ctx, 'get', '/crm/v3/properties/:objectType/groups/:groupName', (req, res) => {
    const group = catalog.group(parseObjectType(req.params.objectType as string), req.params.groupName as string);
    if (!group || group.archived) throw notFoundError(`Property group ${String(req.params.groupName)} does not exist.`);
    res.json(group);
  });

  addRoute(router, ctx, 'post', '/crm/v3/properties/:objectType/groups', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const body = bodyObject(req);
    if (typeof body.name !== 'string' || typeof body.label !== 'string') throw validationError('Invalid input JSON: name and label are required');
    if (catalog.group(type, body.name)) throw groupExists(body.name);
    const group: PropertyGroup = { name: body.name, label: body.label, displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1, archived: false };
    res.status(201).json(catalog.putGroup(type, group));
  });

  addRoute(router, ctx, 'patch', '/crm/v3/properties/:objectType/groups/:groupName', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const group = catalog.group(type, req.params.groupName as string);
    if (!group || group.archived) throw notFoundError(`Property group ${String(req.params.groupName)} does not exist.`);
    const body = bodyObject(req);
    const updated = { ...group, ...(typeof body.label === 'string' ? { label: body.label } : {}), ...(typeof body.displayOrder === 'number' ? { displayOrder: body.displayOrder } : {}) };
    res.json(catalog.putGroup(type, updated));
  });

  addRoute(router, ctx, 'post', '/crm/v3/properties/:objectType/batch/create', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const startedAt = now();
    const results: PropertyDefinition[] = [];
    const errors = [];
    for (const input of batchInputs(bodyObject(req), 100)) {
      try {
        results.push(createOne(type, input));
      } catch (error) {
        if (!(error instanceof HubSpotApiError)) throw error;
        errors.push(batchErrorEntry(error.category, error.message, error.extras));
      }
    }
    const body = { status: 'COMPLETE', results, startedAt, completedAt: now() };
    if (errors.length === 0) res.status(201).json(body);
    else res.status(207).json({ ...body, numErrors: errors.length, errors });
  });

  addRoute(router, ctx, 'get', '/crm/v3/properties/:objectType', (req, res) => {
    res.json({ results: catalog.list(parseObjectType(req.params.objectType as string), booleanParam(req, 'archived')) });
  });

  addRoute(router, ctx, 'get', '/crm/v3/properties/:objectType/:propertyName', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const name = req.params.propertyName as string;
    const def = catalog.list(type, booleanParam(req, 'archived')).find((d) => d.name === name);
    if (!def) throw notFoundError(`Unable to find property ${name} on object type ${type}`, { context: { propertyName: [name] } });
    res.json(def);
  });

  addRoute(router, ctx, 'post', '/crm/v3/properties/:objectType', (req, res) => {
    res.status(201).json(createOne(parseObjectType(req.params.objectType as string), bodyObject(req)));
  });

  addRoute(router, ctx, 'patch', '/crm/v3/properties/:objectType/:propertyName', (req, res) => {
    const type = parseObjectType(req.params.objectType as string);
    const name = req.params.propertyName as string;
    const def = catalog.get(type, name);
    if (!def) throw notFoundError(`Unable to find property ${name} on object type ${type}`, { context: { propertyName: [name] } });
    if (def.modificationMetadata.readOnlyDefinition) throw validationError(`Property ${name} is read-only and cannot be modified.`, { context: { propertyName: [name] } });
    const updated = parsePropertyUpdate(def, bodyObject(req), now());
    if (!catalog.group(type, updated.groupName)) throw validationError(`Property group ${updated.groupName} does not exist.`, { context: { groupName: [updated.groupName] } });
    res.json(catalog.put(type, updated));
  });

  return router;
}
