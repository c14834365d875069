import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { createHubSpotOAuthRouter, type HubSpotInstall, type HubSpotInstallFlow } from '../../../server/src/api/oauth-routes.js';
import { OAuthStateSigner } from '../../../server/src/api/oauth-state.js';
import type { Clock } from '../../../server/src/clock/clock.js';
import { loadHubSpotAppScopes } from '../../../server/src/connectors/hubspot/app-scopes.js';
import { HubSpotOAuth, type HubSpotOAuthApp } from '../../../server/src/connectors/hubspot/oauth.js';
import { createHubSpotCredentials, type HubSpotCredentialsFor } from '../../../server/src/runtime/credentials.js';
import { createHubSpotSandbox, type HubSpotSandbox } from '../../../server/src/sandbox/hubspot/create-sandbox.js';
import { deriveSubkey } from '../../../server/src/secrets/encryption-keys.js';
import { SecretBox } from '../../../server/src/secrets/secret-box.js';
import type { Database } from '../../../server/src/store/database.js';
import type { Tenant } from '../../../server/src/store/tenants.js';
import { buildPortal } from '../../fixtures/hubspot/portal-builder.js';

export const PRIVATE_APP_TOKEN = 'pat-na1-oauth-harness-private-token';
export const CLIENT_SECRET = `client-secret-${randomBytes(12).toString('hex')}`;

/** A clock tests move by hand; the sandbox, the state signer and the credentials all read it. */
export function movableClock(start = '2026-03-02T09:00:00Z') {
  let now = new Date(start).getTime();
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advanceMinutes: (minutes: number) => (now += minutes * 60_000) };
}

export interface OAuthHarness {
  origin: string;
  sandboxBase: string;
  sandbox: HubSpotSandbox;
  box: SecretBox;
  clock: Clock;
  advanceMinutes(minutes: number): void;
  installs: Array<{ tenant: Tenant; install: HubSpotInstall }>;
  /** Every log line the routes and the credentials wrote. */
  logs: string[];
  /** What `onInstalled` does (default: nothing beyond recording the install in `installs`); tests may replace it. */
  hooks: { onInstalled: (tenant: Tenant, install: HubSpotInstall) => Promise<void> };
  /** A credentials provider as one worker process would build it. */
  newCredentials(): HubSpotCredentialsFor;
  /** Replace the app the flow uses (e.g. a wrong secret); undefined: OAuth not configured. */
  setApp(change: ((app: HubSpotOAuthApp) => HubSpotOAuthApp) | undefined): void;
  close(): Promise<void>;
}

/** One express app with the HubSpot sandbox at /sandbox/hubspot and the install routes, over real HTTP. */
export async function startOAuthHarness(db: Database): Promise<OAuthHarness> {
  const { clock, advanceMinutes } = movableClock();
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString()), done()) }));
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const states = new OAuthStateSigner(deriveSubkey(key, 'oauth state'), clock);
  const sandbox = createHubSpotSandbox({ data: buildPortal({ companies: 5 }), accessToken: PRIVATE_APP_TOKEN, clientSecret: CLIENT_SECRET, clock, rateLimit: false });
  let flow: HubSpotInstallFlow | undefined;
  const installs: OAuthHarness['installs'] = [];
  const hooks: OAuthHarness['hooks'] = { onInstalled: async () => undefined };

  const app = express();
  app.use('/sandbox/hubspot', sandbox.router);
  app.use(
    createHubSpotOAuthRouter({
      db,
      flow: () => flow,
      onInstalled: async (tenant, install) => {
        installs.push({ tenant, install });
        await hooks.onInstalled(tenant, install);
      },
      clock,
      logger,
    }),
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandboxBase = `${origin}/sandbox/hubspot`;
  const scopes = loadHubSpotAppScopes();
  const baseApp: HubSpotOAuthApp = {
    clientId: sandbox.oauth.clientId,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${origin}/oauth/hubspot/callback`,
    scopes: scopes.required,
    optionalScopes: scopes.optional,
    authorizeUrl: `${sandboxBase}/oauth/authorize`,
    apiBaseUrl: sandboxBase,
  };
  let oauth: HubSpotOAuth | undefined = new HubSpotOAuth(baseApp, clock);
  flow = { oauth, box, states };

  return {
    installs,
    logs,
    hooks,
    origin,
    sandboxBase,
    sandbox,
    box,
    clock,
    advanceMinutes,
    newCredentials: () =>
      createHubSpotCredentials({ db, box, oauth: () => oauth, staticAccessToken: () => undefined, basePath: sandboxBase, clock, logger, installUrl: `${origin}/oauth/hubspot/install` }),
    setApp(change: ((app: HubSpotOAuthApp) => HubSpotOAuthApp) | undefined) {
      oauth = change ? new HubSpotOAuth(change(baseApp), clock) : undefined;
      flow = oauth ? { oauth, box, states } : undefined;
    },
    async close() {
      sandbox.webhooks.close();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/**
 * The browser's side of an install up to HubSpot's redirect back: /install → the consent screen, with the
 * nonce cookie. `consentScreen`: where the browser finds the consent screen the redirect names (a
 * sandbox standing in for app.hubspot.com); the query is sent as the redirect gave it.
 */
export async function startInstall(harness: Pick<OAuthHarness, 'origin'>, options: { consentScreen?: string } = {}) {
  const start = await fetch(`${harness.origin}/oauth/hubspot/install`, { redirect: 'manual' });
  const cookie = start.headers.getSetCookie()[0]?.split(';')[0];
  const authorizeUrl = start.headers.get('location');
  if (!authorizeUrl || !cookie) throw new Error(`install answered ${start.status} without a redirect and a cookie`);
  const consentUrl = options.consentScreen ? `${options.consentScreen}${new URL(authorizeUrl).search}` : authorizeUrl;
  const consent = await fetch(consentUrl, { redirect: 'manual' });
  const callbackUrl = consent.headers.get('location');
  if (!callbackUrl) throw new Error(`the consent screen answered ${consent.status} without a redirect`);
  return { start, authorizeUrl, cookie, callbackUrl, code: new URL(callbackUrl).searchParams.get('code') ?? '' };
}

/** A whole install in one browser: startInstall, then the callback with the cookie. */
export async function installThroughBrowser(harness: Pick<OAuthHarness, 'origin'>, options: { beforeCallback?: () => void; consentScreen?: string } = {}) {
  const started = await startInstall(harness, options);
  options.beforeCallback?.();
  const callback = await fetch(started.callbackUrl, { headers: { cookie: started.cookie }, redirect: 'manual' });
  return { ...started, callback, page: await callback.text() };
}
