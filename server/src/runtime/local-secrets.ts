import { randomBytes } from 'node:crypto';
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
});

/** Secrets generated for sandbox mode, kept in the data dir (mode 0600) so they survive restarts. */
export interface LocalSecrets {
  adminToken: string;
  sandboxAccessToken: string;
  sandboxClientSecret: string;
  /** Base64 of 32 random bytes: encrypts OAuth tokens at rest in sandbox mode (TELLTALE_ENCRYPTION_KEY otherwise). */
  encryptionKey: string;
}

const newEncryptionKey = (): string => randomBytes(ENCRYPTION_KEY_BYTES).toString('base64');

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const dir = resolve(dataDir);
  const file = join(dir, 'sandbox-secrets.json');
  if (existsSync(file)) {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) {
      const { encryptionKey, ...rest } = parsed.data;
      if (encryptionKey) return { ...rest, encryptionKey };
      const upgraded = { ...rest, encryptionKey: newEncryptionKey() };
      write(dir, file, upgraded);
      return upgraded;
    }
  }
  const secrets: LocalSecrets = {
    adminToken: `tt_admin_${randomBytes(24).toString('base64url')}`,
    sandboxAccessToken: `pat-sandbox-${randomBytes(24).toString('hex')}`,
    sandboxClientSecret: randomBytes(24).toString('hex'),
    encryptionKey: newEncryptionKey(),
  };
  write(dir, file, secrets);
  return secrets;
}

function write(dir: string, file: string, secrets: LocalSecrets): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}
