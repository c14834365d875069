/**
 * Checks a JWT bearer assertion as Salesforce's token endpoint does (OAuth 2.0 JWT bearer flow):
 * RS256 over `header.claims`, signed with the key of the certificate registered on the connected app;
 * `iss` the consumer key, `aud` the login URL, `sub` a username that pre-approved the app, `exp` (seconds)
 * in the future. Refusals carry Salesforce's `error` / `error_description` pairs.
 */
import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { OAuthRefusal } from './oauth-refusal.js';
import { oauthRefusal } from './oauth-refusal.js';

export interface JwtBearerCheck {
  consumerKey: string;
  publicKey: KeyObject;
  /** The `aud` values accepted (the login URL as the client reached it, with or without a trailing slash). */
  audiences: readonly string[];
  /** Usernames that may log in through this app. */
  approvedUsernames: readonly string[];
  nowMs: number;
}

/** The public key of a PEM certificate ("BEGIN CERTIFICATE") or public key ("BEGIN PUBLIC KEY"). */
export function publicKeyFromPem(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The username (`sub`) of a valid assertion, or the refusal Salesforce answers with. */
export function checkJwtBearer(assertion: string | undefined, check: JwtBearerCheck): { username: string } | OAuthRefusal {
  const parts = (assertion ?? '').split('.');
  const header = parts[0] === undefined ? undefined : decodeJson(parts[0]);
  const claims = parts[1] === undefined ? undefined : decodeJson(parts[1]);
  if (parts.length !== 3 || !header || !claims || header.alg !== 'RS256') return oauthRefusal('invalid_grant', 'invalid assertion');
  if (claims.iss !== check.consumerKey) return oauthRefusal('invalid_client_id', 'client identifier invalid');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((aud) => typeof aud === 'string' && check.audiences.includes(aud))) return oauthRefusal('invalid_grant', 'audience is invalid');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= check.nowMs) return oauthRefusal('invalid_grant', 'expired authorization code');
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2] ?? '', 'base64url');
  if (!verify('RSA-SHA256', signed, check.publicKey, signature)) return oauthRefusal('invalid_grant', 'invalid assertion');
  const username = typeof claims.sub === 'string' ? claims.sub : '';
  if (!check.approvedUsernames.some((u) => u.toLowerCase() === username.toLowerCase())) return oauthRefusal('invalid_grant', "user hasn't approved this consumer");
  return { username };
}
