import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifySignatureV3 } from '../../../server/src/api/hubspot-signature.js';
import { WebhookSender, type WebhookEvent } from '../../../server/src/sandbox/hubspot/webhook-sender.js';

const SECRET = 'sandbox-client-secret';

describe('sandbox webhook deliveries', () => {
  let server: Server;
  let url: string;
  let received: Array<{ events: WebhookEvent[]; signatureValid: boolean }>;
  let answers: number[];

  beforeEach(async () => {
    received = [];
    answers = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const check = verifySignatureV3({
          clientSecret: SECRET,
          method: req.method ?? '',
          url,
          body,
          timestamp: String(req.headers['x-hubspot-request-timestamp'] ?? ''),
          signature: req.headers['x-hubspot-signature-v3'] as string | undefined,
          now: Date.now(),
        });
        received.push({ events: JSON.parse(body) as WebhookEvent[], signatureValid: check.valid });
        res.statusCode = answers.shift() ?? 204;
        res.end();
      });
    });
    server.listen(0);
    await new Promise((done) => server.once('listening', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/hubspot`;
  });
  afterEach(async () => {
    await new Promise((done) => server.close(done));
  });

  const sender = () => new WebhookSender({ portalId: 24681357, appId: 1, clientSecret: SECRET, clock: { now: () => new Date() }, flushAfterMs: 20 });

  it('sends subscribed object changes as signed batches of at most 100 events', async () => {
    const s = sender();
    s.setTarget(url);
    for (let i = 0; i < 150; i++) s.record({ type: 'companies', objectId: String(1000 + i), kind: 'propertyChange', propertyName: 'arr', propertyValue: '5000', changeSource: 'CRM_UI' });
    s.record({ type: 'tasks', objectId: '7', kind: 'creation', changeSource: 'INTEGRATION' });
    await s.drain();
    expect(received.map((r) => r.events.length)).toEqual([100, 50]);
    expect(received.every((r) => r.signatureValid)).toBe(true);
    expect(received[0]!.events[0]).toMatchObject({ portalId: 24681357, subscriptionType: 'company.propertyChange', objectId: 1000, propertyName: 'arr', propertyValue: '5000', attemptNumber: 0, changeSource: 'CRM_UI' });
    expect(s.snapshot()).toMatchObject({ delivered: 150, failedAttempts: 0, pending: 0 });
  });

  it('retries a batch the target refuses, counting attempts', async () => {
    answers = [503];
    const s = sender();
    s.setTarget(url);
    s.record({ type: 'tickets', objectId: '55', kind: 'creation', changeSource: 'CRM_UI' });
    await s.drain();
    expect(received.map((r) => r.events[0]!.attemptNumber)).toEqual([0, 1]);
    expect(s.snapshot()).toMatchObject({ delivered: 1, failedAttempts: 1 });
  });

  it('sends nothing without a target', async () => {
    const s = sender();
    s.record({ type: 'companies', objectId: '1', kind: 'creation', changeSource: 'CRM_UI' });
    await s.drain();
    expect(received).toEqual([]);
  });
});
