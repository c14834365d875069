import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../server/src/config/env.js';

describe('parseConfig', () => {
  it('runs on the sandbox with defaults when no CRM credentials are set', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', sandbox: true, databaseUrl: undefined, redisUrl: undefined, syncIntervalMinutes: 15 });
  });

  it('names the variable when a value is malformed', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/^PORT: expected a TCP port/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL: /);
    expect(() => parseConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/^REDIS_URL: /);
    expect(() => parseConfig({ HUBSPOT_API_BASE_URL: 'ftp://x' })).toThrow(/^HUBSPOT_API_BASE_URL: /);
  });

  it('requires an admin token once real CRM credentials are configured', () => {
    expect(() => parseConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-0123456789' })).toThrow(/^TELLTALE_ADMIN_TOKEN: /);
    const config = parseConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-0123456789', TELLTALE_ADMIN_TOKEN: 'a'.repeat(32) });
    expect(config.sandbox).toBe(false);
  });

  it('requires OAuth client id and secret together', () => {
    expect(() => parseConfig({ HUBSPOT_CLIENT_ID: 'abc', TELLTALE_ADMIN_TOKEN: 'a'.repeat(32) })).toThrow(/^HUBSPOT_CLIENT_SECRET: /);
  });

  it('never echoes a rejected secret or a URL that may carry a password', () => {
    expect(() => parseConfig({ TELLTALE_ADMIN_TOKEN: 'hunter2-short' })).toThrow('TELLTALE_ADMIN_TOKEN: expected a secret of at least 24 characters (required unless running on the sandbox), got a value of 13 characters');
    expect(() => parseConfig({ DATABASE_URL: 'mysql://user:pw@host/db' })).not.toThrow(/pw@host/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://user:pw@host/db' })).toThrow(/^DATABASE_URL: /);
  });
});

describe('parseConfig with a Salesforce connected app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-config-sf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keyFile = file('telltale.key', keyPem);
  const admin = { TELLTALE_ADMIN_TOKEN: 'a'.repeat(32) };
  const app = { SALESFORCE_CONSUMER_KEY: '3MVG9consumer.key', SALESFORCE_USERNAME: 'telltale@acme.example', SALESFORCE_PRIVATE_KEY_FILE: keyFile };
  /** The key's base64 body, none of which may appear in an error. */
  const keyBody = (pem: string): string[] => pem.split('\n').filter((line) => line && !line.startsWith('-----'));

  it('reads the key file and leaves sandbox mode, keeping the login and instance URLs unset', () => {
    const config = parseConfig({ ...app, ...admin });
    expect(config.sandbox).toBe(false);
    expect(config.salesforce).toMatchObject({ loginUrl: undefined, instanceUrl: undefined });
    expect(config.salesforce.connectedApp).toEqual({ consumerKey: '3MVG9consumer.key', username: 'telltale@acme.example', privateKeyPem: keyPem });
  });

  it('keeps a PKCS#1 key and the login URL of a Salesforce sandbox', () => {
    const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const config = parseConfig({ ...app, ...admin, SALESFORCE_PRIVATE_KEY_FILE: file('pkcs1.key', pkcs1), SALESFORCE_LOGIN_URL: 'https://test.salesforce.com/' });
    expect(config.salesforce.connectedApp?.privateKeyPem).toBe(pkcs1);
    expect(config.salesforce.loginUrl).toBe('https://test.salesforce.com');
  });

  it('runs a HubSpot portal and a Salesforce org side by side', () => {
    const config = parseConfig({ ...app, ...admin, HUBSPOT_ACCESS_TOKEN: 'pat-na1-0123456789' });
    expect(config.sandbox).toBe(false);
    expect(config.hubspot.accessToken).toBe('pat-na1-0123456789');
    expect(config.salesforce.connectedApp?.username).toBe('telltale@acme.example');
  });

  it('requires an admin token', () => {
    expect(() => parseConfig(app)).toThrow(/^TELLTALE_ADMIN_TOKEN: /);
  });

  it('requires the three variables together and names the first missing one', () => {
    const { SALESFORCE_PRIVATE_KEY_FILE: _file, ...withoutKey } = app;
    expect(() => parseConfig({ ...withoutKey, ...admin })).toThrow(
      'SALESFORCE_PRIVATE_KEY_FILE: expected SALESFORCE_CONSUMER_KEY, SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY_FILE to be set together (set: SALESFORCE_CONSUMER_KEY, SALESFORCE_USERNAME)',
    );
    expect(() => parseConfig({ SALESFORCE_PRIVATE_KEY_FILE: keyFile, ...admin })).toThrow(/^SALESFORCE_CONSUMER_KEY: expected .* set together/);
    expect(() => parseConfig({ SALESFORCE_CONSUMER_KEY: 'key', SALESFORCE_PRIVATE_KEY_FILE: keyFile, ...admin })).toThrow(/^SALESFORCE_USERNAME: /);
  });

  it('refuses a username that is not a Salesforce username', () => {
    expect(() => parseConfig({ ...app, ...admin, SALESFORCE_USERNAME: '005000000000001AAA' })).toThrow(/^SALESFORCE_USERNAME: expected the username .*, got "005000000000001AAA"$/);
  });

  it('names the key file that is missing or a directory', () => {
    const missing = join(dir, 'nowhere.key');
    expect(() => parseConfig({ ...app, ...admin, SALESFORCE_PRIVATE_KEY_FILE: missing })).toThrow(ConfigError);
    expect(() => parseConfig({ ...app, ...admin, SALESFORCE_PRIVATE_KEY_FILE: missing })).toThrow(`SALESFORCE_PRIVATE_KEY_FILE: expected the PEM private key whose certificate is uploaded to the connected app, but ${missing} does not exist`);
    expect(() => parseConfig({ ...app, ...admin, SALESFORCE_PRIVATE_KEY_FILE: dir })).toThrow(`but ${dir} is a directory`);
  });

  it('refuses a file that holds no usable RSA private key, without quoting what it holds', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['cert.pem', '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEbW9ja2NlcnQ=\n-----END CERTIFICATE-----\n', /holds a certificate: the certificate goes on the connected app/],
      ['public.pem', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), /holds no PEM private key$/],
      ['garbled.key', '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n', /holds a PEM private key block that does not parse$/],
      [
        'encrypted.key',
        generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass phrase' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey,
        /holds a passphrase-protected key/,
      ],
      ['ec.key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /holds a key of type ec; .* needs an RSA key \(RS256\)$/],
    ];
    for (const [name, content, problem] of cases) {
      const path = file(name, content);
      let error: unknown;
      try {
        parseConfig({ ...app, ...admin, SALESFORCE_PRIVATE_KEY_FILE: path });
      } catch (thrown) {
        error = thrown;
      }
      expect(error, name).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message, name).toMatch(/^SALESFORCE_PRIVATE_KEY_FILE: /);
      expect(message, name).toContain(path);
      expect(message, name).toMatch(problem);
      for (const line of keyBody(content)) expect(message, name).not.toContain(line);
    }
  });
});
