import type { RequestHandler } from 'express';
import { HubSpotApiError, sendError } from './errors.js';

const MISSING =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';
const INVALID = 'The OAuth token used to make this call is invalid or has been revoked.';

/** Accepts only `Authorization: Bearer <accessToken>`; answers 401 INVALID_AUTHENTICATION otherwise. */
export function requireBearer(accessToken: string): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
    if (!match) {
      sendError(res, new HubSpotApiError(401, 'INVALID_AUTHENTICATION', MISSING));
      return;
    }
    if (match[1] !== accessToken) {
      sendError(res, new HubSpotApiError(401, 'INVALID_AUTHENTICATION', INVALID));
      return;
    }
    res.locals.accessToken = match[1];
    next();
  };
}
