import { readFileSync } from 'node:fs';
import { ApiException } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import { describe, expect, it } from 'vitest';
import { classifyHubSpotError, RequestTimeoutError, retryAfterMs } from '../../../server/src/connectors/hubspot/classify-error.js';
import { CrmError, CrmErrorKind } from '../../../server/src/connectors/crm-error.js';
import { retryDelayMs, DEFAULT_RETRY_POLICY } from '../../../server/src/connectors/retry-policy.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const endpoint = 'POST /crm/v3/objects/{objectType}/search';
const apiError = (status: number, body: unknown, headers: Record<string, string> = {}) => new ApiException(status, 'An error occurred.', body, headers);

describe('classifyHubSpotError', () => {
  it('classifies a 429 as TEMPORARY and keeps the wait Retry-After asks for', () => {
    const error = classifyHubSpotError(apiError(429, fixture('rate-limit-ten-secondly'), { 'Retry-After': '2' }), { endpoint });
    expect(error).toBeInstanceOf(CrmError);
    expect(error.kind).toBe(CrmErrorKind.Temporary);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.category).toBe('RATE_LIMITS');
    expect(error.correlationId).toBe('3f1c2a8e-5a8b-4c51-9d0f-2f0a6c1e7b11');
  });

  it('waits one rate-limit interval after a 429 whose window is spent and that names no Retry-After', () => {
    const headers = { 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-remaining': '0' };
    expect(classifyHubSpotError(apiError(429, fixture('rate-limit-ten-secondly'), headers), { endpoint }).retryAfterMs).toBe(10_000);
    expect(retryAfterMs(429, { ...headers, 'x-hubspot-ratelimit-remaining': '12' })).toBeUndefined();
  });

  it('reads an HTTP-date Retry-After', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(503, { 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, now)).toBe(5000);
  });

  it.each([500, 502, 503, 504])('classifies a %i as TEMPORARY', (status) => {
    expect(classifyHubSpotError(apiError(status, fixture('internal-error')), { endpoint }).kind).toBe(CrmErrorKind.Temporary);
  });

  it('classifies a 401 as AUTH and tells how to reconnect', () => {
    const error = classifyHubSpotError(apiError(401, fixture('invalid-authentication')), { endpoint });
    expect(error.kind).toBe(CrmErrorKind.Auth);
    expect(error.message).toMatch(/Reconnect HubSpot/);
    expect(error.message).toContain('c0ffee00-1234-4a5b-8c9d-0e1f2a3b4c5d');
  });

  it('says when the token has expired', () => {
    const error = classifyHubSpotError(apiError(401, fixture('expired-token')), { endpoint });
    expect(error.kind).toBe(CrmErrorKind.Auth);
    expect(error.message).toMatch(/has expired/);
  });

  it('classifies a 403 (missing scopes) as AUTH', () => {
    const error = classifyHubSpotError(apiError(403, fixture('missing-scopes')), { endpoint });
    expect(error.kind).toBe(CrmErrorKind.Auth);
    expect(error.message).toMatch(/lacks a scope/);
  });

  it('classifies a 404 as NOT_FOUND', () => {
    expect(classifyHubSpotError(apiError(404, fixture('object-not-found')), { endpoint }).kind).toBe(CrmErrorKind.NotFound);
  });

  it("classifies a 400 as INVALID with HubSpot's message and correlationId", () => {
    const error = classifyHubSpotError(apiError(400, fixture('validation-error')), { endpoint });
    expect(error.kind).toBe(CrmErrorKind.Invalid);
    expect(error.message).toContain('cannot page past 10000 results');
    expect(error.message).toContain('9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a');
  });

  it('uses the observed status when the library could not parse the body (an HTML 502)', () => {
    const parseFailure = new Error('Cannot parse content. No Content-Type defined.');
    const error = classifyHubSpotError(parseFailure, { endpoint, observed: { status: 502, headers: {} } });
    expect(error.kind).toBe(CrmErrorKind.Temporary);
    expect(error.status).toBe(502);
  });

  it('classifies dropped connections and timeouts as TEMPORARY', () => {
    const reset = Object.assign(new Error('request to http://x failed, reason: socket hang up'), { code: 'ECONNRESET', type: 'system' });
    expect(classifyHubSpotError(reset, { endpoint }).kind).toBe(CrmErrorKind.Temporary);
    expect(classifyHubSpotError(new RequestTimeoutError('no response within 10 ms'), { endpoint }).kind).toBe(CrmErrorKind.Temporary);
  });

  it('classifies anything else as UNKNOWN', () => {
    expect(classifyHubSpotError(new TypeError('x is not a function'), { endpoint }).kind).toBe(CrmErrorKind.Unknown);
    expect(classifyHubSpotError(apiError(418, {}), { endpoint }).kind).toBe(CrmErrorKind.Unknown);
  });
});

describe('retryDelayMs', () => {
  const temporary = new CrmError('x', { kind: CrmErrorKind.Temporary, crm: 'hubspot', endpoint });

  it('draws a full-jitter delay under an exponentially growing ceiling', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs(temporary, 1, policy, () => 0.999)).toBe(99);
    expect(retryDelayMs(temporary, 3, policy, () => 0.999)).toBe(399);
    expect(retryDelayMs(temporary, 10, policy, () => 0.999)).toBe(999);
    expect(retryDelayMs(temporary, 3, policy, () => 0)).toBe(0);
  });

  it('never waits less than the CRM asked for', () => {
    const asked = new CrmError('x', { kind: CrmErrorKind.Temporary, crm: 'hubspot', endpoint, retryAfterMs: 1500 });
    expect(retryDelayMs(asked, 1, DEFAULT_RETRY_POLICY, () => 0)).toBe(1500);
  });
});
