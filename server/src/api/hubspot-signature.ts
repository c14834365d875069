/**
 * HubSpot request signatures. Card fetches (`hubspot.fetch`) and webhooks carry
 * `X-HubSpot-Signature-v3` = base64(HMAC-SHA256(client secret, method + URI + body + timestamp)) and
 * `X-HubSpot-Request-Timestamp` (epoch ms). A request is accepted only when the signature matches
 * (constant-time compare) and the timestamp is at most five minutes old. v1 and v2 are computed for
 * completeness (older webhook subscriptions send them); Telltale accepts only v3.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot's replay window. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

/**
 * The percent-encodings HubSpot decodes in the URI before signing (its request-validation guide);
 * every other escape stays as sent.
 */
const DECODED_ESCAPES: Readonly<Record<string, string>> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
  '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

/** The URI as HubSpot signs it: the listed escapes decoded (either letter case), nothing else touched. */
export function signedUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED_ESCAPES[escape.toUpperCase()] ?? escape);
}

export interface SignatureInput {
  clientSecret: string;
  method: string;
  /** The full URL HubSpot called, scheme and host included, query string as sent. */
  url: string;
  /** The raw request body exactly as received ('' when there is none). */
  body: string;
  /** `X-HubSpot-Request-Timestamp`, as sent. */
  timestamp: string;
}

export function signatureV3(input: SignatureInput): string {
  const source = `${input.method.toUpperCase()}${signedUri(input.url)}${input.body}${input.timestamp}`;
  return createHmac('sha256', input.clientSecret).update(source, 'utf8').digest('base64');
}

/** v1: sha256 hex of client secret + body. */
export function signatureV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(clientSecret + body, 'utf8').digest('hex');
}

/** v2: sha256 hex of client secret + method + URI + body. */
export function signatureV2(clientSecret: string, method: string, url: string, body: string): string {
  return createHash('sha256').update(clientSecret + method.toUpperCase() + url + body, 'utf8').digest('hex');
}

export type SignatureRejection = 'MISSING_SIGNATURE' | 'MISSING_TIMESTAMP' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE';

export type SignatureCheck = { valid: true } | { valid: false; reason: SignatureRejection; message: string };

/** Checks a v3 signature and its timestamp against `now` (epoch ms). */
export function verifySignatureV3(input: SignatureInput & { signature: string | undefined; now: number }): SignatureCheck {
  if (!input.signature) return { valid: false, reason: 'MISSING_SIGNATURE', message: 'the X-HubSpot-Signature-v3 header is missing' };
  if (!/^\d{10,16}$/.test(input.timestamp)) return { valid: false, reason: 'MISSING_TIMESTAMP', message: 'the X-HubSpot-Request-Timestamp header is missing or not epoch milliseconds' };
  const age = input.now - Number(input.timestamp);
  // A timestamp from the future beyond the window is as suspicious as an old one.
  if (Math.abs(age) > MAX_SIGNATURE_AGE_MS) return { valid: false, reason: 'STALE_TIMESTAMP', message: 'the request timestamp is more than 5 minutes away from now' };
  const expected = Buffer.from(signatureV3(input), 'utf8');
  const presented = Buffer.from(input.signature, 'utf8');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return { valid: false, reason: 'BAD_SIGNATURE', message: 'the request signature does not match' };
  }
  return { valid: true };
}
