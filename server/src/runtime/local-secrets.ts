import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({ adminToken: z.string().min(24), sandboxAccessToken: z.string().min(24), sandboxClientSecret: z.string().min(24) });

/** Secrets generated for sandbox mode, kept in the data dir (mode 0600) so they survive restarts. */
export type LocalSecrets = z.output<typeof schema>;

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const dir = resolve(dataDir);
  const file = join(dir, 'sandbox-secrets.json');
  if (existsSync(file)) {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  }
  const secrets: LocalSecrets = {
    adminToken: `tt_admin_${randomBytes(24).toString('base64url')}`,
    sandboxAccessToken: `pat-sandbox-${randomBytes(24).toString('hex')}`,
    sandboxClientSecret: randomBytes(24).toString('hex'),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
