import type { RequestHandler } from 'express';
import { HubSpotApiError, sendError } from './errors.js';
import type { HubSpotObjectType } from './portal-data.js';
import { parseObjectType } from './object-types.js';

const MISSING_SCOPES =
  "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.";

type Access = 'read' | 'write';

function typeOf(raw: string | undefined): HubSpotObjectType | undefined {
  try {
    return parseObjectType(raw);
  } catch {
    return undefined;
  }
}

/** Record scopes: `crm.objects.<type>.<access>`, except tickets, whose legacy `tickets` scope HubSpot still asks for. */
function objectScopes(type: HubSpotObjectType, access: Access): string[] {
  return type === 'tickets' ? ['tickets'] : [`crm.objects.${type}.${access}`];
}

/** Property definitions: reading takes the schema or the record read scope, changing them the schema write scope. */
function schemaScopes(type: HubSpotObjectType, access: Access): string[] {
  if (access === 'write') return type === 'tickets' ? ['crm.schemas.tickets.write', 'tickets'] : [`crm.schemas.${type}.write`];
  return [`crm.schemas.${type}.read`, ...objectScopes(type, 'read')];
}

/**
 * The scopes HubSpot accepts for a request (any one of them suffices), or undefined for routes the
 * sandbox does not check (account info, unknown paths, which the routes answer themselves).
 */
export function acceptedScopes(method: string, path: string): string[] | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  const isRead = method === 'GET' || /\/(search|batch\/read)$/.test(path);
  const access: Access = isRead ? 'read' : 'write';
  if (segments[0] !== 'crm') return undefined;
  if (segments[1] === 'v3' && segments[2] === 'owners') return ['crm.objects.owners.read'];
  if (segments[1] === 'v3' && segments[2] === 'objects') {
    const type = typeOf(segments[3]);
    return type ? objectScopes(type, access) : undefined;
  }
  if (segments[1] === 'v3' && segments[2] === 'properties') {
    const type = typeOf(segments[3]);
    return type ? schemaScopes(type, access) : undefined;
  }
  if (segments[1] === 'v4') {
    // /crm/v4/associations/{from}/{to}/batch/read and /crm/v4/objects/{from}/{id}/associations/{to}
    const type = typeOf(segments[3]);
    return type ? objectScopes(type, 'read') : undefined;
  }
  return undefined;
}

/** Answers 403 MISSING_SCOPES, with HubSpot's body, to requests the granted scopes do not cover. */
export function requireScopes(granted: readonly string[]): RequestHandler {
  const has = new Set(granted);
  return (req, res, next) => {
    const accepted = acceptedScopes(req.method, req.path);
    if (accepted === undefined || accepted.some((scope) => has.has(scope))) {
      next();
      return;
    }
    sendError(
      res,
      new HubSpotApiError(403, 'MISSING_SCOPES', MISSING_SCOPES, {
        errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: accepted } }],
        links: { scopes: 'https://developers.hubspot.com/scopes' },
      }),
    );
  };
}
