/**
 * Exact Shapley values over a handful of players (the six signal groups) from a full table of
 * coalition values v(S), S encoded as a bit mask (bit g set = group g takes the account's values).
 * Arithmetic in float64, so the values sum to v(all) − v(∅) up to rounding (~1e-16).
 */

function factorial(n: number): number {
  let out = 1;
  for (let i = 2; i <= n; i++) out *= i;
  return out;
}

/** |S|!(n−|S|−1)!/n! for |S| = 0..n−1. */
export function shapleyWeights(players: number): Float64Array {
  const weights = new Float64Array(players);
  for (let s = 0; s < players; s++) weights[s] = (factorial(s) * factorial(players - s - 1)) / factorial(players);
  return weights;
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}

/**
 * Shapley value of each player from `values` (length 2^players, read from `offset`).
 * φ_i = Σ_{S ∌ i} w(|S|) · (v(S ∪ {i}) − v(S)).
 */
export function shapleyValues(values: ArrayLike<number>, players: number, offset = 0, weights = shapleyWeights(players)): Float64Array {
  const phi = new Float64Array(players);
  const coalitions = 2 ** players;
  for (let mask = 0; mask < coalitions; mask++) {
    const w = weights[popcount(mask)];
    for (let i = 0; i < players; i++) {
      if ((mask >> i) & 1) continue;
      phi[i] = phi[i]! + w! * (values[offset + (mask | (1 << i))]! - values[offset + mask]!);
    }
  }
  return phi;
}
