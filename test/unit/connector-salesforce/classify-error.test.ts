import { describe, expect, it } from 'vitest';
import { RequestTimeoutError } from '../../../server/src/connectors/hubspot/classify-error.js';
import { CrmError, CrmErrorKind } from '../../../server/src/connectors/crm-error.js';
import { classifySalesforceError, REQUEST_LIMIT_RETRY_MS } from '../../../server/src/connectors/salesforce/classify-error.js';
import { errorFixture, htmlFixture, jsforceError, scopeWith } from './jsforce-error.js';

const endpoint = 'GET /query';
const classify = (name: string, headers: Record<string, string> = {}) => {
  const { status, body } = errorFixture(name);
  return classifySalesforceError(jsforceError(status, body), { endpoint, scope: scopeWith(status, headers) });
};

describe('classifySalesforceError', () => {
  it.each(['server-unavailable', 'unknown-exception', 'unable-to-lock-row', 'query-timeout'])('classifies %s as TEMPORARY', (name) => {
    const error = classify(name);
    expect(error).toBeInstanceOf(CrmError);
    expect(error.kind).toBe(CrmErrorKind.Temporary);
    expect(error.crm).toBe('salesforce');
    expect(error.status).toBe(errorFixture(name).status);
  });

  it('keeps the wait a 503 asks for with Retry-After', () => {
    const error = classify('server-unavailable', { 'retry-after': '7' });
    expect(error.retryAfterMs).toBe(7000);
    expect(error.category).toBe('SERVER_UNAVAILABLE');
  });

  it('classifies a spent daily allocation as TEMPORARY with a wait of at least an hour', () => {
    const error = classify('request-limit-exceeded');
    expect(error.kind).toBe(CrmErrorKind.Temporary);
    expect(error.category).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(error.retryAfterMs).toBe(REQUEST_LIMIT_RETRY_MS);
    expect(error.message).toMatch(/daily API allocation is spent; retry after \d{4}-\d{2}-\d{2}T/);
    expect(classify('request-limit-exceeded', { 'retry-after': String(3 * 3600) }).retryAfterMs).toBe(3 * 3600 * 1000);
  });

  it('retries too many long-running requests in flight like any temporary failure, without the hour wait', () => {
    const error = classify('concurrent-request-limit');
    expect(error.kind).toBe(CrmErrorKind.Temporary);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it.each(['invalid-session-id', 'api-disabled-for-org', 'insufficient-access'])('classifies %s as AUTH and says how to reconnect', (name) => {
    const error = classify(name);
    expect(error.kind).toBe(CrmErrorKind.Auth);
    expect(error.message).toMatch(/Reconnect Salesforce/);
  });

  it('classifies NOT_FOUND', () => {
    expect(classify('not-found').kind).toBe(CrmErrorKind.NotFound);
  });

  it.each(['malformed-query', 'invalid-field', 'invalid-type', 'invalid-query-locator'])('classifies %s as INVALID with Salesforce message', (name) => {
    const error = classify(name);
    expect(error.kind).toBe(CrmErrorKind.Invalid);
    expect(error.message).toContain((errorFixture(name).body as Array<{ message: string }>)[0]?.message.trim().split('\n').pop());
  });

  it('classifies an HTML 502 from the load balancer by its status', () => {
    const error = classifySalesforceError(jsforceError(502, htmlFixture('bad-gateway'), 'text/html'), { endpoint, scope: scopeWith(502) });
    expect(error.kind).toBe(CrmErrorKind.Temporary);
    expect(error.status).toBe(502);
  });

  it("reads the status from jsforce's ERROR_HTTP_<status> code when no exchange was observed", () => {
    const error = classifySalesforceError(jsforceError(504, ''), { endpoint });
    expect(error.kind).toBe(CrmErrorKind.Temporary);
    expect(error.status).toBe(504);
  });

  it('classifies the first of several errors in one answer', () => {
    const body = [
      { message: 'Server temporarily unavailable.', errorCode: 'SERVER_UNAVAILABLE' },
      { message: 'again', errorCode: 'SERVER_UNAVAILABLE' },
    ];
    expect(classifySalesforceError(jsforceError(503, body), { endpoint, scope: scopeWith(503) }).category).toBe('SERVER_UNAVAILABLE');
  });

  it('classifies timeouts and dropped connections as TEMPORARY', () => {
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    const undici = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    const nodeFetch = Object.assign(new Error('request to http://x failed, reason: socket hang up'), { name: 'FetchError', code: 'ECONNRESET' });
    for (const error of [abort, undici, nodeFetch, new RequestTimeoutError('no response within 30000 ms')]) {
      expect(classifySalesforceError(error, { endpoint }).kind).toBe(CrmErrorKind.Temporary);
    }
  });

  it("returns the refresh's own error when jsforce reports a failed session refresh", () => {
    const refusal = new CrmError('Salesforce refused the JWT bearer session', { kind: CrmErrorKind.Auth, crm: 'salesforce', endpoint: 'POST /services/oauth2/token' });
    const scope = { ...scopeWith(401), refreshError: refusal };
    expect(classifySalesforceError(new Error('Unable to refresh session due to: refused'), { endpoint, scope })).toBe(refusal);
    expect(classifySalesforceError(new Error('Unable to refresh session due to: refused'), { endpoint }).kind).toBe(CrmErrorKind.Auth);
  });

  it('leaves a CrmError as it is and anything unrecognised UNKNOWN', () => {
    const known = new CrmError('x', { kind: CrmErrorKind.Invalid, crm: 'salesforce', endpoint });
    expect(classifySalesforceError(known, { endpoint })).toBe(known);
    expect(classifySalesforceError(new Error('something else'), { endpoint }).kind).toBe(CrmErrorKind.Unknown);
  });
});
