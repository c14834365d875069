import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';
import { startCardApp, type CardApp } from './card-routes-harness.js';

type Json = Record<string, unknown>;

const ROUTES: Array<[string, string, string]> = [
  ['/api/v1/hubspot/companies/{id}/insights', 'get', 'InsightsResponse'],
  ['/api/v1/hubspot/companies/{id}/rescore', 'post', 'InsightsResponse'],
  ['/api/v1/hubspot/companies/{id}/upsell-task', 'post', 'AcceptInterventionResponse'],
  ['/api/v1/hubspot/interventions/{id}/accept', 'post', 'AcceptInterventionResponse'],
  ['/api/v1/hubspot/interventions/{id}/dismiss', 'post', 'DismissInterventionResponse'],
  ['/api/v1/hubspot/portfolio', 'get', 'PortfolioResponse'],
];

/** Every `$ref` value anywhere in the document. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe('GET /api/v1/openapi.json', () => {
  let test: TestDatabase;
  let app: CardApp;
  let doc: Json;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    app = await startCardApp({ db: test.db, clock: fixedClock('2025-06-30T12:00:00Z'), logger: createLogger('silent'), tasksFor: async () => undefined, enqueueSync: async () => undefined, scoreAccountsNow: async () => undefined });
    const response = await fetch(`${app.origin}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    doc = JSON.parse(await response.text()) as Json;
  });
  afterAll(async () => {
    await app?.close();
    await test?.drop();
  });

  it('is an OpenAPI 3.1 document served without a signature', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it.each(ROUTES)('describes %s (%s) as signed, with its parameters and its contract response', (path, method, response) => {
    const operation = (doc.paths as Record<string, Record<string, Json>>)[path]?.[method];
    expect(operation).toBeDefined();
    expect(operation!.security).toEqual([{ hubspotSignatureV3: [], hubspotRequestTimestamp: [] }]);
    const parameters = (operation!.parameters as Array<{ name: string; in: string; required: boolean }>).map((p) => `${p.in}:${p.name}:${p.required}`);
    expect(parameters).toContain('query:portalId:true');
    if (path.includes('{id}')) expect(parameters).toContain('path:id:true');
    const responses = operation!.responses as Record<string, { content?: Record<string, { schema: Json }> }>;
    expect(responses['200']!.content!['application/json']!.schema).toEqual({ $ref: `#/components/schemas/${response}` });
    for (const status of ['400', '401', '404']) expect(responses[status]!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ApiError' });
  });

  it('describes the signature headers as security schemes', () => {
    const schemes = (doc.components as Json).securitySchemes as Record<string, Json>;
    expect(schemes.hubspotSignatureV3).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-HubSpot-Signature-v3' });
    expect(schemes.hubspotRequestTimestamp).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-HubSpot-Request-Timestamp' });
  });

  it('resolves every schema reference to a component', () => {
    const schemas = (doc.components as Json).schemas as Record<string, Json>;
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
  });

  it('generates the component schemas from the contract: the insights union, the dismissal limit, strict objects', () => {
    const schemas = (doc.components as Json).schemas as Record<string, Json>;
    expect(schemas.InsightsResponse!.oneOf).toEqual([{ $ref: '#/components/schemas/ScoredInsights' }, { $ref: '#/components/schemas/UnscoredInsights' }]);
    expect(schemas.ScoredInsights).toMatchObject({ type: 'object', additionalProperties: false });
    expect(schemas.ScoredInsights!.required).toEqual(['status', 'account', 'churn', 'expansion', 'health', 'interventions', 'nextBestAction', 'interventionWindow', 'holdout', 'models', 'scoredAt']);
    expect(schemas.DismissInterventionRequest).toMatchObject({ required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } });
    expect(schemas.Intervention!.required).toContain('allowedActions');
    expect((schemas.Intervention!.properties as Record<string, Json>).allowedActions).toMatchObject({ type: 'array', items: { type: 'string', enum: ['accept', 'dismiss'] } });
    expect(Object.values(schemas).every((s) => s.$schema === undefined && s.$id === undefined)).toBe(true);
  });
});
