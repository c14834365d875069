import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** HubSpot's token-endpoint refusals: its `status`, and the RFC 6749 `error` it has sent alongside since 2026. */
const TOKEN_ERRORS = {
  BAD_GRANT_TYPE: { error: 'unsupported_grant_type', message: 'grant_type must be authorization_code or refresh_token' },
  BAD_CLIENT_ID: { error: 'invalid_client', message: 'missing or unknown client id' },
  BAD_CLIENT_SECRET: { error: 'invalid_client', message: 'missing or invalid client secret' },
  BAD_AUTH_CODE: { error: 'invalid_grant', message: 'missing or unknown auth code' },
  BAD_REDIRECT_URI: { error: 'invalid_grant', message: 'redirect_uri does not match the redirect_uri of the authorization' },
  BAD_REFRESH_TOKEN: { error: 'invalid_grant', message: 'missing or invalid refresh token' },
} as const;

export type TokenErrorStatus = keyof typeof TOKEN_ERRORS;

/** A 400 from `POST /oauth/v1/token`: `{ status, message, correlationId, error, error_description }`. */
export class TokenEndpointError extends Error {
  constructor(readonly status: TokenErrorStatus) {
    super(TOKEN_ERRORS[status].message);
    this.name = 'TokenEndpointError';
  }

  send(res: Response): void {
    const { error, message } = TOKEN_ERRORS[this.status];
    res.status(400).json({ status: this.status, message, correlationId: randomUUID(), error, error_description: message });
  }
}

/** 401 for an OAuth access token past its expiry, as HubSpot words it. */
export function sendExpiredToken(res: Response, expiredMinutesAgo: number): void {
  res.status(401).json({
    status: 'error',
    message: `The OAuth token used to make this call expired ${expiredMinutesAgo} minute(s) ago.`,
    correlationId: randomUUID(),
    category: 'EXPIRED_AUTHENTICATION',
  });
}

/** 404 for token metadata of a token the sandbox does not know (or no longer honours). */
export function sendUnknownToken(res: Response): void {
  res.status(404).json({ status: 'error', message: 'Token not found', correlationId: randomUUID(), category: 'OBJECT_NOT_FOUND' });
}
