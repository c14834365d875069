import { z } from 'zod';
import { decodeEncryptionKey } from '../secrets/encryption-keys.js';
import { readRsaPrivateKeyPem } from './private-key-file.js';

/** Thrown when one environment variable is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expectation: string,
  ) {
    super(`${variable}: ${expectation}`);
    this.name = 'ConfigError';
  }
}

const encryptionKey = z.string().refine((value) => decodeEncryptionKey(value) !== undefined);
const encryptionKeyList = z.string().refine((value) => value.split(',').every((part) => decodeEncryptionKey(part) !== undefined));
const ENCRYPTION_KEY_FORMAT = '32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  });

/** Where production and developer orgs log in; Salesforce sandboxes use https://test.salesforce.com. */
export const SALESFORCE_PRODUCTION_LOGIN_URL = 'https://login.salesforce.com';

/** Every variable the service reads, with what it expects (the message shown when a value is bad). */
const variables = {
  PORT: { schema: port.default(3000), expects: 'a TCP port number (0-65535)' },
  DATABASE_URL: {
    schema: url(['postgres:', 'postgresql:']).optional(),
    expects: 'a postgres:// or postgresql:// connection URL (unset: embedded PGlite under TELLTALE_DATA_DIR)',
  },
  TELLTALE_DATA_DIR: { schema: z.string().min(1).default('./data'), expects: 'a directory path' },
  REDIS_URL: {
    schema: url(['redis:', 'rediss:']).optional(),
    expects: 'a redis:// or rediss:// URL (unset: a private redis-server from PATH)',
  },
  TELLTALE_ADMIN_TOKEN: {
    schema: z.string().min(24).optional(),
    expects: 'a secret of at least 24 characters (required unless running on the sandbox)',
  },
  HUBSPOT_ACCESS_TOKEN: { schema: z.string().min(10).optional(), expects: 'a HubSpot private-app access token' },
  HUBSPOT_CLIENT_ID: { schema: z.string().min(1).optional(), expects: 'the HubSpot app client id' },
  HUBSPOT_CLIENT_SECRET: { schema: z.string().min(1).optional(), expects: 'the HubSpot app client secret' },
  HUBSPOT_API_BASE_URL: {
    schema: url(['http:', 'https:']).optional(),
    expects: 'an http(s) URL of the HubSpot API (default https://api.hubapi.com, or the mounted sandbox)',
  },
  SALESFORCE_CONSUMER_KEY: { schema: z.string().regex(/^\S+$/).optional(), expects: 'the consumer key of the Salesforce connected app (no spaces)' },
  SALESFORCE_USERNAME: {
    schema: z.string().regex(/^[^@\s]+@[^@\s]+$/).optional(),
    expects: 'the username of the Salesforce integration user pre-authorised on the connected app (email format, e.g. telltale@acme.com)',
  },
  SALESFORCE_PRIVATE_KEY_FILE: { schema: z.string().min(1).optional(), expects: 'the path of the PEM private key whose certificate is uploaded to the connected app' },
  SALESFORCE_LOGIN_URL: {
    schema: url(['http:', 'https:']).optional(),
    expects: `an http(s) URL where Salesforce sessions are issued (default ${SALESFORCE_PRODUCTION_LOGIN_URL}; https://test.salesforce.com for a Salesforce sandbox; sandbox mode: the mounted sandbox org, or a proxy in front of it)`,
  },
  SALESFORCE_INSTANCE_URL: {
    schema: url(['http:', 'https:']).optional(),
    expects: "an http(s) URL of the Salesforce org's REST API (default: the instance_url Salesforce's login answers; sandbox mode: the mounted sandbox org, or a proxy in front of it)",
  },
  TELLTALE_SALESFORCE_POLL_MINUTES: {
    schema: positiveInt.default(5),
    expects: 'a whole number of minutes > 0 between incremental syncs of a Salesforce org that sends no change events',
  },
  TELLTALE_SALESFORCE_CHANGE_EVENTS: {
    schema: z.enum(['on', 'off']).default('on'),
    expects: "on (subscribe to the org's Change Data Capture events, polling only when the subscription is down) or off (poll only)",
  },
  TELLTALE_PUBLIC_URL: {
    schema: url(['http:', 'https:']).optional(),
    expects: 'the http(s) origin HubSpot calls for cards and webhooks, e.g. https://telltale.example.com (unset: the request\'s own host)',
  },
  TELLTALE_ENCRYPTION_KEY: {
    schema: encryptionKey.optional(),
    expects: `${ENCRYPTION_KEY_FORMAT}; encrypts OAuth tokens at rest (required with HUBSPOT_CLIENT_ID)`,
  },
  TELLTALE_PREVIOUS_ENCRYPTION_KEYS: {
    schema: encryptionKeyList.optional(),
    expects: `comma-separated earlier TELLTALE_ENCRYPTION_KEY values (${ENCRYPTION_KEY_FORMAT}), still accepted for decryption after a rotation`,
  },
  TELLTALE_SYNC_INTERVAL_MINUTES: { schema: positiveInt.default(15), expects: 'a whole number of minutes > 0' },
  TELLTALE_SANDBOX_SEED: { schema: z.coerce.number().int().default(42), expects: 'an integer seed' },
  TELLTALE_SANDBOX_ACCOUNTS: { schema: positiveInt.max(50_000).default(2000), expects: 'a number of companies (1-50000)' },
  TELLTALE_SANDBOX_AS_OF: {
    schema: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    expects: 'a date YYYY-MM-DD on which the sandbox history ends (default: yesterday)',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    expects: 'one of fatal, error, warn, info, debug, trace, silent',
  },
} as const;

const SECRET_VARIABLES = new Set([
  'TELLTALE_ADMIN_TOKEN',
  'HUBSPOT_ACCESS_TOKEN',
  'HUBSPOT_CLIENT_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
  'TELLTALE_ENCRYPTION_KEY',
  'TELLTALE_PREVIOUS_ENCRYPTION_KEYS',
]);

type Variables = typeof variables;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

/** The service configuration, parsed once at start. */
export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  adminToken: string | undefined;
  hubspot: {
    accessToken: string | undefined;
    clientId: string | undefined;
    clientSecret: string | undefined;
    apiBaseUrl: string | undefined;
  };
  /** Where the Salesforce connector connects; unset in sandbox mode: the mounted sandbox org. */
  salesforce: {
    /**
     * The customer's org this deployment connects to (server-to-server JWT bearer grant): the connected
     * app, its pre-authorised integration user and the private key of the app's certificate.
     */
    connectedApp: SalesforceConnectedApp | undefined;
    /** SALESFORCE_LOGIN_URL; unset: SALESFORCE_PRODUCTION_LOGIN_URL with a connected app. */
    loginUrl: string | undefined;
    /** SALESFORCE_INSTANCE_URL; unset: the instance_url of the org's login answer. */
    instanceUrl: string | undefined;
    /** Minutes between incremental syncs of an org whose change events are not subscribed. */
    pollMinutes: number;
    /** Subscribe to Change Data Capture (Account, Opportunity, Case) and poll only while it is down. */
    changeEvents: boolean;
  };
  /** Encrypts OAuth tokens at rest (AES-256-GCM); required with an OAuth app, unset otherwise (sandbox mode keeps its own). */
  encryptionKey: Buffer | undefined;
  /** Keys rotated out: values sealed with them still open, and are re-sealed with `encryptionKey`. */
  previousEncryptionKeys: Buffer[];
  /** The origin HubSpot signs requests for (behind a proxy that rewrites Host); undefined: the request's host. */
  publicUrl: string | undefined;
  /** True when no CRM credentials are configured: the built-in sandbox CRMs are mounted and synced. */
  sandbox: boolean;
  sandboxSeed: number;
  sandboxAccounts: number;
  sandboxAsOf: string | undefined;
  syncIntervalMinutes: number;
  logLevel: Parsed['LOG_LEVEL'];
}

/** The connected app a deployment logs in to its customer's Salesforce org with. */
export interface SalesforceConnectedApp {
  consumerKey: string;
  username: string;
  /** The PEM text read from SALESFORCE_PRIVATE_KEY_FILE (never logged nor shown). */
  privateKeyPem: string;
}

/** Parses the environment; throws a ConfigError naming the first bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = {} as Record<string, unknown>;
  for (const [name, { schema, expects }] of Object.entries(variables)) {
    const raw = env[name];
    const result = schema.safeParse(raw === '' ? undefined : raw);
    if (!result.success) {
      // Secrets (and URLs that may embed passwords) are never echoed back.
      const shown = SECRET_VARIABLES.has(name) ? `a value of ${raw?.length ?? 0} characters` : JSON.stringify(raw);
      throw new ConfigError(name, `expected ${expects}, got ${shown}`);
    }
    parsed[name] = result.data;
  }
  const p = parsed as Parsed;
  if (Boolean(p.HUBSPOT_CLIENT_ID) !== Boolean(p.HUBSPOT_CLIENT_SECRET)) {
    const missing = p.HUBSPOT_CLIENT_ID ? 'HUBSPOT_CLIENT_SECRET' : 'HUBSPOT_CLIENT_ID';
    throw new ConfigError(missing, 'expected HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET to be set together');
  }
  if (p.HUBSPOT_CLIENT_ID && !p.TELLTALE_ENCRYPTION_KEY) {
    throw new ConfigError('TELLTALE_ENCRYPTION_KEY', `expected ${ENCRYPTION_KEY_FORMAT} when HUBSPOT_CLIENT_ID is set: OAuth tokens are stored encrypted with it`);
  }
  if (p.HUBSPOT_CLIENT_ID && !p.TELLTALE_PUBLIC_URL) {
    throw new ConfigError('TELLTALE_PUBLIC_URL', 'expected the public http(s) origin when HUBSPOT_CLIENT_ID is set: HubSpot sends installs to <origin>/oauth/hubspot/callback');
  }
  const connectedApp = salesforceConnectedApp(p);
  const sandbox = !p.HUBSPOT_ACCESS_TOKEN && !p.HUBSPOT_CLIENT_ID && !connectedApp;
  if (!sandbox && !p.TELLTALE_ADMIN_TOKEN) {
    throw new ConfigError('TELLTALE_ADMIN_TOKEN', 'expected a secret of at least 24 characters when CRM credentials are set');
  }
  return {
    port: p.PORT,
    databaseUrl: p.DATABASE_URL,
    dataDir: p.TELLTALE_DATA_DIR,
    redisUrl: p.REDIS_URL,
    adminToken: p.TELLTALE_ADMIN_TOKEN,
    hubspot: {
      accessToken: p.HUBSPOT_ACCESS_TOKEN,
      clientId: p.HUBSPOT_CLIENT_ID,
      clientSecret: p.HUBSPOT_CLIENT_SECRET,
      apiBaseUrl: p.HUBSPOT_API_BASE_URL,
    },
    salesforce: {
      connectedApp,
      loginUrl: p.SALESFORCE_LOGIN_URL?.replace(/\/+$/, ''),
      instanceUrl: p.SALESFORCE_INSTANCE_URL?.replace(/\/+$/, ''),
      pollMinutes: p.TELLTALE_SALESFORCE_POLL_MINUTES,
      changeEvents: p.TELLTALE_SALESFORCE_CHANGE_EVENTS === 'on',
    },
    encryptionKey: p.TELLTALE_ENCRYPTION_KEY ? decodeEncryptionKey(p.TELLTALE_ENCRYPTION_KEY) : undefined,
    previousEncryptionKeys: (p.TELLTALE_PREVIOUS_ENCRYPTION_KEYS?.split(',') ?? []).map((key) => decodeEncryptionKey(key)!),
    publicUrl: p.TELLTALE_PUBLIC_URL?.replace(/\/+$/, ''),
    sandbox,
    sandboxSeed: p.TELLTALE_SANDBOX_SEED,
    sandboxAccounts: p.TELLTALE_SANDBOX_ACCOUNTS,
    sandboxAsOf: p.TELLTALE_SANDBOX_AS_OF,
    syncIntervalMinutes: p.TELLTALE_SYNC_INTERVAL_MINUTES,
    logLevel: p.LOG_LEVEL,
  };
}

const CONNECTED_APP_VARIABLES = ['SALESFORCE_CONSUMER_KEY', 'SALESFORCE_USERNAME', 'SALESFORCE_PRIVATE_KEY_FILE'] as const;

/** The three connected-app variables, all set or none; the key file is read and checked here. */
function salesforceConnectedApp(p: Parsed): SalesforceConnectedApp | undefined {
  const { SALESFORCE_CONSUMER_KEY: consumerKey, SALESFORCE_USERNAME: username, SALESFORCE_PRIVATE_KEY_FILE: keyFile } = p;
  if (!consumerKey && !username && !keyFile) return undefined;
  if (!consumerKey || !username || !keyFile) {
    const set = CONNECTED_APP_VARIABLES.filter((name) => p[name] !== undefined);
    const missing = CONNECTED_APP_VARIABLES.find((name) => p[name] === undefined)!;
    throw new ConfigError(missing, `expected ${CONNECTED_APP_VARIABLES.join(', ')} to be set together (set: ${set.join(', ')})`);
  }
  const key = readRsaPrivateKeyPem(keyFile);
  if ('problem' in key) throw new ConfigError('SALESFORCE_PRIVATE_KEY_FILE', `expected the PEM private key whose certificate is uploaded to the connected app, but ${key.problem}`);
  return { consumerKey, username, privateKeyPem: key.pem };
}
