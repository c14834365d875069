import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock/clock.js';

/** Why a `state` was refused; `ok` carries nothing else (the state holds no data the callback needs). */
export type StateCheck = 'ok' | 'malformed' | 'bad_signature' | 'expired' | 'other_browser';

/** A fresh install attempt: `state` goes to HubSpot in the authorize URL, `nonce` to the browser as a cookie. */
export interface IssuedState {
  state: string;
  nonce: string;
  expiresAt: Date;
}

const payloadSchema = z.object({ v: z.literal(1), exp: z.number().int(), n: z.string().min(1) });

const hashNonce = (nonce: string) => createHash('sha256').update(nonce).digest('base64url');

/**
 * The OAuth `state` (RFC 6749 §10.12): `<payload>.<HMAC-SHA256 of payload>`, base64url, where the
 * payload holds an expiry and the hash of a random nonce that is also set as a cookie in the browser
 * that started the install. The callback accepts only an unexpired state signed with the server's
 * key whose nonce matches that browser's cookie, so a callback link forged or replayed into another
 * browser does nothing.
 */
export class OAuthStateSigner {
  constructor(
    private readonly key: Buffer,
    private readonly clock: Clock,
    readonly ttlMs: number = 10 * 60_000,
  ) {}

  issue(): IssuedState {
    const nonce = randomBytes(16).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlMs);
    const payload = Buffer.from(JSON.stringify({ v: 1, exp: expiresAt.getTime(), n: hashNonce(nonce) })).toString('base64url');
    return { state: `${payload}.${this.sign(payload)}`, nonce, expiresAt };
  }

  /** Checks a state from the callback against the nonce cookie of the browser presenting it. */
  verify(state: string, nonce: string | undefined): StateCheck {
    const parts = state.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return 'malformed';
    const [payload, signature] = parts as [string, string];
    if (!equal(signature, this.sign(payload))) return 'bad_signature';
    let parsed: z.output<typeof payloadSchema>;
    try {
      const result = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      if (!result.success) return 'malformed';
      parsed = result.data;
    } catch {
      return 'malformed';
    }
    if (this.clock.now().getTime() > parsed.exp) return 'expired';
    if (!nonce || !equal(hashNonce(nonce), parsed.n)) return 'other_browser';
    return 'ok';
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
