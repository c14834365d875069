import type { RequestHandler } from 'express';
import { HubSpotApiError, sendError } from './errors.js';
import { sendExpiredToken } from './oauth-errors.js';
import type { OAuthGrants } from './oauth-grants.js';

const MISSING =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';
const INVALID = 'The OAuth token used to make this call is invalid or has been revoked.';

/**
 * Accepts `Authorization: Bearer <accessToken>` or an unexpired access token `oauth` issued; answers 401
 * EXPIRED_AUTHENTICATION for an expired OAuth token and 401 INVALID_AUTHENTICATION otherwise.
 */
export function requireBearer(accessToken: string, oauth?: Pick<OAuthGrants, 'checkAccessToken'>): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
    if (!match) {
      sendError(res, new HubSpotApiError(401, 'INVALID_AUTHENTICATION', MISSING));
      return;
    }
    const oauthCheck = match[1] === accessToken ? undefined : (oauth?.checkAccessToken(match[1] ?? '') ?? { state: 'unknown' });
    if (oauthCheck?.state === 'expired') {
      sendExpiredToken(res, oauthCheck.minutesAgo);
      return;
    }
    if (oauthCheck?.state === 'unknown') {
      sendError(res, new HubSpotApiError(401, 'INVALID_AUTHENTICATION', INVALID));
      return;
    }
    res.locals.accessToken = match[1];
    next();
  };
}
