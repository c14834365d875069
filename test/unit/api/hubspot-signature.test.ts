import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { MAX_SIGNATURE_AGE_MS, signatureV1, signatureV2, signatureV3, signedUri, verifySignatureV3 } from '../../../server/src/api/hubspot-signature.js';

// HubSpot's published examples (request-validation guide, v1 and v2 sections).
const PUBLISHED_SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const PUBLISHED_BODY =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';

describe('HubSpot signatures', () => {
  it('reproduces HubSpot published v1 example', () => {
    expect(signatureV1(PUBLISHED_SECRET, PUBLISHED_BODY)).toBe('232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de');
  });

  it('reproduces HubSpot published v2 GET example', () => {
    expect(signatureV2(PUBLISHED_SECRET, 'GET', 'https://www.example.com/webhook_uri', '')).toBe('eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e');
  });

  it('reproduces HubSpot published v2 POST example', () => {
    expect(signatureV2(PUBLISHED_SECRET, 'POST', 'https://www.example.com/webhook_uri', '{"example_field":"example_value"}')).toBe(
      '9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900',
    );
  });

  it('computes v3 exactly as the official HubSpot client does for a plain URL', () => {
    const options = { clientSecret: 'secret-1', method: 'POST', url: 'https://telltale.example.com/api/v1/hubspot/companies/42/rescore?portalId=7', body: '{"a":1}', timestamp: '1732000000000' };
    const official = Signature.getSignature('POST', 'v3', { signature: '', clientSecret: options.clientSecret, url: options.url, requestBody: options.body, timestamp: Number(options.timestamp) });
    expect(signatureV3(options)).toBe(official);
  });

  it('decodes only the escapes HubSpot lists before signing', () => {
    expect(signedUri('https://x.test/a%3Ab%2Fc?q=%40me%2C%20you%3B%2a')).toBe('https://x.test/a:b/c?q=@me,%20you;*');
  });
});

describe('verifySignatureV3', () => {
  const now = 1_732_000_000_000;
  const request = { clientSecret: 'app-secret', method: 'GET', url: 'https://telltale.example.com/api/v1/hubspot/companies/9/insights?portalId=24681357&userId=1', body: '', timestamp: String(now - 1000) };
  const signature = signatureV3(request);

  it('accepts a fresh request with its own signature', () => {
    expect(verifySignatureV3({ ...request, signature, now })).toEqual({ valid: true });
  });

  it.each([
    ['a tampered query', { url: request.url.replace('portalId=24681357', 'portalId=1') }],
    ['a tampered body', { body: '{"x":1}' }],
    ['another method', { method: 'POST' }],
    ['another secret', { clientSecret: 'other-secret' }],
    ['another timestamp', { timestamp: String(now - 2000) }],
  ])('refuses %s', (_label, change) => {
    const result = verifySignatureV3({ ...request, ...change, signature, now });
    expect(result).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
  });

  it('refuses a timestamp older than five minutes even when the signature matches', () => {
    const old = { ...request, timestamp: String(now - MAX_SIGNATURE_AGE_MS - 1) };
    expect(verifySignatureV3({ ...old, signature: signatureV3(old), now })).toMatchObject({ valid: false, reason: 'STALE_TIMESTAMP' });
  });

  it('refuses a missing signature or timestamp', () => {
    expect(verifySignatureV3({ ...request, signature: undefined, now })).toMatchObject({ valid: false, reason: 'MISSING_SIGNATURE' });
    expect(verifySignatureV3({ ...request, timestamp: '', signature, now })).toMatchObject({ valid: false, reason: 'MISSING_TIMESTAMP' });
  });

  it('refuses a signature of another length without throwing', () => {
    expect(verifySignatureV3({ ...request, signature: `${signature}AA`, now })).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
  });
});
