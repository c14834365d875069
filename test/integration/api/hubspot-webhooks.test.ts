import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signatureV3 } from '../../../server/src/api/hubspot-signature.js';
import { createHubSpotWebhookRouter } from '../../../server/src/api/hubspot-webhooks.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import type { Database } from '../../../server/src/store/database.js';
import { ensureTenant } from '../../../server/src/store/tenants.js';
import { createTestDatabase } from '../../support/test-databases.js';

const SECRET = 'app-client-secret-for-tests';
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const event = (portalId: number, subscriptionType: string, extra: Record<string, unknown> = {}) => ({
  eventId: 100 + portalId,
  subscriptionId: 7,
  portalId,
  appId: 99,
  occurredAt: NOW - 5000,
  subscriptionType,
  attemptNumber: 0,
  objectId: 4242,
  changeSource: 'CRM',
  ...extra,
});

describe('POST /webhooks/hubspot', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let server: Server;
  let origin: string;
  const queued: Array<[string, string, string]> = [];

  beforeAll(async () => {
    ({ db, drop } = await createTestDatabase('pglite'));
    await ensureTenant(db, { crm: 'hubspot', externalId: '111', name: 'Portal 111' });
    const app = express();
    app.use(
      createHubSpotWebhookRouter({
        db,
        queues: {
          enqueueSyncForChange: async (tenantId: string, reason: string) => {
            queued.push([tenantId, 'incremental', reason]);
          },
        },
        clientSecret: () => SECRET,
        clock: { now: () => new Date(NOW) },
        logger: createLogger('silent'),
      }),
    );
    server = app.listen(0);
    await new Promise((done) => server.once('listening', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await drop();
  });
  beforeEach(() => {
    queued.length = 0;
  });

  const send = (body: string, headers: Record<string, string> = {}, sign: { timestamp?: number; secret?: string; url?: string } = {}) => {
    const url = `${origin}/webhooks/hubspot`;
    const timestamp = String(sign.timestamp ?? NOW);
    const signature = signatureV3({ clientSecret: sign.secret ?? SECRET, method: 'POST', url: sign.url ?? url, body, timestamp });
    return fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp, ...headers },
    });
  };

  it('queues one incremental sync per known portal for company, deal, ticket and contact events', async () => {
    const body = JSON.stringify([event(111, 'company.propertyChange', { propertyName: 'arr' }), event(111, 'ticket.creation'), event(111, 'deal.propertyChange')]);
    const answer = await send(body);
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ events: 3, relevant: 3, syncsQueued: ['hubspot-111'] });
    expect(queued).toEqual([['hubspot-111', 'incremental', 'webhook']]);
  });

  it('accepts the object.* event form for CRM object types and ignores other object types', async () => {
    const answer = await send(JSON.stringify([event(111, 'object.propertyChange', { objectTypeId: '0-2' }), event(111, 'object.creation', { objectTypeId: '0-47' })]));
    expect(await answer.json()).toMatchObject({ events: 2, relevant: 1 });
    expect(queued).toHaveLength(1);
  });

  it('ignores changes of Telltale\'s own properties (its write-back would otherwise trigger a sync loop)', async () => {
    const answer = await send(JSON.stringify([event(111, 'company.propertyChange', { propertyName: 'telltale_churn_risk_score', changeSource: 'INTEGRATION' })]));
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ events: 1, relevant: 0, syncsQueued: [] });
    expect(queued).toEqual([]);
  });

  it.each([
    ['a bad signature', { 'x-hubspot-signature-v3': 'AAAA' }, {}],
    ['another app secret', {}, { secret: 'someone-else' }],
    ['a stale timestamp', {}, { timestamp: NOW - 6 * 60_000 }],
    ['a signature for another URL', {}, { url: 'http://evil.example/webhooks/hubspot' }],
  ])('refuses %s with 401 and queues nothing', async (_label, headers, sign) => {
    const answer = await send(JSON.stringify([event(111, 'company.creation')]), headers, sign);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: 'invalid_signature' });
    expect(queued).toEqual([]);
  });

  it('refuses a signed body that is not a batch of events with 400 naming the problem', async () => {
    const answer = await send(JSON.stringify([{ eventId: 1, subscriptionType: 'company.creation' }]));
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toMatch(/portalId/);
    expect(queued).toEqual([]);
  });

  it('answers 404 for a portal with no tenant and queues nothing', async () => {
    const answer = await send(JSON.stringify([event(999, 'company.creation')]));
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { message: string }).message).toContain('999');
    expect(queued).toEqual([]);
  });
});
