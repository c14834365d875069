import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Reads the PEM private key Salesforce's JWT bearer grant is signed with. Returns the PEM text, or
 * what is wrong with the file; the explanation names the path and never quotes the file's content.
 */
export function readRsaPrivateKeyPem(path: string): { pem: string } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by this process' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'unknown error'})`;
    return { problem: `${path} ${why}` };
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) {
    return { problem: `${path} holds a passphrase-protected key; store it unencrypted (openssl pkey -in <key> -out <plain key>) and readable by the service only` };
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(text)) {
    const certificateOnly = text.includes('-----BEGIN CERTIFICATE-----');
    return { problem: certificateOnly ? `${path} holds a certificate: the certificate goes on the connected app, this variable names its private key` : `${path} holds no PEM private key` };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    return { problem: `${path} holds a PEM private key block that does not parse` };
  }
  // Salesforce verifies the assertion as RS256.
  if (key.asymmetricKeyType !== 'rsa') return { problem: `${path} holds a key of type ${key.asymmetricKeyType ?? 'unknown'}; Salesforce's JWT bearer grant needs an RSA key (RS256)` };
  return { pem: text };
}
