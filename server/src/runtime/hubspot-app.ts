/**
 * The HubSpot app side of the service: the OAuth install routes, the encrypted token store and the
 * credentials every job uses (OAuth grants refreshed before expiry, or the private-app / sandbox token).
 * The routes are mounted before the server listens; the OAuth client is created once the public URL
 * (and in sandbox mode the sandbox's own URL) is known.
 */
import type { Router } from 'express';
import { CALLBACK_PATH, INSTALL_PATH, createHubSpotOAuthRouter, type OnHubSpotInstalled } from '../api/oauth-routes.js';
import { OAuthStateSigner } from '../api/oauth-state.js';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/env.js';
import { loadHubSpotAppScopes } from '../connectors/hubspot/app-scopes.js';
import { HUBSPOT_AUTHORIZE_URL, HubSpotOAuth } from '../connectors/hubspot/oauth.js';
import type { Logger } from '../logging/logger.js';
import { decodeEncryptionKey, deriveSubkey } from '../secrets/encryption-keys.js';
import { SecretBox } from '../secrets/secret-box.js';
import type { Database } from '../store/database.js';
import { createHubSpotCredentials, type HubSpotCredentialsFor } from './credentials.js';
import type { LocalSecrets } from './local-secrets.js';
import type { SandboxMode } from './sandbox-mode.js';

export interface HubSpotAppDeps {
  config: Config;
  secrets: LocalSecrets | undefined;
  db: Database;
  clock: Clock;
  logger: Logger;
}

export interface HubSpotApp {
  /** GET /oauth/hubspot/install and /oauth/hubspot/callback (404 with a hint until `start`, or without an app). */
  router: Router;
  /** Once listening: the OAuth client and the tenants' credentials; `onInstalled` runs after each install. */
  start(options: { port: number; hubspotBase: string; sandbox: SandboxMode | undefined; onInstalled: OnHubSpotInstalled }): HubSpotCredentialsFor;
  /** What `start` returned; undefined before it ran. */
  credentials(): HubSpotCredentialsFor | undefined;
}

export function createHubSpotApp(deps: HubSpotAppDeps): HubSpotApp {
  const { config, secrets, db, clock, logger } = deps;
  const encryptionKey = config.encryptionKey ?? (secrets ? decodeEncryptionKey(secrets.encryptionKey) : undefined);
  const box = encryptionKey ? new SecretBox(encryptionKey, config.previousEncryptionKeys) : undefined;
  const states = encryptionKey ? new OAuthStateSigner(deriveSubkey(encryptionKey, 'oauth state'), clock) : undefined;
  let oauth: HubSpotOAuth | undefined;
  let installed: OnHubSpotInstalled | undefined;
  let credentials: HubSpotCredentialsFor | undefined;
  const router = createHubSpotOAuthRouter({
    db,
    flow: () => (oauth && box && states ? { oauth, box, states } : undefined),
    onInstalled: (tenant, install) => (installed ? installed(tenant, install) : Promise.reject(new Error('the service is still starting'))),
    clock,
    logger,
  });
  return {
    router,
    start({ port, hubspotBase, sandbox, onInstalled }) {
      installed = onInstalled;
      // The browser that opens /install must come back to the same host (the state cookie): localhost.
      const publicOrigin = config.publicUrl ?? `http://localhost:${port}`;
      const { clientId, clientSecret, apiBaseUrl } = config.hubspot;
      const app =
        clientId && clientSecret
          ? { clientId, clientSecret, authorizeUrl: HUBSPOT_AUTHORIZE_URL, apiBaseUrl: apiBaseUrl ?? 'https://api.hubapi.com' }
          : sandbox
            ? { clientId: sandbox.hubspot.oauth.clientId, clientSecret: sandbox.hubspot.clientSecret, authorizeUrl: `${hubspotBase}/oauth/authorize`, apiBaseUrl: hubspotBase }
            : undefined;
      if (app) {
        const scopes = loadHubSpotAppScopes();
        oauth = new HubSpotOAuth({ ...app, redirectUri: `${publicOrigin}${CALLBACK_PATH}`, scopes: scopes.required, optionalScopes: scopes.optional }, clock);
      }
      credentials = createHubSpotCredentials({
        db,
        box,
        oauth: () => oauth,
        staticAccessToken: (tenant) => (tenant.isSandbox ? sandbox?.accessToken : config.hubspot.accessToken),
        basePath: hubspotBase,
        clock,
        logger,
        installUrl: `${publicOrigin}${INSTALL_PATH}`,
      });
      return credentials;
    },
    credentials: () => credentials,
  };
}
