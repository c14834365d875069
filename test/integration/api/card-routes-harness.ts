/** The card API over real HTTP for tests, and card requests signed the way `hubspot.fetch` signs them. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createCardRouter, type CardRouterDeps } from '../../../server/src/api/card-routes.js';
import { signatureV3 } from '../../../server/src/api/hubspot-signature.js';

export const CARD_SECRET = 'card-app-client-secret-for-tests';

export interface CardApp {
  origin: string;
  close(): Promise<void>;
}

/** The card router on a free port, as the service mounts it (at the root, before a catch-all 404). */
export async function startCardApp(deps: Omit<CardRouterDeps, 'clientSecret'> & Partial<Pick<CardRouterDeps, 'clientSecret'>>): Promise<CardApp> {
  const app = express();
  app.use(createCardRouter({ clientSecret: () => CARD_SECRET, ...deps }));
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'no such endpoint' });
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done()))) };
}

export interface CardCall {
  method: 'GET' | 'POST';
  /** The path without the query, e.g. /api/v1/hubspot/portfolio. */
  path: string;
  portalId: string | null;
  body?: string;
  /** What to sign instead of the request as sent (to tamper with one part). */
  signed?: { url?: string; body?: string; timestamp?: number; secret?: string };
  /** Send this signature header instead of the computed one (null: no header). */
  signature?: string | null;
}

/** The query string hubspot.fetch appends. */
export function hubspotQuery(portalId: string | null): string {
  const params = new URLSearchParams();
  if (portalId !== null) params.set('portalId', portalId);
  params.set('userId', '5150');
  params.set('userEmail', 'csm@example.com');
  params.set('appId', '77');
  return params.toString();
}

/** Sends a card request signed with the app secret at `now` (epoch ms); answers status and JSON body. */
export async function cardRequest(app: CardApp, call: CardCall, now: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = `${app.origin}${call.path}?${hubspotQuery(call.portalId)}`;
  const body = call.body ?? '';
  const timestamp = String(call.signed?.timestamp ?? now);
  const signature =
    call.signature !== undefined
      ? call.signature
      : signatureV3({ clientSecret: call.signed?.secret ?? CARD_SECRET, method: call.method, url: call.signed?.url ?? url, body: call.signed?.body ?? body, timestamp });
  const headers: Record<string, string> = { 'x-hubspot-request-timestamp': timestamp };
  if (signature !== null) headers['x-hubspot-signature-v3'] = signature;
  if (call.method === 'POST') headers['content-type'] = 'application/json';
  const response = await fetch(url, { method: call.method, headers, ...(call.method === 'POST' ? { body } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
