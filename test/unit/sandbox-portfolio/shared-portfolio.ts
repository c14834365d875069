import { generatePortfolio, type Portfolio } from '../../../server/src/sandbox/portfolio/index.js';

const cache = new Map<string, Portfolio>();

/** One generated portfolio per (seed, accounts), shared by the tests of a file. */
export function portfolioFor(seed: number, accounts: number): Portfolio {
  const key = `${seed}:${accounts}`;
  let p = cache.get(key);
  if (!p) {
    p = generatePortfolio({ seed, accounts, asOf: '2026-06-30' });
    cache.set(key, p);
  }
  return p;
}
