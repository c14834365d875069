import { describe, expect, it } from 'vitest';
import { normaliseGroupKey } from '../../../server/src/store/usage.js';

describe('normaliseGroupKey', () => {
  it.each([
    ['acme.io', 'acme.io'],
    ['ACME.io', 'acme.io'],
    ['www.acme.io', 'acme.io'],
    ['https://www.Acme.io/app/settings?tab=1', 'acme.io'],
    ['http://acme.io:8080', 'acme.io'],
    ['  acme.io.  ', 'acme.io'],
    ['acme.io#top', 'acme.io'],
    ['app.acme.io', 'app.acme.io'],
    ['12345678', '12345678'],
  ])('compares %j as %j', (key, normalised) => {
    expect(normaliseGroupKey(key)).toBe(normalised);
  });
});
