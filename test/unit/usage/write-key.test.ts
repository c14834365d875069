import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { basicAuthFor, presentedWriteKey } from '../../../server/src/api/usage/write-key.js';

const request = (authorization: string | undefined, body?: unknown) => ({ get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined), body }) as unknown as Request;

describe('presentedWriteKey', () => {
  it('reads the key as the HTTP Basic username with an empty password, as Segment sends it', () => {
    expect(presentedWriteKey(request(basicAuthFor('tt_wk_abc')))).toBe('tt_wk_abc');
  });

  it('tolerates a Basic credential without the colon', () => {
    expect(presentedWriteKey(request(`Basic ${Buffer.from('tt_wk_abc').toString('base64')}`))).toBe('tt_wk_abc');
  });

  it('falls back to writeKey in the body', () => {
    expect(presentedWriteKey(request(undefined, { writeKey: 'tt_wk_body', batch: [] }))).toBe('tt_wk_body');
  });

  it('finds no key in a Bearer header, an empty username or a body without writeKey', () => {
    expect(presentedWriteKey(request('Bearer tt_wk_abc', { batch: [] }))).toBeUndefined();
    expect(presentedWriteKey(request(basicAuthFor('')))).toBeUndefined();
    expect(presentedWriteKey(request(undefined, undefined))).toBeUndefined();
  });
});
