import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotWebhookRouter } from '../../../server/src/api/hubspot-webhooks.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { createHubSpotSandbox, type HubSpotSandbox } from '../../../server/src/sandbox/hubspot/create-sandbox.js';
import type { Database } from '../../../server/src/store/database.js';
import { ensureTenant } from '../../../server/src/store/tenants.js';
import { buildPortal } from '../../fixtures/hubspot/portal-builder.js';
import { FIXTURE_SECRET, FIXTURE_TOKEN } from '../../fixtures/hubspot/sandbox-server.js';
import { createTestDatabase } from '../../support/test-databases.js';

/** The sandbox and the service's webhook route in one app: __simulate → signed webhook → queued sync. */
describe('sandbox __simulate and webhooks', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let server: Server;
  let sandbox: HubSpotSandbox;
  let base: string;
  const queued: string[] = [];

  beforeAll(async () => {
    ({ db, drop } = await createTestDatabase('pglite'));
    sandbox = createHubSpotSandbox({ data: buildPortal({ companies: 5 }), accessToken: FIXTURE_TOKEN, clientSecret: FIXTURE_SECRET, rateLimit: false });
    await ensureTenant(db, { crm: 'hubspot', externalId: String(sandbox.portalId), name: 'fixture portal' });
    const app = express();
    app.use('/sandbox/hubspot', sandbox.router);
    app.use(
      createHubSpotWebhookRouter({
        db,
        queues: {
          enqueueSyncForChange: async (tenantId: string) => {
            queued.push(tenantId);
          },
        },
        clientSecret: () => FIXTURE_SECRET,
        clock: { now: () => new Date() },
        logger: createLogger('silent'),
      }),
    );
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    base = `${origin}/sandbox/hubspot`;
    sandbox.webhooks.setTarget(`${origin}/webhooks/hubspot`);
  });
  afterAll(async () => {
    sandbox.webhooks.close();
    await new Promise((done) => server.close(done));
    await drop();
  });
  beforeEach(() => {
    queued.length = 0;
  });

  const simulate = (body: unknown) =>
    fetch(`${base}/__simulate`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${FIXTURE_TOKEN}`, 'content-type': 'application/json' } });

  it('updates a company as a CRM user would and delivers a signed company.propertyChange the service accepts', async () => {
    const answer = await simulate({ objectType: 'companies', objectId: '1001', properties: { lifecyclestage: 'other' } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: '1001', properties: { lifecyclestage: 'other' } });
    await sandbox.webhooks.drain();
    expect(queued).toEqual([`hubspot-${sandbox.portalId}`]);
    expect(sandbox.webhooks.snapshot()).toMatchObject({ failedAttempts: 0, pending: 0 });
  });

  it('creates a ticket on a company and delivers its creation and association events', async () => {
    const before = sandbox.webhooks.snapshot().delivered;
    const answer = await simulate({ objectType: 'tickets', companyId: '1002', properties: { subject: 'Outage', hs_ticket_priority: 'HIGH' } });
    expect(answer.status).toBe(201);
    await sandbox.webhooks.drain();
    // ticket.creation, then associationChange for the ticket and for the company.
    expect(sandbox.webhooks.snapshot().delivered - before).toBe(3);
    expect(queued.length).toBeGreaterThan(0);
  });

  it('refuses an unknown record, an unknown property or an empty change, and sends nothing', async () => {
    const before = sandbox.webhooks.snapshot().delivered;
    expect((await simulate({ objectType: 'companies', objectId: '999999', properties: { name: 'x' } })).status).toBe(404);
    const unknownProperty = await simulate({ objectType: 'companies', objectId: '1001', properties: { no_such_property: 'x' } });
    expect(unknownProperty.status).toBe(400);
    expect(((await unknownProperty.json()) as { message: string }).message).toContain('no_such_property');
    expect((await simulate({ objectType: 'companies', objectId: '1001', properties: {} })).status).toBe(400);
    await sandbox.webhooks.drain();
    expect(sandbox.webhooks.snapshot().delivered).toBe(before);
  });
});
