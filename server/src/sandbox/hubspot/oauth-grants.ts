import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/clock.js';
import { TokenEndpointError } from './oauth-errors.js';

/** The sandbox app's client id (public, like every OAuth client id); its secret is the sandbox's client secret. */
export const SANDBOX_OAUTH_CLIENT_ID = 'telltale-sandbox-app';

export interface SandboxOAuthOptions {
  /** Default SANDBOX_OAUTH_CLIENT_ID. */
  clientId?: string;
  /** The redirect URLs the app registered; default: any http(s) URL. */
  redirectUris?: readonly string[];
  /** Access-token lifetime; default 1800 s, HubSpot's. */
  accessTokenTtlSeconds?: number;
  /** How long a code can be exchanged; default 300 s. */
  codeTtlSeconds?: number;
  /** `app_id` in token metadata; default 1. */
  appId?: number;
}

/** Why an authorize request was refused (the consent screen shows it instead of redirecting). */
export class AuthorizeRefusal extends Error {
  override name = 'AuthorizeRefusal';
}

/** A `POST /oauth/v1/token` form (snake_case, as HubSpot takes it). */
export interface TokenForm {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  redirect_uri?: string;
  code?: string;
  refresh_token?: string;
}

/** HubSpot's token answer. */
export interface TokenAnswer {
  token_type: 'bearer';
  refresh_token: string;
  access_token: string;
  expires_in: number;
}

/** Whether the API routes take an access token, and if not, since when it is expired. */
export type AccessTokenCheck = { state: 'valid' } | { state: 'expired'; minutesAgo: number } | { state: 'unknown' };

interface Code {
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
}

interface AccessGrant {
  scopes: string[];
  expiresAt: number;
}

const SANDBOX_USER = { id: 1, email: 'sandbox-admin@example.com' };
// Expired access tokens are remembered this long, so a late call hears "expired", not "invalid".
const KEEP_EXPIRED_MS = 24 * 3_600_000;

/**
 * The sandbox's OAuth server state, in memory: codes (single-use, short-lived), access tokens (expire
 * like HubSpot's, 30 minutes) and refresh tokens (valid until revoked). Every grant is for the
 * sandbox's one portal. Time comes from the clock, so tests expire tokens by moving it.
 */
export class OAuthGrants {
  readonly clientId: string;
  private readonly codes = new Map<string, Code>();
  private readonly accessTokens = new Map<string, AccessGrant>();
  private readonly refreshTokens = new Map<string, { scopes: string[] }>();

  constructor(private readonly options: SandboxOAuthOptions & { portalId: number; clientSecret: string; clock: Clock }) {
    this.clientId = options.clientId ?? SANDBOX_OAUTH_CLIENT_ID;
  }

  /** The consent screen's "Connect app": a code for this client, redirect URL and scopes. */
  authorize(request: { clientId: string | undefined; redirectUri: string | undefined; scopes: string[] }): string {
    if (request.clientId !== this.clientId) throw new AuthorizeRefusal(`unknown client_id ${JSON.stringify(request.clientId ?? '')}`);
    if (!request.redirectUri || !isHttpUrl(request.redirectUri)) throw new AuthorizeRefusal('redirect_uri must be an http(s) URL');
    if (this.options.redirectUris && !this.options.redirectUris.includes(request.redirectUri)) {
      throw new AuthorizeRefusal(`redirect_uri ${request.redirectUri} is not one of the app's redirect URLs`);
    }
    if (request.scopes.length === 0) throw new AuthorizeRefusal('scope is required');
    this.prune();
    const code = randomUUID();
    this.codes.set(code, { redirectUri: request.redirectUri, scopes: request.scopes, expiresAt: this.now() + (this.options.codeTtlSeconds ?? 300) * 1000 });
    return code;
  }

  /** `POST /oauth/v1/token`; throws TokenEndpointError with HubSpot's status for every refusal. */
  token(form: TokenForm): TokenAnswer {
    if (form.grant_type !== 'authorization_code' && form.grant_type !== 'refresh_token') throw new TokenEndpointError('BAD_GRANT_TYPE');
    if (form.client_id !== this.clientId) throw new TokenEndpointError('BAD_CLIENT_ID');
    if (form.client_secret !== this.options.clientSecret) throw new TokenEndpointError('BAD_CLIENT_SECRET');
    if (form.grant_type === 'refresh_token') {
      const token = form.refresh_token ?? '';
      const grant = this.refreshTokens.get(token);
      if (!grant) throw new TokenEndpointError('BAD_REFRESH_TOKEN');
      return this.issue(token, grant.scopes);
    }
    const code = form.code ? this.codes.get(form.code) : undefined;
    // Used once, whatever comes of it.
    if (form.code) this.codes.delete(form.code);
    if (!code || code.expiresAt <= this.now()) throw new TokenEndpointError('BAD_AUTH_CODE');
    if (form.redirect_uri !== code.redirectUri) throw new TokenEndpointError('BAD_REDIRECT_URI');
    const refreshToken = `na1-${randomUUID()}`;
    this.refreshTokens.set(refreshToken, { scopes: code.scopes });
    return this.issue(refreshToken, code.scopes);
  }

  /** What the API routes make of a bearer token that is not the private-app token. */
  checkAccessToken(token: string): AccessTokenCheck {
    const grant = this.accessTokens.get(token);
    if (!grant) return { state: 'unknown' };
    const late = this.now() - grant.expiresAt;
    return late < 0 ? { state: 'valid' } : { state: 'expired', minutesAgo: Math.floor(late / 60_000) };
  }

  /** `GET /oauth/v1/access-tokens/{token}` for a live token. */
  accessTokenInfo(token: string): Record<string, unknown> | undefined {
    const grant = this.accessTokens.get(token);
    if (!grant || grant.expiresAt <= this.now()) return undefined;
    const expiresIn = Math.floor((grant.expiresAt - this.now()) / 1000);
    return { token, ...this.owner(), scopes: grant.scopes, app_id: this.options.appId ?? 1, expires_in: expiresIn, token_type: 'access' };
  }

  /** `GET /oauth/v1/refresh-tokens/{token}` for a live refresh token. */
  refreshTokenInfo(token: string): Record<string, unknown> | undefined {
    const grant = this.refreshTokens.get(token);
    return grant ? { token, ...this.owner(), scopes: grant.scopes, client_id: this.clientId, token_type: 'refresh' } : undefined;
  }

  /** `DELETE /oauth/v1/refresh-tokens/{token}` (and an uninstall): the refresh token stops working; issued access tokens run out. */
  revokeRefreshToken(token: string): boolean {
    return this.refreshTokens.delete(token);
  }

  private issue(refreshToken: string, scopes: string[]): TokenAnswer {
    this.prune();
    const ttl = this.options.accessTokenTtlSeconds ?? 1800;
    const accessToken = `sandbox-oauth-${randomBytes(32).toString('base64url')}`;
    this.accessTokens.set(accessToken, { scopes, expiresAt: this.now() + ttl * 1000 });
    return { token_type: 'bearer', refresh_token: refreshToken, access_token: accessToken, expires_in: ttl };
  }

  private owner() {
    return { user: SANDBOX_USER.email, user_id: SANDBOX_USER.id, hub_id: this.options.portalId, hub_domain: `sandbox-${this.options.portalId}.example.com` };
  }

  private prune(): void {
    const now = this.now();
    for (const [code, entry] of this.codes) if (entry.expiresAt <= now) this.codes.delete(code);
    for (const [token, grant] of this.accessTokens) if (grant.expiresAt + KEEP_EXPIRED_MS <= now) this.accessTokens.delete(token);
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
