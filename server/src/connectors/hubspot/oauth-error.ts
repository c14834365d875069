import { z } from 'zod';
import { classifyHubSpotError } from './classify-error.js';
import { CrmError, CrmErrorKind } from '../crm-error.js';

/**
 * What went wrong with an OAuth call, by what the caller must do:
 * - `revoked_grant`: the refresh token is dead (app uninstalled, access revoked): the tenant must reinstall;
 * - `bad_code`: the authorization code is unknown, expired or used: the install must start again;
 * - `app_config`: HubSpot refused this deployment's client id/secret/redirect URL: an operator must fix the config
 *   (never a reason to disconnect tenants);
 * - `temporary`: 429, 5xx, timeout, network: try again later;
 * - `unknown`: anything else.
 */
export type HubSpotOAuthFailure = 'revoked_grant' | 'bad_code' | 'app_config' | 'temporary' | 'unknown';

const KIND: Record<HubSpotOAuthFailure, CrmErrorKind> = {
  revoked_grant: CrmErrorKind.Auth,
  bad_code: CrmErrorKind.Invalid,
  app_config: CrmErrorKind.Invalid,
  temporary: CrmErrorKind.Temporary,
  unknown: CrmErrorKind.Unknown,
};

const HINT: Record<HubSpotOAuthFailure, string> = {
  revoked_grant: 'the refresh token was revoked (the app was uninstalled from the portal or its access removed); reinstall Telltale in the HubSpot portal',
  bad_code: 'the authorization code is unknown, expired or already used; start the install again',
  app_config: "HubSpot refused the app's credentials; check HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and that the app's redirect URL is this service's /oauth/hubspot/callback",
  temporary: 'HubSpot could not be reached or is busy; try again',
  unknown: 'unexpected answer',
};

/** A failed OAuth call. A CrmError, so jobs handle it like any CRM failure; its message never carries a token, code or secret. */
export class HubSpotOAuthError extends CrmError {
  override name = 'HubSpotOAuthError';
  constructor(
    message: string,
    readonly failure: HubSpotOAuthFailure,
    details: { endpoint: string; status?: number | undefined; hubspotStatus?: string | undefined; correlationId?: string | undefined },
  ) {
    super(message, { kind: KIND[failure], crm: 'hubspot', endpoint: details.endpoint, status: details.status, category: details.hubspotStatus, correlationId: details.correlationId });
  }

  /** HubSpot's `status` (e.g. BAD_REFRESH_TOKEN) or OAuth `error` (e.g. invalid_grant), when it sent one. */
  get hubspotStatus(): string | undefined {
    return this.category;
  }
}

const apiExceptionSchema = z.object({ code: z.number().int().positive(), body: z.unknown() });

/** HubSpot's token-endpoint error body: its own `status`/`message`, and since 2026 also RFC 6749's `error`/`error_description`. */
const tokenErrorSchema = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  correlationId: z.string().optional(),
});

const REVOKED_STATUSES = new Set(['BAD_REFRESH_TOKEN', 'BAD_HUB']);
const CONFIG_STATUSES = new Set(['BAD_CLIENT_ID', 'BAD_CLIENT_SECRET', 'BAD_REDIRECT_URI', 'BAD_GRANT_TYPE']);
const CONFIG_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'unsupported_grant_type']);

export type OAuthCall = 'authorization_code' | 'refresh_token' | 'token_info';

/** The failure an HTTP answer means for a given call (exported for tests against HubSpot's published bodies). */
export function oauthFailureOf(httpStatus: number, body: z.output<typeof tokenErrorSchema>, call: OAuthCall): HubSpotOAuthFailure {
  if (httpStatus === 429 || httpStatus === 408 || httpStatus === 423 || httpStatus >= 500) return 'temporary';
  if (body.status && CONFIG_STATUSES.has(body.status)) return 'app_config';
  const revoked = (body.status && REVOKED_STATUSES.has(body.status)) || body.error === 'invalid_grant' || body.error === 'access_denied';
  if (call === 'refresh_token' && revoked) return 'revoked_grant';
  if (call === 'authorization_code' && (body.status === 'BAD_AUTH_CODE' || body.error === 'invalid_grant')) return 'bad_code';
  if (body.error && CONFIG_ERRORS.has(body.error)) return 'app_config';
  return 'unknown';
}

/**
 * Turns whatever an OAuth call threw into a HubSpotOAuthError. `secrets` (the code, tokens and client
 * secret the call carried) are cut out of the message, which quotes HubSpot's answer and, for a
 * network failure, the library's message (which may contain the URL, and a token in its path).
 */
export function classifyOAuthError(error: unknown, context: { endpoint: string; call: OAuthCall; secrets: readonly string[] }): HubSpotOAuthError {
  const { endpoint } = context;
  const api = apiExceptionSchema.safeParse(error);
  if (!api.success) {
    const base = classifyHubSpotError(error, { endpoint });
    const failure = base.kind === CrmErrorKind.Temporary ? 'temporary' : 'unknown';
    return new HubSpotOAuthError(scrub(`${base.message}: ${HINT[failure]}`, context.secrets), failure, { endpoint });
  }
  const parsed = tokenErrorSchema.safeParse(typeof api.data.body === 'string' ? safeJson(api.data.body) : api.data.body);
  const body = parsed.success ? parsed.data : {};
  const failure = oauthFailureOf(api.data.code, body, context.call);
  const hubspotStatus = body.status && body.status !== 'error' ? body.status : body.error;
  const said = [hubspotStatus, body.message ?? body.error_description].filter(Boolean).join(': ');
  const ref = body.correlationId ? ` (correlationId ${body.correlationId})` : '';
  const message = `HubSpot ${endpoint} answered ${api.data.code}${said ? ` ${said}` : ''}${ref}: ${HINT[failure]}`;
  return new HubSpotOAuthError(scrub(message, context.secrets), failure, { endpoint, status: api.data.code, hubspotStatus, correlationId: body.correlationId });
}

/** Replaces every occurrence of a secret (and of its URL-encoded form) with `[redacted]`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('[redacted]');
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
