import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OAuthStateSigner } from '../../../server/src/api/oauth-state.js';
import type { Clock } from '../../../server/src/clock/clock.js';

function movableClock(start = '2026-03-01T12:00:00Z') {
  let now = new Date(start).getTime();
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (ms: number) => (now += ms) };
}

describe('OAuth state', () => {
  const key = randomBytes(32);

  it('accepts a fresh state presented with the nonce of the browser that started the install', () => {
    const { clock } = movableClock();
    const signer = new OAuthStateSigner(key, clock);
    const { state, nonce, expiresAt } = signer.issue();
    expect(signer.verify(state, nonce)).toBe('ok');
    expect(expiresAt.toISOString()).toBe('2026-03-01T12:10:00.000Z');
  });

  it('does not put the browser nonce itself in the state', () => {
    const signer = new OAuthStateSigner(key, movableClock().clock);
    const { state, nonce } = signer.issue();
    expect(state).not.toContain(nonce);
    expect(Buffer.from(state.split('.')[0]!, 'base64url').toString()).not.toContain(nonce);
  });

  it('refuses a state after its ten minutes, even with the right nonce', () => {
    const { clock, advance } = movableClock();
    const signer = new OAuthStateSigner(key, clock);
    const { state, nonce } = signer.issue();
    advance(10 * 60_000);
    expect(signer.verify(state, nonce)).toBe('ok');
    advance(1);
    expect(signer.verify(state, nonce)).toBe('expired');
  });

  it('refuses a state with a changed payload or signature, and one signed with another key', () => {
    const { clock } = movableClock();
    const signer = new OAuthStateSigner(key, clock);
    const { state, nonce } = signer.issue();
    const [payload, signature] = state.split('.') as [string, string];
    const longer = Buffer.from(JSON.stringify({ v: 1, exp: Date.parse('2030-01-01'), n: 'x' })).toString('base64url');
    expect(signer.verify(`${longer}.${signature}`, nonce)).toBe('bad_signature');
    expect(signer.verify(`${payload}.${signature.slice(0, -2)}AA`, nonce)).toBe('bad_signature');
    expect(new OAuthStateSigner(randomBytes(32), clock).verify(state, nonce)).toBe('bad_signature');
  });

  it('refuses a valid state presented by another browser (no cookie, or another install’s nonce)', () => {
    const signer = new OAuthStateSigner(key, movableClock().clock);
    const first = signer.issue();
    const second = signer.issue();
    expect(signer.verify(first.state, undefined)).toBe('other_browser');
    expect(signer.verify(first.state, second.nonce)).toBe('other_browser');
  });

  it('calls text that is not a state malformed', () => {
    const signer = new OAuthStateSigner(key, movableClock().clock);
    expect(signer.verify('', 'n')).toBe('malformed');
    expect(signer.verify('just-one-part', 'n')).toBe('malformed');
    expect(signer.verify('a.b.c', 'n')).toBe('malformed');
  });
});
