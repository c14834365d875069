/**
 * The HubSpot install flow (OAuth 2.0 authorization code):
 * - `GET /oauth/hubspot/install` → 302 to HubSpot's consent screen with the app's client id, scopes,
 *   redirect URL and a signed, expiring `state`; a nonce cookie ties the state to this browser.
 * - `GET /oauth/hubspot/callback?code&state` → checks the state, exchanges the code, asks HubSpot whose
 *   portal the token opens, creates (or reactivates) the tenant `hubspot-<portalId>`, stores the tokens
 *   sealed, runs `onInstalled`, and answers a page saying so. Installing again replaces the tokens.
 * Every outcome is an HTML page for the person installing; none carries a token, code or secret.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock/clock.js';
import { HubSpotOAuthError, type HubSpotOAuth, type HubSpotTokenInfo, type HubSpotTokens } from '../connectors/hubspot/oauth.js';
import type { Logger } from '../logging/logger.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { Database } from '../store/database.js';
import { saveHubSpotGrant } from '../store/tenant-credentials.js';
import { ensureTenant, getTenant, setTenantStatus, tenantIdFor, type Tenant } from '../store/tenants.js';
import { failedExchangePage, installedPage, NOT_CONFIGURED_PAGE, refusedCallbackPage, SETUP_FAILED_PAGE, UNEXPECTED_PAGE } from './oauth-outcomes.js';
import { sendOAuthPage } from './oauth-pages.js';
import type { OAuthStateSigner } from './oauth-state.js';

export const INSTALL_PATH = '/oauth/hubspot/install';
export const CALLBACK_PATH = '/oauth/hubspot/callback';
const NONCE_COOKIE = 'tt_hubspot_install';
const COOKIE_PATH = '/oauth/hubspot';

/** What an install brought: the portal, the scopes granted, and whether the portal was known before. */
export interface HubSpotInstall {
  portalId: number;
  scopes: string[];
  /** The tenant existed (a re-install): its tokens were replaced and, if disconnected, it is active again. */
  reinstall: boolean;
}

/**
 * Runs after the tenant and its tokens are stored (set up the portal's properties, start the first
 * sync). When it throws, the person installing is told setup did not finish and to install again;
 * the tokens stay stored.
 */
export type OnHubSpotInstalled = (tenant: Tenant, install: HubSpotInstall) => Promise<void>;

/** The parts of the install flow; absent when OAuth is not configured. */
export interface HubSpotInstallFlow {
  oauth: HubSpotOAuth;
  /** Seals the tokens at rest. */
  box: SecretBox;
  states: OAuthStateSigner;
}

export interface HubSpotOAuthRouterDeps {
  db: Database;
  /**
   * The flow, or undefined when OAuth is not configured (private-app mode): both routes then answer
   * 404 with a hint. Called per request, so it can be built once the server listens (sandbox mode).
   */
  flow: () => HubSpotInstallFlow | undefined;
  onInstalled: OnHubSpotInstalled;
  clock: Clock;
  logger: Logger;
}

const callbackQuerySchema = z.object({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().min(1).max(2048).optional(),
  error: z.string().max(200).optional(),
});

export function createHubSpotOAuthRouter(deps: HubSpotOAuthRouterDeps): Router {
  const router = Router();

  router.get(INSTALL_PATH, (_req, res) => {
    const flow = deps.flow();
    if (!flow) return sendOAuthPage(res, NOT_CONFIGURED_PAGE);
    const issued = flow.states.issue();
    res.cookie(NONCE_COOKIE, issued.nonce, {
      httpOnly: true,
      // Lax: the cookie comes back on HubSpot's top-level redirect to the callback, never on cross-site sub-requests.
      sameSite: 'lax',
      secure: flow.oauth.app.redirectUri.startsWith('https:'),
      path: COOKIE_PATH,
      maxAge: flow.states.ttlMs,
    });
    res.set('Cache-Control', 'no-store').redirect(302, flow.oauth.authorizationUrl(issued.state));
  });

  router.get(CALLBACK_PATH, async (req, res) => {
    const flow = deps.flow();
    if (!flow) return sendOAuthPage(res, NOT_CONFIGURED_PAGE);
    res.clearCookie(NONCE_COOKIE, { path: COOKIE_PATH });
    try {
      await handleCallback(deps, flow, req, res);
    } catch (error) {
      deps.logger.error({ err: (error as Error).message }, 'hubspot install failed unexpectedly');
      if (!res.headersSent) sendOAuthPage(res, UNEXPECTED_PAGE);
    }
  });

  return router;
}

async function handleCallback(deps: HubSpotOAuthRouterDeps, flow: HubSpotInstallFlow, req: Request, res: Response): Promise<void> {
  const query = callbackQuerySchema.safeParse(req.query);
  if (!query.success) return sendOAuthPage(res, refusedCallbackPage('malformed'));
  const { code, state, error } = query.data;
  if (error !== undefined) {
    deps.logger.info({ error: error.slice(0, 60) }, 'hubspot install not authorised');
    return sendOAuthPage(res, refusedCallbackPage(error === 'access_denied' ? 'access_denied' : 'hubspot_error', error));
  }
  if (!code || !state) return sendOAuthPage(res, refusedCallbackPage('malformed'));
  const check = flow.states.verify(state, readCookie(req, NONCE_COOKIE));
  if (check !== 'ok') {
    deps.logger.warn({ check }, 'hubspot install refused: state');
    return sendOAuthPage(res, refusedCallbackPage(check));
  }

  let tokens: HubSpotTokens;
  let info: HubSpotTokenInfo;
  try {
    tokens = await flow.oauth.exchangeCode(code);
    info = await flow.oauth.tokenInfo(tokens.accessToken);
  } catch (caught) {
    if (!(caught instanceof HubSpotOAuthError)) throw caught;
    deps.logger.warn({ failure: caught.failure, err: caught.message }, 'hubspot install failed: code exchange');
    return sendOAuthPage(res, failedExchangePage(caught.failure));
  }

  const { tenant, reinstall } = await storeInstall(deps, flow, tokens, info);
  const install: HubSpotInstall = { portalId: info.portalId, scopes: info.scopes, reinstall };
  deps.logger.info({ tenant: tenant.id, portalId: info.portalId, reinstall, scopes: info.scopes }, 'hubspot app installed');
  try {
    await deps.onInstalled(tenant, install);
  } catch (error) {
    deps.logger.error({ tenant: tenant.id, err: (error as Error).message }, 'hubspot install: setup after install failed');
    return sendOAuthPage(res, SETUP_FAILED_PAGE);
  }
  sendOAuthPage(res, installedPage(info.portalId, info.hubDomain, reinstall));
}

/** Tenant and tokens in one transaction: a tenant never exists without the tokens of its last install. */
async function storeInstall(deps: HubSpotOAuthRouterDeps, flow: HubSpotInstallFlow, tokens: HubSpotTokens, info: HubSpotTokenInfo): Promise<{ tenant: Tenant; reinstall: boolean }> {
  const externalId = String(info.portalId);
  return deps.db.transaction(async (tx) => {
    const existing = await getTenant(tx, tenantIdFor('hubspot', externalId));
    const created = await ensureTenant(tx, { crm: 'hubspot', externalId, name: info.hubDomain ? `${info.hubDomain} (HubSpot ${externalId})` : `HubSpot portal ${externalId}` });
    // A disconnected tenant is reconnected by installing again; a paused one stays paused (an admin's decision).
    if (created.status === 'disconnected') await setTenantStatus(tx, created.id, 'active', null);
    await saveHubSpotGrant(tx, flow.box, created.id, { ...tokens, scopes: info.scopes }, { kind: 'install', at: deps.clock.now() });
    const tenant = await getTenant(tx, created.id);
    return { tenant: tenant ?? created, reinstall: existing !== undefined };
  });
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
