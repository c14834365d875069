import { describe, expect, it } from 'vitest';
import { RollingWindow, rateLimitBody } from '../../../server/src/sandbox/hubspot/rate-limit.js';
import tenSecondly from '../../fixtures/hubspot/errors/rate-limit-ten-secondly.json' with { type: 'json' };
import secondly from '../../fixtures/hubspot/errors/rate-limit-secondly.json' with { type: 'json' };

describe('rolling rate-limit window', () => {
  it('allows the limit within the window, refuses the next, and frees slots as they age out', () => {
    const window = new RollingWindow(3, 10_000);
    expect([0, 1_000, 2_000].map((t) => window.tryTake('token', t).remaining)).toEqual([2, 1, 0]);
    expect(window.tryTake('token', 9_999)).toEqual({ allowed: false, remaining: 0 });
    expect(window.tryTake('token', 10_000)).toEqual({ allowed: true, remaining: 0 });
    expect(window.tryTake('token', 10_500).allowed).toBe(false);
    expect(window.tryTake('token', 11_000).allowed).toBe(true);
  });

  it('counts each token separately and does not count refused attempts', () => {
    const window = new RollingWindow(1, 1_000);
    expect(window.tryTake('a', 0).allowed).toBe(true);
    expect(window.tryTake('b', 0).allowed).toBe(true);
    for (let t = 1; t < 1_000; t += 100) expect(window.tryTake('a', t).allowed).toBe(false);
    expect(window.tryTake('a', 1_000).allowed).toBe(true);
  });

  it('builds HubSpot\'s 429 bodies for the ten-secondly and the search limit', () => {
    const strip = ({ correlationId: _c, requestId: _r, ...rest }: Record<string, unknown>) => rest;
    expect(strip({ ...rateLimitBody('TEN_SECONDLY_ROLLING') })).toEqual(strip(tenSecondly));
    expect(strip({ ...rateLimitBody('SECONDLY') })).toEqual(strip(secondly));
  });
});
