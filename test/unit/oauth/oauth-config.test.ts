import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/src/config/env.js';
import { loadOrCreateLocalSecrets } from '../../../server/src/runtime/local-secrets.js';
import { decodeEncryptionKey } from '../../../server/src/secrets/encryption-keys.js';

const OAUTH_APP = {
  HUBSPOT_CLIENT_ID: 'client-id',
  HUBSPOT_CLIENT_SECRET: 'client-secret-value',
  TELLTALE_ADMIN_TOKEN: 'a'.repeat(32),
  TELLTALE_PUBLIC_URL: 'https://telltale.example.com',
};

describe('OAuth configuration', () => {
  it('requires TELLTALE_ENCRYPTION_KEY with an OAuth app, and never defaults it', () => {
    expect(() => parseConfig(OAUTH_APP)).toThrow(/^TELLTALE_ENCRYPTION_KEY: expected 32 random bytes/);
    const key = randomBytes(32);
    const config = parseConfig({ ...OAUTH_APP, TELLTALE_ENCRYPTION_KEY: key.toString('base64') });
    expect(config.encryptionKey?.equals(key)).toBe(true);
    expect(config.previousEncryptionKeys).toEqual([]);
    expect(parseConfig({}).encryptionKey).toBeUndefined();
  });

  it('requires TELLTALE_PUBLIC_URL with an OAuth app: the redirect URL is built from it', () => {
    const { TELLTALE_PUBLIC_URL: _url, ...withoutUrl } = OAUTH_APP;
    expect(() => parseConfig({ ...withoutUrl, TELLTALE_ENCRYPTION_KEY: randomBytes(32).toString('hex') })).toThrow(/^TELLTALE_PUBLIC_URL: /);
  });

  it('names a malformed key without echoing it', () => {
    const short = randomBytes(16).toString('hex');
    expect(() => parseConfig({ TELLTALE_ENCRYPTION_KEY: short })).toThrow(/^TELLTALE_ENCRYPTION_KEY: .*got a value of 32 characters$/);
    expect(() => parseConfig({ TELLTALE_ENCRYPTION_KEY: short })).not.toThrow(new RegExp(short));
    const good = randomBytes(32).toString('hex');
    expect(() => parseConfig({ TELLTALE_PREVIOUS_ENCRYPTION_KEYS: `${good},${short}` })).toThrow(/^TELLTALE_PREVIOUS_ENCRYPTION_KEYS: .*got a value of 97 characters$/);
  });

  it('reads previous keys for rotation as a comma-separated list', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const config = parseConfig({ ...OAUTH_APP, TELLTALE_ENCRYPTION_KEY: randomBytes(32).toString('hex'), TELLTALE_PREVIOUS_ENCRYPTION_KEYS: `${a.toString('hex')},${b.toString('base64')}` });
    expect(config.previousEncryptionKeys.map((k) => k.toString('hex'))).toEqual([a.toString('hex'), b.toString('hex')]);
  });
});

describe('sandbox-mode encryption key', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is generated once and kept across restarts', () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-secrets-'));
    const first = loadOrCreateLocalSecrets(dir);
    expect(decodeEncryptionKey(first.encryptionKey)).toHaveLength(32);
    expect(loadOrCreateLocalSecrets(dir)).toEqual(first);
    expect(statSync(join(dir, 'sandbox-secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('is added to a secrets file written before OAuth existed, keeping its other secrets', () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-secrets-'));
    const older = { adminToken: `tt_admin_${'x'.repeat(30)}`, sandboxAccessToken: `pat-sandbox-${'y'.repeat(30)}`, sandboxClientSecret: 'z'.repeat(48) };
    writeFileSync(join(dir, 'sandbox-secrets.json'), JSON.stringify(older));
    const loaded = loadOrCreateLocalSecrets(dir);
    expect(loaded).toMatchObject(older);
    expect(decodeEncryptionKey(loaded.encryptionKey)).toHaveLength(32);
    expect(JSON.parse(readFileSync(join(dir, 'sandbox-secrets.json'), 'utf8'))).toEqual(loaded);
  });
});
