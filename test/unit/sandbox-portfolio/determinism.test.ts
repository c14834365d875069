import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generatePortfolio, toPortalData, usageDays } from '../../../server/src/sandbox/portfolio/index.js';

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function usageHash(seed: number): string {
  const h = createHash('sha256');
  for (const row of usageDays(generatePortfolio({ seed, accounts: 150, asOf: '2026-06-30' }))) h.update(JSON.stringify(row));
  return h.digest('hex');
}

describe('portfolio determinism', () => {
  it('produces identical portal data for the same seed and asOf', () => {
    const a = toPortalData(generatePortfolio({ seed: 11, accounts: 300, asOf: '2026-06-30' }));
    const b = toPortalData(generatePortfolio({ seed: 11, accounts: 300, asOf: '2026-06-30' }));
    expect(hashOf(a)).toBe(hashOf(b));
  });

  it('produces different portal data for a different seed', () => {
    const a = toPortalData(generatePortfolio({ seed: 11, accounts: 300, asOf: '2026-06-30' }));
    const b = toPortalData(generatePortfolio({ seed: 12, accounts: 300, asOf: '2026-06-30' }));
    expect(hashOf(a)).not.toBe(hashOf(b));
  });

  it('produces identical usage rows for the same seed', () => {
    expect(usageHash(5)).toBe(usageHash(5));
  });

  it('keeps each account independent of how many accounts are generated', () => {
    const small = generatePortfolio({ seed: 3, accounts: 50, asOf: '2026-06-30' });
    const large = generatePortfolio({ seed: 3, accounts: 120, asOf: '2026-06-30' });
    expect(Array.from(large.accounts[17]?.health ?? [])).toEqual(Array.from(small.accounts[17]?.health ?? []));
    expect(large.accounts[17]?.arrChanges).toEqual(small.accounts[17]?.arrChanges);
  });

  it('rejects a malformed asOf date', () => {
    expect(() => generatePortfolio({ seed: 1, accounts: 10, asOf: '2026-02-30' })).toThrow(/calendar date/);
  });
});
