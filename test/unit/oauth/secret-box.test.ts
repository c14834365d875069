import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeEncryptionKey, encryptionKeyId } from '../../../server/src/secrets/encryption-keys.js';
import { SecretBox, SecretBoxError } from '../../../server/src/secrets/secret-box.js';

const TOKEN = 'CN2zlYnmLBICAQIYgZXFLyCWp1Yoy_9GMhkAgddk-zDc-H_rOad1X2s6Qv3fmG1spSY0Og0ACgJBAAADAIADAAABQhkAgddk';
const CONTEXT = 'hubspot-123:hubspot:access_token';

function openError(box: SecretBox, sealed: string, context = CONTEXT): SecretBoxError {
  try {
    box.open(sealed, context);
  } catch (error) {
    if (error instanceof SecretBoxError) return error;
    throw error;
  }
  throw new Error('the sealed value opened');
}

/** Flips one bit of the base64url part `index` (2 iv, 3 ciphertext, 4 tag) of a sealed value. */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox (AES-256-GCM at rest)', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and the sealed text contains neither the secret nor its base64', () => {
    const box = new SecretBox(key);
    const sealed = box.seal(TOKEN, CONTEXT);
    expect(box.open(sealed, CONTEXT)).toBe(TOKEN);
    expect(sealed).not.toContain(TOKEN);
    expect(sealed).not.toContain(Buffer.from(TOKEN).toString('base64url').slice(0, 24));
    expect(sealed.split('.')).toHaveLength(5);
    expect(sealed.startsWith(`v1.${box.currentKeyId}.`)).toBe(true);
  });

  it('uses a fresh IV for every value, so sealing the same secret twice gives different text', () => {
    const box = new SecretBox(key);
    const first = box.seal(TOKEN, CONTEXT);
    const second = box.seal(TOKEN, CONTEXT);
    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
  });

  it('detects a changed ciphertext, tag or IV', () => {
    const box = new SecretBox(key);
    const sealed = box.seal(TOKEN, CONTEXT);
    for (const part of [2, 3, 4]) expect(openError(box, flipBit(sealed, part)).failure).toBe('tampered');
  });

  it('refuses a value moved to another record or field (the context is authenticated)', () => {
    const box = new SecretBox(key);
    const sealed = box.seal(TOKEN, CONTEXT);
    expect(openError(box, sealed, 'hubspot-456:hubspot:access_token').failure).toBe('tampered');
    expect(openError(box, sealed, 'hubspot-123:hubspot:refresh_token').failure).toBe('tampered');
  });

  it('refuses a value whose key id was rewritten to another configured key', () => {
    const other = randomBytes(32);
    const box = new SecretBox(key, [other]);
    const parts = box.seal(TOKEN, CONTEXT).split('.');
    parts[1] = encryptionKeyId(other);
    expect(openError(box, parts.join('.')).failure).toBe('tampered');
  });

  it('cannot open a value with the wrong key, and says which key it needs without revealing the secret', () => {
    const sealed = new SecretBox(key).seal(TOKEN, CONTEXT);
    const error = openError(new SecretBox(randomBytes(32)), sealed);
    expect(error.failure).toBe('unknown_key');
    expect(error.message).toContain(encryptionKeyId(key));
    expect(error.message).not.toContain(TOKEN);
  });

  it('opens values sealed with a previous key after a rotation, and seals new ones with the current key', () => {
    const oldBox = new SecretBox(key);
    const sealed = oldBox.seal(TOKEN, CONTEXT);
    const newKey = randomBytes(32);
    const rotated = new SecretBox(newKey, [key]);
    expect(rotated.open(sealed, CONTEXT)).toBe(TOKEN);
    expect(SecretBox.keyIdOf(sealed)).toBe(encryptionKeyId(key));
    expect(SecretBox.keyIdOf(rotated.seal(TOKEN, CONTEXT))).toBe(encryptionKeyId(newKey));
    expect(encryptionKeyId(newKey)).not.toBe(encryptionKeyId(key));
  });

  it('refuses text that is not a sealed value', () => {
    const box = new SecretBox(key);
    expect(openError(box, TOKEN).failure).toBe('malformed');
    expect(openError(box, 'v2.a.b.c.d').failure).toBe('malformed');
    const parts = box.seal(TOKEN, CONTEXT).split('.');
    parts[2] = 'AAAA';
    expect(openError(box, parts.join('.')).failure).toBe('malformed');
  });
});

describe('decodeEncryptionKey', () => {
  const bytes = randomBytes(32);

  it('takes 32 bytes as 64 hex characters, base64 or base64url', () => {
    for (const text of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')]) expect(decodeEncryptionKey(text)?.equals(bytes)).toBe(true);
  });

  it('refuses keys of another length or encoding', () => {
    for (const text of [randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(48).toString('base64'), 'correct horse battery staple', ''])
      expect(decodeEncryptionKey(text)).toBeUndefined();
  });
});
