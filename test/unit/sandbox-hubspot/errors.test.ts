import { describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { hubSpotErrorHandler, serverError } from '../../../server/src/sandbox/hubspot/errors.js';
import { parseObjectType } from '../../../server/src/sandbox/hubspot/object-types.js';
import { objectNotFound } from '../../../server/src/sandbox/hubspot/objects-routes.js';
import notFound from '../../fixtures/hubspot/errors/object-not-found.json' with { type: 'json' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HubSpot error bodies', () => {
  it('carry status, message, category and a fresh uuid correlation id', () => {
    const error = objectNotFound('999999');
    const a = error.toBody();
    const b = error.toBody();
    expect(a).toEqual({ ...notFound, correlationId: expect.stringMatching(UUID) });
    expect(a.correlationId).not.toBe(b.correlationId);
    expect(error.httpStatus).toBe(404);
  });

  it('map each injectable 5xx status to its own category', () => {
    expect([500, 502, 503, 504].map((s) => serverError(s as 500).toBody().category)).toEqual(['INTERNAL_ERROR', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'GATEWAY_TIMEOUT']);
  });

  it('reject an unknown object type the way HubSpot words it and accept type ids and singular names', () => {
    expect(() => parseObjectType('widgets')).toThrow('Unable to infer object type from: widgets');
    expect(parseObjectType('0-2')).toBe('companies');
    expect(parseObjectType('contact')).toBe('contacts');
  });

  it('turn malformed JSON and unexpected failures into HubSpot bodies', async () => {
    const app = express();
    app.post('/json', express.json(), (_req, res) => {
      res.json({});
    });
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.use(hubSpotErrorHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const bad = await fetch(`${base}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', correlationId: expect.stringMatching(UUID) });
      const originalError = console.error;
      console.error = () => undefined;
      const boom = await fetch(`${base}/boom`).finally(() => {
        console.error = originalError;
      });
      expect(boom.status).toBe(500);
      expect(await boom.json()).toMatchObject({ status: 'error', category: 'INTERNAL_ERROR' });
    } finally {
      server.close();
    }
  });
});
