import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveSubkey, encryptionKeyId } from './encryption-keys.js';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a sealed value could not be opened; the message never contains the value. */
export type SecretBoxFailure = 'malformed' | 'unknown_key' | 'tampered';

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
  constructor(
    readonly failure: SecretBoxFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Encryption at rest for secrets such as OAuth tokens: AES-256-GCM with a random 96-bit IV per value.
 * A sealed value reads `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). The format, the key id
 * and a caller-given `context` (e.g. `hubspot-123:refresh_token`) are authenticated as associated data,
 * so a value copied to another row or field does not open. Values sealed with a previous key still
 * open while that key is configured; `seal` always uses the current key.
 */
export class SecretBox {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(currentKey: Buffer, previousKeys: readonly Buffer[] = []) {
    this.currentKeyId = encryptionKeyId(currentKey);
    for (const key of [currentKey, ...previousKeys]) {
      const id = encryptionKeyId(key);
      if (!this.keys.has(id)) this.keys.set(id, deriveSubkey(key, 'secret box aes-256-gcm'));
    }
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(this.currentKeyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const encoded = [iv, ciphertext, cipher.getAuthTag()].map((bytes) => bytes.toString('base64url'));
    return [FORMAT, this.currentKeyId, ...encoded].join('.');
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) throw new SecretBoxError('malformed', `not a sealed value (expected ${FORMAT}.<keyId>.<iv>.<ciphertext>.<tag>)`);
    const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) {
      throw new SecretBoxError('unknown_key', `the value was sealed with key ${keyId}, which is not configured (add it to TELLTALE_PREVIOUS_ENCRYPTION_KEYS)`);
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new SecretBoxError('malformed', 'the sealed value has a wrong IV or tag length');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(keyId, context));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('tampered', `the sealed value for ${context} failed authentication (changed, or sealed for another record)`);
    }
  }

  /** The key id a sealed value names (undefined when it is not a sealed value). */
  static keyIdOf(sealed: string): string | undefined {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === FORMAT ? parts[1] : undefined;
  }
}

function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(`${FORMAT}.${keyId}.${context}`, 'utf8');
}
