import { createHmac, hkdfSync } from 'node:crypto';

/** How many bytes a Telltale encryption key has (AES-256). */
export const ENCRYPTION_KEY_BYTES = 32;

/**
 * Decodes an encryption key given as 64 hex characters or as base64/base64url (43 or 44 characters);
 * undefined when the text is neither or does not hold exactly 32 bytes.
 */
export function decodeEncryptionKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === ENCRYPTION_KEY_BYTES ? bytes : undefined;
}

/**
 * The public fingerprint of a key (16 hex characters), stored beside every value sealed with it so a
 * rotated-out key can still be found for decryption. An HMAC of a fixed label: it reveals nothing
 * about the key.
 */
export function encryptionKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('telltale key id v1').digest('hex').slice(0, 16);
}

/** A 32-byte subkey for one purpose (HKDF-SHA256), so one configured key never serves two algorithms. */
export function deriveSubkey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `telltale ${purpose}`, ENCRYPTION_KEY_BYTES));
}
