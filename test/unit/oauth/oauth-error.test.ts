import { describe, expect, it } from 'vitest';
import { CrmErrorKind } from '../../../server/src/connectors/crm-error.js';
import { classifyOAuthError, oauthFailureOf, scrub } from '../../../server/src/connectors/hubspot/oauth-error.js';
import badAuthCode from './fixtures/bad-auth-code.json' with { type: 'json' };
import badClientId from './fixtures/bad-client-id.json' with { type: 'json' };
import badHub from './fixtures/bad-hub.json' with { type: 'json' };
import badRefreshLegacy from './fixtures/bad-refresh-token-legacy.json' with { type: 'json' };
import badRefresh from './fixtures/bad-refresh-token.json' with { type: 'json' };

/** The shape @hubspot/api-client throws for a non-2xx answer. */
const apiException = (code: number, body: unknown) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers: {} });

describe('classifying HubSpot OAuth failures', () => {
  it('reads a revoked refresh token (current and older bodies, and a deleted portal) as a revoked grant', () => {
    for (const body of [badRefresh, badRefreshLegacy, badHub]) expect(oauthFailureOf(400, body, 'refresh_token')).toBe('revoked_grant');
  });

  it('reads a used or unknown authorization code as a bad code, never as a revoked grant', () => {
    expect(oauthFailureOf(400, badAuthCode, 'authorization_code')).toBe('bad_code');
    expect(oauthFailureOf(400, { error: 'invalid_grant' }, 'authorization_code')).toBe('bad_code');
  });

  it("reads refusals of the app's own credentials as configuration, so they never disconnect a tenant", () => {
    for (const call of ['authorization_code', 'refresh_token'] as const) {
      expect(oauthFailureOf(400, badClientId, call)).toBe('app_config');
      expect(oauthFailureOf(400, { status: 'BAD_CLIENT_SECRET', error: 'invalid_client' }, call)).toBe('app_config');
      expect(oauthFailureOf(400, { status: 'BAD_REDIRECT_URI', error: 'invalid_grant' }, call)).toBe('app_config');
    }
  });

  it('reads 429 and 5xx as temporary, and an unrecognised 4xx as unknown', () => {
    expect(oauthFailureOf(429, {}, 'refresh_token')).toBe('temporary');
    expect(oauthFailureOf(503, badRefresh, 'refresh_token')).toBe('temporary');
    expect(oauthFailureOf(401, {}, 'refresh_token')).toBe('unknown');
    expect(oauthFailureOf(404, { status: 'error', message: 'Token not found' }, 'token_info')).toBe('unknown');
  });

  it('makes a revoked grant an AUTH CrmError quoting HubSpot, telling the admin to reinstall', () => {
    const error = classifyOAuthError(apiException(400, badRefreshLegacy), { endpoint: 'POST /oauth/v1/token', call: 'refresh_token', secrets: [] });
    expect(error.kind).toBe(CrmErrorKind.Auth);
    expect(error.failure).toBe('revoked_grant');
    expect(error.hubspotStatus).toBe('BAD_REFRESH_TOKEN');
    expect(error.status).toBe(400);
    expect(error.correlationId).toBe(badRefreshLegacy.correlationId);
    expect(error.message).toMatch(/answered 400 BAD_REFRESH_TOKEN: missing or invalid refresh token .*reinstall Telltale/);
  });

  it('keeps tokens, codes and the client secret out of the message, even when the library quotes the URL', () => {
    const token = 'CJSP5qf1LxICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';
    const network = Object.assign(new Error(`request to https://api.hubapi.com/oauth/v1/access-tokens/${token} failed, reason: connect ECONNREFUSED`), { code: 'ECONNREFUSED' });
    const error = classifyOAuthError(network, { endpoint: 'GET /oauth/v1/access-tokens/{token}', call: 'token_info', secrets: [token] });
    expect(error.failure).toBe('temporary');
    expect(error.kind).toBe(CrmErrorKind.Temporary);
    expect(error.message).not.toContain(token);
    const odd = new Error(`invalid json response body at https://api.hubapi.com/oauth/v1/access-tokens/${token} reason: Unexpected token <`);
    const unknown = classifyOAuthError(odd, { endpoint: 'GET /oauth/v1/access-tokens/{token}', call: 'token_info', secrets: [token] });
    expect(unknown.failure).toBe('unknown');
    expect(unknown.message).not.toContain(token);
    expect(unknown.message).toContain('access-tokens/[redacted]');
    const echoed = classifyOAuthError(apiException(400, { status: 'BAD_AUTH_CODE', message: 'unknown code abc-123-code' }), {
      endpoint: 'POST /oauth/v1/token',
      call: 'authorization_code',
      secrets: ['abc-123-code', 'the-client-secret'],
    });
    expect(echoed.message).not.toContain('abc-123-code');
  });

  it('scrubs URL-encoded forms of a secret as well', () => {
    expect(scrub('x=a%2Fb%3D and a/b=', ['a/b='])).toBe('x=[redacted] and [redacted]');
  });
});
