import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { decodeEncryptionKey, ENCRYPTION_KEY_BYTES } from '../secrets/encryption-keys.js';

const schema = z.object({
  adminToken: z.string().min(24),
  sandboxAccessToken: z.string().min(24),
  sandboxClientSecret: z.string().min(24),
  // Files written before OAuth existed lack it; it is added on load.
  encryptionKey: z
    .string()
    .refine((value) => decodeEncryptionKey(value) !== undefined)
    .optional(),
  // Files written before the Salesforce sandbox existed lack it; it is added on load.
  salesforce: z.object({ consumerSecret: z.string().min(24), privateKeyPem: z.string().min(100), publicKeyPem: z.string().min(100) }).optional(),
});

/** Secrets generated for sandbox mode, kept in the data dir (mode 0600) so they survive restarts. */
export interface LocalSecrets {
  adminToken: string;
  sandboxAccessToken: string;
  sandboxClientSecret: string;
  /** Base64 of 32 random bytes: encrypts OAuth tokens at rest in sandbox mode (TELLTALE_ENCRYPTION_KEY otherwise). */
  encryptionKey: string;
  /** The sandbox org's connected app: its consumer secret and the key pair of its JWT bearer logins. */
  salesforce: { consumerSecret: string; privateKeyPem: string; publicKeyPem: string };
}

const newEncryptionKey = (): string => randomBytes(ENCRYPTION_KEY_BYTES).toString('base64');

function newSalesforceApp(): LocalSecrets['salesforce'] {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    consumerSecret: randomBytes(24).toString('hex'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const dir = resolve(dataDir);
  const file = join(dir, 'sandbox-secrets.json');
  if (existsSync(file)) {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) {
      const { encryptionKey, salesforce, ...rest } = parsed.data;
      if (encryptionKey && salesforce) return { ...rest, encryptionKey, salesforce };
      const upgraded = { ...rest, encryptionKey: encryptionKey ?? newEncryptionKey(), salesforce: salesforce ?? newSalesforceApp() };
      write(dir, file, upgraded);
      return upgraded;
    }
  }
  const secrets: LocalSecrets = {
    adminToken: `tt_admin_${randomBytes(24).toString('base64url')}`,
    sandboxAccessToken: `pat-sandbox-${randomBytes(24).toString('hex')}`,
    sandboxClientSecret: randomBytes(24).toString('hex'),
    encryptionKey: newEncryptionKey(),
    salesforce: newSalesforceApp(),
  };
  write(dir, file, secrets);
  return secrets;
}

function write(dir: string, file: string, secrets: LocalSecrets): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}
