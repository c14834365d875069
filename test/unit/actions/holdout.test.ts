import { describe, expect, it } from 'vitest';
import { holdoutPosition, isInHoldout } from '../../../server/src/actions/holdout.js';

const ids = Array.from({ length: 2000 }, (_, i) => String(100_001 + i));

describe('holdout', () => {
  it('puts about 10% of 2,000 accounts in a 10% holdout', () => {
    const share = ids.filter((id) => isInHoldout('tenant-a', id, 0.1)).length / ids.length;
    // Binomial(2000, 0.1): standard deviation 0.67 points; ±2 points is three of them.
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });

  it('keeps an account in or out of the holdout on every call', () => {
    const first = ids.map((id) => isInHoldout('tenant-a', id, 0.1));
    const again = ids.map((id) => isInHoldout('tenant-a', id, 0.1));
    expect(again).toEqual(first);
  });

  it('only adds accounts when the share grows', () => {
    const small = ids.filter((id) => isInHoldout('tenant-a', id, 0.1));
    const large = new Set(ids.filter((id) => isInHoldout('tenant-a', id, 0.25)));
    expect(small.every((id) => large.has(id))).toBe(true);
    expect(large.size).toBeGreaterThan(small.length);
  });

  it('draws a different holdout for another tenant with the same CRM ids', () => {
    const a = ids.filter((id) => isInHoldout('tenant-a', id, 0.1));
    const b = new Set(ids.filter((id) => isInHoldout('tenant-b', id, 0.1)));
    const shared = a.filter((id) => b.has(id)).length;
    expect(shared).toBeLessThan(a.length / 2);
  });

  it('holds out nobody at 0 and everybody at 1', () => {
    expect(ids.some((id) => isInHoldout('tenant-a', id, 0))).toBe(false);
    expect(ids.every((id) => isInHoldout('tenant-a', id, 1))).toBe(true);
  });

  it('places accounts uniformly in [0, 1)', () => {
    const positions = ids.map((id) => holdoutPosition('tenant-a', id));
    expect(Math.min(...positions)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...positions)).toBeLessThan(1);
    const mean = positions.reduce((a, b) => a + b, 0) / positions.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
  });

  it('refuses a share outside [0, 1]', () => {
    expect(() => isInHoldout('tenant-a', '1', 1.5)).toThrow(/holdout share must be between 0 and 1, got 1.5/);
    expect(() => isInHoldout('tenant-a', '1', Number.NaN)).toThrow(RangeError);
  });
});
