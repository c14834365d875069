import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { HubSpotOAuth } from '../../../server/src/connectors/hubspot/oauth.js';
import { createHubSpotCredentials } from '../../../server/src/runtime/credentials.js';
import { SecretBox } from '../../../server/src/secrets/secret-box.js';
import { loadHubSpotGrant, resealHubSpotGrants, saveHubSpotGrant } from '../../../server/src/store/tenant-credentials.js';
import { ensureTenant, getTenant, type Tenant } from '../../../server/src/store/tenants.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const grantFor = (n: number) => ({ accessToken: `access-${n}-${randomBytes(8).toString('hex')}`, refreshToken: `na1-refresh-${n}`, accessTokenExpiresAt: new Date(NOW.getTime() + 1_800_000), scopes: ['oauth', 'tickets'] });

describe.each(DATABASE_KINDS)('stored HubSpot grants (%s)', (kind) => {
  let test: TestDatabase;
  let tenants: Tenant[];
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    tenants = [await ensureTenant(test.db, { crm: 'hubspot', externalId: '1001', name: 'one' }), await ensureTenant(test.db, { crm: 'hubspot', externalId: '1002', name: 'two' })];
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('stores a grant sealed and reads it back, keyed by the key that sealed it', async () => {
    const box = new SecretBox(oldKey);
    const grant = grantFor(1);
    await saveHubSpotGrant(test.db, box, tenants[0]!.id, grant, { kind: 'install', at: NOW });
    await saveHubSpotGrant(test.db, box, tenants[1]!.id, grantFor(2), { kind: 'install', at: NOW });
    expect(await loadHubSpotGrant(test.db, box, tenants[0]!.id)).toMatchObject({ ...grant, keyId: box.currentKeyId, installedAt: NOW, refreshedAt: null });
  });

  it("refuses a grant whose sealed token was copied from another tenant's row", async () => {
    const box = new SecretBox(oldKey);
    await test.db.query(
      `update tenant_credentials set access_token_sealed = (select access_token_sealed from tenant_credentials where tenant_id = $2) where tenant_id = $1`,
      [tenants[1]!.id, tenants[0]!.id],
    );
    await expect(loadHubSpotGrant(test.db, box, tenants[1]!.id)).rejects.toMatchObject({ failure: 'tampered' });
    await saveHubSpotGrant(test.db, box, tenants[1]!.id, grantFor(2), { kind: 'install', at: NOW });
  });

  it('re-seals every grant with the new key after a rotation, so the old key can be dropped', async () => {
    const rotated = new SecretBox(newKey, [oldKey]);
    const before = await loadHubSpotGrant(test.db, rotated, tenants[0]!.id);
    expect(await resealHubSpotGrants(test.db, rotated)).toBe(2);
    expect(await resealHubSpotGrants(test.db, rotated)).toBe(0);
    const onlyNew = new SecretBox(newKey);
    expect(await loadHubSpotGrant(test.db, onlyNew, tenants[0]!.id)).toMatchObject({ accessToken: before!.accessToken, refreshToken: before!.refreshToken, keyId: onlyNew.currentKeyId });
    await expect(loadHubSpotGrant(test.db, new SecretBox(oldKey), tenants[0]!.id)).rejects.toMatchObject({ failure: 'unknown_key' });
  });

  it('hands out the static token (private app, sandbox) to a tenant without a grant, and nothing when there is none', async () => {
    const third = await ensureTenant(test.db, { crm: 'hubspot', externalId: '1003', name: 'private app' });
    const logger = pino({ level: 'silent' });
    const base = { db: test.db, oauth: () => undefined, basePath: 'https://api.hubapi.com', clock: fixedClock(NOW), logger };
    const withStatic = createHubSpotCredentials({ ...base, box: new SecretBox(newKey), staticAccessToken: (t) => (t.id === third.id ? 'pat-na1-static' : undefined) });
    expect(await withStatic(third)).toEqual({ accessToken: 'pat-na1-static', basePath: 'https://api.hubapi.com' });
    const noOAuth = createHubSpotCredentials({ ...base, box: undefined, staticAccessToken: () => 'pat-na1-static' });
    expect(await noOAuth(tenants[0]!)).toEqual({ accessToken: 'pat-na1-static', basePath: 'https://api.hubapi.com' });
    expect(await createHubSpotCredentials({ ...base, box: new SecretBox(newKey), staticAccessToken: () => undefined })(third)).toBeUndefined();
  });

  it('says, without refreshing, that an expiring grant cannot be renewed when no OAuth app is configured', async () => {
    const late = createHubSpotCredentials({
      db: test.db,
      box: new SecretBox(newKey),
      oauth: () => undefined,
      staticAccessToken: () => undefined,
      basePath: 'https://api.hubapi.com',
      clock: fixedClock(new Date(NOW.getTime() + 29 * 60_000)),
      logger: pino({ level: 'silent' }),
    });
    await expect(late(tenants[0]!)).rejects.toMatchObject({ kind: 'INVALID', message: expect.stringContaining('HUBSPOT_CLIENT_ID') });
  });

  it('keeps the tenant and its grant when HubSpot cannot be reached for a refresh, and says it is temporary', async () => {
    const box = new SecretBox(newKey);
    const before = await loadHubSpotGrant(test.db, box, tenants[0]!.id);
    const clock = fixedClock(new Date(NOW.getTime() + 29 * 60_000));
    const unreachable = new HubSpotOAuth(
      { clientId: 'c', clientSecret: 'client-secret-x', redirectUri: 'http://127.0.0.1:9/cb', scopes: ['oauth'], authorizeUrl: 'http://127.0.0.1:9/authorize', apiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 },
      clock,
    );
    const credentialsFor = createHubSpotCredentials({ db: test.db, box, oauth: () => unreachable, staticAccessToken: () => undefined, basePath: 'http://127.0.0.1:9', clock, logger: pino({ level: 'silent' }) });
    const error = await credentialsFor(tenants[0]!).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'TEMPORARY', failure: 'temporary' });
    expect((error as Error).message).not.toContain(before!.refreshToken);
    expect((error as Error).message).not.toContain('client-secret-x');
    expect(await getTenant(test.db, tenants[0]!.id)).toMatchObject({ status: 'active' });
    expect(await loadHubSpotGrant(test.db, box, tenants[0]!.id)).toEqual(before);
  });
});
