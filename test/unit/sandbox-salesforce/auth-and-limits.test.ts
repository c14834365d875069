import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../server/src/clock/clock.js';
import { ApiUsage } from '../../../server/src/sandbox/salesforce/api-usage.js';
import { checkJwtBearer } from '../../../server/src/sandbox/salesforce/jwt-bearer.js';
import { normaliseId, salesforceId } from '../../../server/src/sandbox/salesforce/salesforce-ids.js';
import { SessionRegistry } from '../../../server/src/sandbox/salesforce/sessions.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const NOW = Date.parse('2026-07-01T10:00:00Z');
const LOGIN = 'http://127.0.0.1:4000/sandbox/salesforce';

function assertion(claims: Record<string, unknown>, key = privateKey, alg = 'RS256'): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg })}.${part({ iss: 'key', sub: 'api@example.com', aud: LOGIN, exp: NOW / 1000 + 180, ...claims })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}
const check = (jwt: string | undefined) => checkJwtBearer(jwt, { consumerKey: 'key', publicKey, audiences: [LOGIN], approvedUsernames: ['api@example.com'], nowMs: NOW });

describe('Salesforce ids', () => {
  it("adds Salesforce's case checksum to 15-character ids", () => {
    expect(normaliseId('00D000000000062')).toBe('00D000000000062EAA');
    expect(normaliseId('00D000000000062eaa')).toBe('00D000000000062EAA');
    expect(normaliseId('00D000000000062BAA')).toBeUndefined();
    expect(normaliseId('001-bad')).toBeUndefined();
    expect(normaliseId(salesforceId('001', 123_456))).toBe(salesforceId('001', 123_456));
  });
});

describe('JWT bearer assertion', () => {
  it('accepts an RS256 assertion from the app for a pre-approved user', () => {
    expect(check(assertion({}))).toEqual({ username: 'api@example.com' });
  });

  it("refuses with Salesforce's error for each broken claim", () => {
    expect(check(assertion({ iss: 'other' }))).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
    expect(check(assertion({ aud: 'https://login.salesforce.com' }))).toEqual({ error: 'invalid_grant', error_description: 'audience is invalid' });
    expect(check(assertion({ exp: NOW / 1000 - 1 }))).toEqual({ error: 'invalid_grant', error_description: 'expired authorization code' });
    expect(check(assertion({}, other.privateKey))).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
    expect(check(assertion({}, privateKey, 'HS256'))).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
    expect(check(assertion({ sub: 'someone@example.com' }))).toEqual({ error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
    expect(check('not.a.jwt')).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
    expect(check(undefined)).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
  });
});

describe('sessions', () => {
  it('expire after their lifetime, all at once on expireAll, and refresh tokens outlive them', () => {
    let now = NOW;
    const clock: Clock = { now: () => new Date(now) };
    const sessions = new SessionRegistry('00D5g0000001eqOEAQ', clock, 60);
    const first = sessions.issue('005', { scope: 'api', withRefreshToken: true });
    expect(first.accessToken.startsWith('00D5g0000001eqO!')).toBe(true);
    expect(sessions.check(first.accessToken)?.userId).toBe('005');
    now += 60_000;
    expect(sessions.check(first.accessToken)).toBeUndefined();
    const second = sessions.refresh(first.refreshToken ?? '');
    expect(sessions.check(second?.accessToken ?? '')).toBeDefined();
    expect(sessions.expireAll()).toBe(1);
    expect(sessions.check(second?.accessToken ?? '')).toBeUndefined();
    expect(sessions.refresh('unknown')).toBeUndefined();
    expect(sessions.revoke(first.refreshToken ?? '')).toBe(true);
    expect(sessions.refresh(first.refreshToken ?? '')).toBeUndefined();
  });
});

describe('daily API usage', () => {
  it('counts requests over a rolling 24 hours and refuses past the limit', () => {
    let now = NOW;
    const usage = new ApiUsage(3, { now: () => new Date(now) });
    expect([usage.take(), usage.take(), usage.take(), usage.take()]).toEqual([
      { allowed: true, used: 1 }, { allowed: true, used: 2 }, { allowed: true, used: 3 }, { allowed: false, used: 3 },
    ]);
    now += 23 * 3_600_000;
    expect(usage.take().allowed).toBe(false);
    now += 3_600_000;
    expect(usage.take()).toEqual({ allowed: true, used: 1 });
    usage.setUsed(0);
    expect(usage.remaining()).toBe(3);
  });
});
