/**
 * The org's OAuth server for one connected app: the token endpoint's grants (JWT bearer, refresh
 * token, authorization code) and the web-server flow's authorization step (consent is automatic, as
 * for a pre-authorized app). Every grant logs in as the app's user (the org's integration user).
 */
import { createHmac, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Clock } from '../../clock/clock.js';
import { checkJwtBearer, publicKeyFromPem } from './jwt-bearer.js';
import { isRefusal, oauthRefusal, type OAuthRefusal } from './oauth-refusal.js';
import type { Session, SessionRegistry } from './sessions.js';

/** The connected app the org trusts. */
export interface ConnectedAppOptions {
  /** Consumer key: the JWT `iss` and the OAuth `client_id`. */
  consumerKey: string;
  /** Consumer secret: required with refresh and authorization-code grants; signs token responses. */
  consumerSecret: string;
  /** PEM certificate (or public key) uploaded to the app for the JWT bearer flow; without it JWT logins are refused. */
  certificate?: string;
  /** Callback URLs for the web-server flow; when absent any http(s) URL is accepted. */
  callbackUrls?: readonly string[];
  /** `aud` values accepted besides the login URL the request reached (e.g. a public URL behind a proxy). */
  audiences?: readonly string[];
}

/** The token endpoint's answer. */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  signature: string;
  scope: string;
  instance_url: string;
  id: string;
  token_type: 'Bearer';
  issued_at: string;
}

/** Constant-time comparison of a presented secret with the expected one. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const CODE_TTL_MS = 15 * 60_000;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export class OAuthServer {
  private readonly publicKey: KeyObject | undefined;
  private readonly codes = new Map<string, { redirectUri: string; expiresAt: number }>();

  constructor(
    readonly app: ConnectedAppOptions,
    private readonly user: { id: string; username: string; orgId: string },
    readonly sessions: SessionRegistry,
    private readonly clock: Clock,
  ) {
    this.publicKey = app.certificate ? publicKeyFromPem(app.certificate) : undefined;
  }

  /** The identity URL Salesforce returns as `id`. */
  identityUrl(loginUrl: string): string {
    return `${loginUrl}/id/${this.user.orgId}/${this.user.id}`;
  }

  tokenResponse(session: Session, loginUrl: string, withRefreshToken = false): TokenResponse {
    const id = this.identityUrl(loginUrl);
    const issuedAt = String(session.issuedAt);
    const signature = createHmac('sha256', this.app.consumerSecret).update(id + issuedAt).digest('base64');
    return {
      access_token: session.accessToken,
      ...(withRefreshToken && session.refreshToken ? { refresh_token: session.refreshToken } : {}),
      signature, scope: session.scope, instance_url: loginUrl, id, token_type: 'Bearer', issued_at: issuedAt,
    };
  }

  /** POST /services/oauth2/token with the form's parameters. */
  token(params: Record<string, string | undefined>, loginUrl: string): TokenResponse | OAuthRefusal {
    switch (params.grant_type) {
      case JWT_BEARER:
        return this.jwtBearer(params.assertion, loginUrl);
      case 'refresh_token': {
        const client = this.checkClient(params);
        if (client) return client;
        const session = this.sessions.refresh(params.refresh_token ?? '');
        return session ? this.tokenResponse(session, loginUrl) : oauthRefusal('invalid_grant', 'expired access/refresh token');
      }
      case 'authorization_code': {
        const client = this.checkClient(params);
        if (client) return client;
        const code = this.codes.get(params.code ?? '');
        this.codes.delete(params.code ?? '');
        if (!code || code.expiresAt <= this.clock.now().getTime()) return oauthRefusal('invalid_grant', 'invalid authorization code');
        if (code.redirectUri !== params.redirect_uri) return oauthRefusal('redirect_uri_mismatch', 'redirect_uri must match configuration');
        const session = this.sessions.issue(this.user.id, { scope: 'refresh_token api', withRefreshToken: true });
        return this.tokenResponse(session, loginUrl, true);
      }
      default:
        return oauthRefusal('unsupported_grant_type', 'grant type not supported');
    }
  }

  /**
   * GET /services/oauth2/authorize (web-server flow): the redirect back to the app with a code, or a
   * refusal for an unknown client or callback (Salesforce shows those on an error page, no redirect).
   */
  authorize(params: Record<string, string | undefined>): { redirect: string } | OAuthRefusal {
    if (params.client_id !== this.app.consumerKey) return oauthRefusal('invalid_client_id', 'client identifier invalid');
    if (params.response_type !== 'code') return oauthRefusal('invalid_request', 'unsupported response_type');
    const redirectUri = params.redirect_uri ?? '';
    const allowed = this.app.callbackUrls ? this.app.callbackUrls.includes(redirectUri) : /^https?:\/\//.test(redirectUri);
    if (!allowed) return oauthRefusal('redirect_uri_mismatch', 'redirect_uri must match configuration');
    const code = `aPr${randomBytes(36).toString('base64url')}`;
    this.codes.set(code, { redirectUri, expiresAt: this.clock.now().getTime() + CODE_TTL_MS });
    const url = new URL(redirectUri);
    url.searchParams.set('code', code);
    if (params.state !== undefined) url.searchParams.set('state', params.state);
    return { redirect: url.toString() };
  }

  private jwtBearer(assertion: string | undefined, loginUrl: string): TokenResponse | OAuthRefusal {
    if (!this.publicKey) return oauthRefusal('invalid_client', 'no certificate is registered for this connected app');
    const result = checkJwtBearer(assertion, {
      consumerKey: this.app.consumerKey,
      publicKey: this.publicKey,
      audiences: [loginUrl, `${loginUrl}/`, ...(this.app.audiences ?? [])],
      approvedUsernames: [this.user.username],
      nowMs: this.clock.now().getTime(),
    });
    if (isRefusal(result)) return result;
    return this.tokenResponse(this.sessions.issue(this.user.id, { scope: 'api' }), loginUrl);
  }

  private checkClient(params: Record<string, string | undefined>): OAuthRefusal | undefined {
    if (params.client_id !== this.app.consumerKey) return oauthRefusal('invalid_client_id', 'client identifier invalid');
    if (!sameSecret(params.client_secret ?? '', this.app.consumerSecret)) return oauthRefusal('invalid_client', 'invalid client credentials');
    return undefined;
  }
}
