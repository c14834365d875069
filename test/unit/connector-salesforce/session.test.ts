import { createVerify, generateKeyPairSync } from 'node:crypto';
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { CrmError, CrmErrorKind } from '../../../server/src/connectors/crm-error.js';
import { callScope, newCallScope } from '../../../server/src/connectors/salesforce/call-scope.js';
import { signJwtAssertion } from '../../../server/src/connectors/salesforce/jwt-bearer.js';
import { SalesforceSession } from '../../../server/src/connectors/salesforce/session.js';

const options = { loginUrl: 'https://login.salesforce.com', timeoutMs: 1000 };
const connection = {} as Connection;

/** Runs jsforce's refresh hook the way its SessionRefreshDelegate does, inside a call's scope. */
function refreshThrough(session: SalesforceSession, scope = newCallScope()): Promise<string | undefined> {
  return callScope.run(scope, () => new Promise((resolve, reject) => session.refreshFn()(connection, (error, token) => (error ? reject(error) : resolve(token)))));
}

describe('the JWT bearer assertion', () => {
  it('is an RS256 JWT over iss, sub, aud and an expiry three minutes ahead, verifiable with the certificate key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Date.parse('2025-06-30T10:00:00Z');
    const assertion = signJwtAssertion(
      { consumerKey: '3MVG9telltale', username: 'integration@acme.example', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      'https://login.salesforce.com',
      now,
    );
    const [header = '', claims = '', signature = ''] = assertion.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({ iss: '3MVG9telltale', sub: 'integration@acme.example', aud: 'https://login.salesforce.com', exp: now / 1000 + 180 });
    expect(createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
  });
});

describe('the org session', () => {
  it('asks the refresh function once for calls that find the session expired together', async () => {
    let asked = 0;
    const session = new SalesforceSession({ accessToken: 'old', refresh: async () => `new-${++asked}` }, options);
    const tokens = await Promise.all([refreshThrough(session), refreshThrough(session), refreshThrough(session)]);
    expect(tokens).toEqual(['new-1', 'new-1', 'new-1']);
    expect(await refreshThrough(session)).toBe('new-2');
  });

  it('gives a call whose new session is rejected again an AUTH error instead of a second refresh', async () => {
    let asked = 0;
    const session = new SalesforceSession({ accessToken: 'old', refresh: async () => `new-${++asked}` }, options);
    const scope = newCallScope();
    await refreshThrough(session, scope);
    await expect(refreshThrough(session, scope)).rejects.toMatchObject({ kind: CrmErrorKind.Auth, category: 'INVALID_SESSION_ID' });
    expect(asked).toBe(1);
    expect(scope.refreshError).toBeInstanceOf(CrmError);
  });

  it("keeps the refresh's failure on the call's scope, where the classifier finds it", async () => {
    const refusal = new CrmError('refused', { kind: CrmErrorKind.Auth, crm: 'salesforce', endpoint: 'POST /services/oauth2/token' });
    const session = new SalesforceSession({ accessToken: 'old', refresh: () => Promise.reject(refusal) }, options);
    const scope = newCallScope();
    await expect(refreshThrough(session, scope)).rejects.toBe(refusal);
    expect(scope.refreshError).toBe(refusal);
  });

  it('cannot renew a bare token', async () => {
    const session = new SalesforceSession({ accessToken: 'static' }, options);
    expect(session.canRefresh).toBe(false);
    await expect(session.refresh()).rejects.toMatchObject({ kind: CrmErrorKind.Auth });
  });
});
