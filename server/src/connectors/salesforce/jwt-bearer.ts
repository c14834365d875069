import { createSign } from 'node:crypto';
import { z } from 'zod';
import { CrmError, CrmErrorKind, type CrmErrorDetails } from '../crm-error.js';
import { RECONNECT_SALESFORCE } from './classify-error.js';

/** The connected app and user a server-to-server session is issued for. */
export interface JwtBearerCredentials {
  /** The connected app's consumer key (the JWT's `iss`). */
  consumerKey: string;
  /** The Salesforce username the session acts as (the JWT's `sub`). */
  username: string;
  /** PEM of the private key whose certificate is uploaded to the connected app. */
  privateKeyPem: string;
}

export const TOKEN_ENDPOINT = 'POST /services/oauth2/token';

/** Salesforce accepts an assertion whose `exp` is at most a few minutes ahead. */
const ASSERTION_LIFETIME_S = 180;

const tokenSchema = z.object({ access_token: z.string().min(1), instance_url: z.string().optional(), id: z.string().optional() });
const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * Salesforce refused the grant; `error` / `description` are its OAuth error and error_description,
 * when it sent them. Still named CrmError (metrics count job failures by error name).
 */
export class JwtBearerRefusedError extends CrmError {
  constructor(
    message: string,
    details: CrmErrorDetails,
    readonly error: string | undefined,
    readonly description: string | undefined,
  ) {
    super(message, details);
  }
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * The JWT bearer assertion of the OAuth 2.0 JWT bearer flow: RS256 over `{"alg":"RS256"}` and the
 * claims iss (consumer key), sub (username), aud (login URL), exp (now + 3 minutes).
 */
export function signJwtAssertion(credentials: JwtBearerCredentials, audience: string, now: number = Date.now()): string {
  const header = base64url(JSON.stringify({ alg: 'RS256' }));
  const claims = base64url(
    JSON.stringify({ iss: credentials.consumerKey, sub: credentials.username, aud: audience, exp: Math.floor(now / 1000) + ASSERTION_LIFETIME_S }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(credentials.privateKeyPem);
  return `${header}.${claims}.${base64url(signature)}`;
}

/** `https://login.salesforce.com/` → `https://login.salesforce.com` (the audience and the token URL's base). */
export const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/**
 * Exchanges a signed assertion for an access token at `${loginUrl}/services/oauth2/token`, with the
 * org's instance URL and the identity URL (`…/id/<orgId>/<userId>`) when Salesforce names them. A
 * refused grant (`invalid_grant`, `invalid_client_id`...) is an AUTH JwtBearerRefusedError; a 5xx
 * or a network failure is a TEMPORARY CrmError.
 */
export async function requestJwtBearerToken(
  credentials: JwtBearerCredentials,
  options: { loginUrl: string; timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<{ accessToken: string; instanceUrl: string | undefined; identityUrl: string | undefined }> {
  const loginUrl = trimSlash(options.loginUrl);
  const body = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: signJwtAssertion(credentials, loginUrl),
  });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(`${loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
  } catch (error) {
    throw new CrmError(`Salesforce ${TOKEN_ENDPOINT}: no answer from ${loginUrl} (${error instanceof Error ? error.message : String(error)})`, {
      kind: CrmErrorKind.Temporary,
      crm: 'salesforce',
      endpoint: TOKEN_ENDPOINT,
      cause: error,
    });
  }
  const text = await response.text();
  const json = safeJson(text);
  if (response.ok) {
    const token = tokenSchema.safeParse(json);
    if (token.success) return { accessToken: token.data.access_token, instanceUrl: token.data.instance_url, identityUrl: token.data.id };
    throw new CrmError(`Salesforce ${TOKEN_ENDPOINT} answered ${response.status} without an access token`, {
      kind: CrmErrorKind.Unknown,
      crm: 'salesforce',
      endpoint: TOKEN_ENDPOINT,
      status: response.status,
    });
  }
  const refusal = tokenErrorSchema.safeParse(json);
  const said = refusal.success ? `${refusal.data.error}${refusal.data.error_description ? `: ${refusal.data.error_description}` : ''}` : `HTTP ${response.status}`;
  const details = { crm: 'salesforce' as const, endpoint: TOKEN_ENDPOINT, status: response.status, category: refusal.success ? refusal.data.error : undefined };
  if (response.status >= 500 || response.status === 429) {
    throw new CrmError(`Salesforce ${TOKEN_ENDPOINT} answered ${response.status} (${said})`, { ...details, kind: CrmErrorKind.Temporary });
  }
  throw new JwtBearerRefusedError(
    `Salesforce refused the JWT bearer session for ${credentials.username} (${said}). ${RECONNECT_SALESFORCE}`,
    { ...details, kind: CrmErrorKind.Auth },
    refusal.success ? refusal.data.error : undefined,
    refusal.success ? refusal.data.error_description : undefined,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
