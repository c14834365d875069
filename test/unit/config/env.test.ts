import { describe, expect, it } from 'vitest';
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
