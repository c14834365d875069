import { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { Clock } from '../../clock/clock.js';
import { crmCalls } from '../../observability/metrics.js';
import { RequestTimeoutError } from './classify-error.js';
import { classifyOAuthError, type HubSpotOAuthError, type OAuthCall } from './oauth-error.js';

export { HubSpotOAuthError, type HubSpotOAuthFailure } from './oauth-error.js';

/** HubSpot's consent screen; the sandbox serves a stand-in at `<sandbox>/oauth/authorize`. */
export const HUBSPOT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

/** One HubSpot app's OAuth settings (a marketplace app: one client for every portal that installs it). */
export interface HubSpotOAuthApp {
  clientId: string;
  clientSecret: string;
  /** Exactly as registered in the app (`<public origin>/oauth/hubspot/callback`); the code exchange repeats it. */
  redirectUri: string;
  /** Scopes the install requires and may ask for (read from the app's app-hsmeta.json). */
  scopes: readonly string[];
  optionalScopes?: readonly string[];
  /** HUBSPOT_AUTHORIZE_URL, or the sandbox's stand-in. */
  authorizeUrl: string;
  /** Where `/oauth/v1/*` is called: https://api.hubapi.com, or the sandbox. */
  apiBaseUrl: string;
  /** Per call; default 15 s. */
  timeoutMs?: number;
}

/** The tokens a code exchange or a refresh returns. */
export interface HubSpotTokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
}

/** What HubSpot says about an access token: whose portal it opens, and with which scopes. */
export interface HubSpotTokenInfo {
  portalId: number;
  scopes: string[];
  hubDomain: string | undefined;
  appId: number | undefined;
}

const tokenResponseSchema = z.object({ accessToken: z.string().min(1), refreshToken: z.string().min(1), expiresIn: z.number().positive() });
const tokenInfoSchema = z.object({
  hubId: z.number().int().positive(),
  scopes: z.array(z.string()).default([]),
  hubDomain: z.string().optional(),
  appId: z.number().optional(),
});

const TOKEN_ENDPOINT = 'POST /oauth/v1/token';
const TOKEN_INFO_ENDPOINT = 'GET /oauth/v1/access-tokens/{token}';

/**
 * HubSpot's OAuth 2.0 endpoints through @hubspot/api-client (`oauth.tokensApi`, `oauth.accessTokensApi`):
 * the authorize URL, the code exchange, the refresh and the token metadata. Failures are thrown as
 * HubSpotOAuthError, classified by what the caller must do; nothing here retries or logs.
 */
export class HubSpotOAuth {
  private readonly client: Client;

  constructor(
    readonly app: HubSpotOAuthApp,
    private readonly clock: Clock,
  ) {
    // Same settings as the connector's clients: the library's retry/limiter decorators are process-wide.
    this.client = new Client({ basePath: app.apiBaseUrl, numberOfApiCallRetries: 0 });
  }

  /** Where the install sends the browser: HubSpot's consent screen for this app, carrying `state`. */
  authorizationUrl(state: string): string {
    const params: Array<[string, string]> = [
      ['client_id', this.app.clientId],
      ['scope', this.app.scopes.join(' ')],
      ...(this.app.optionalScopes?.length ? [['optional_scope', this.app.optionalScopes.join(' ')] as [string, string]] : []),
      ['redirect_uri', this.app.redirectUri],
      ['state', state],
    ];
    // encodeURIComponent, not URLSearchParams: scopes are separated by %20, as HubSpot documents, not '+'.
    return `${this.app.authorizeUrl}?${params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
  }

  /** Exchanges the code HubSpot sent to the redirect URL (single-use, short-lived) for tokens. */
  exchangeCode(code: string): Promise<HubSpotTokens> {
    const { clientId, clientSecret, redirectUri } = this.app;
    return this.tokens('authorization_code', [code, clientSecret], () => this.client.oauth.tokensApi.create('authorization_code', code, redirectUri, clientId, clientSecret));
  }

  /** A new access token (and the refresh token to keep: HubSpot may return a new one) for a refresh token. */
  refresh(refreshToken: string): Promise<HubSpotTokens> {
    const { clientId, clientSecret, redirectUri } = this.app;
    return this.tokens('refresh_token', [refreshToken, clientSecret], () =>
      this.client.oauth.tokensApi.create('refresh_token', undefined, redirectUri, clientId, clientSecret, refreshToken),
    );
  }

  /** The portal and scopes an access token belongs to (`hub_id` is the portal id). */
  async tokenInfo(accessToken: string): Promise<HubSpotTokenInfo> {
    const info = await this.call(TOKEN_INFO_ENDPOINT, 'token_info', [accessToken], () => this.client.oauth.accessTokensApi.get(accessToken));
    const parsed = tokenInfoSchema.safeParse(info);
    if (!parsed.success) throw new Error(`HubSpot ${TOKEN_INFO_ENDPOINT} answered without a portal id (hub_id)`);
    return { portalId: parsed.data.hubId, scopes: parsed.data.scopes, hubDomain: parsed.data.hubDomain, appId: parsed.data.appId };
  }

  private async tokens(call: OAuthCall, secrets: string[], run: () => Promise<unknown>): Promise<HubSpotTokens> {
    const answer = await this.call(TOKEN_ENDPOINT, call, secrets, run);
    const parsed = tokenResponseSchema.safeParse(answer);
    if (!parsed.success) throw new Error(`HubSpot ${TOKEN_ENDPOINT} answered without access_token, refresh_token and expires_in`);
    const { accessToken, refreshToken, expiresIn } = parsed.data;
    return { accessToken, refreshToken, accessTokenExpiresAt: new Date(this.clock.now().getTime() + expiresIn * 1000) };
  }

  private async call<T>(endpoint: string, call: OAuthCall, secrets: string[], run: () => Promise<T>): Promise<T> {
    try {
      const result = await withTimeout(run(), this.app.timeoutMs ?? 15_000);
      crmCalls.inc({ crm: 'hubspot', endpoint, status: '200' });
      return result;
    } catch (caught) {
      const error: HubSpotOAuthError = classifyOAuthError(caught, { endpoint, call, secrets: [...secrets, this.app.clientSecret] });
      crmCalls.inc({ crm: 'hubspot', endpoint, status: String(error.status ?? 'error') });
      throw error;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
