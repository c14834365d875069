import { describe, expect, test } from 'vitest';
import { shapleyValues, shapleyWeights } from '../../../server/src/scoring/shapley.js';

/** A game on 6 players given as a function of the coalition mask. */
function table(v: (mask: number) => number, players = 6): Float64Array {
  return Float64Array.from({ length: 2 ** players }, (_, mask) => v(mask));
}

function has(mask: number, player: number): boolean {
  return ((mask >> player) & 1) === 1;
}

describe('shapleyValues', () => {
  test('weights of each player over all coalitions without it sum to one', () => {
    const w = shapleyWeights(6);
    let total = 0;
    for (let mask = 0; mask < 64; mask++) if (!has(mask, 0)) total += w[[1, 2, 3, 4, 5].filter((p) => has(mask, p)).length]!;
    expect(total).toBeCloseTo(1, 14);
  });

  test('gives each player its own term in an additive game', () => {
    const a = [0.1, -0.2, 0.05, 0, 0.3, -0.01];
    const phi = shapleyValues(table((m) => 0.5 + a.reduce((s, x, i) => s + (has(m, i) ? x : 0), 0)), 6);
    a.forEach((x, i) => expect(phi[i]).toBeCloseTo(x, 14));
  });

  test('splits an interaction equally between symmetric players and gives a null player zero', () => {
    // Players 1 and 3 only matter together; player 5 never matters.
    const phi = shapleyValues(table((m) => (has(m, 1) && has(m, 3) ? 0.4 : 0) + (has(m, 0) ? 0.1 : 0)), 6);
    expect(phi[1]).toBeCloseTo(0.2, 14);
    expect(phi[3]).toBeCloseTo(0.2, 14);
    expect(phi[0]).toBeCloseTo(0.1, 14);
    expect(phi[5]).toBe(0);
  });

  test('sums to v(all) − v(∅) for an arbitrary game', () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = table(() => random());
    const phi = shapleyValues(values, 6);
    expect(phi.reduce((s, x) => s + x, 0)).toBeCloseTo(values[63]! - values[0]!, 12);
  });

  test('reads a game stored at an offset', () => {
    const game = table((m) => (has(m, 2) ? 1 : 0));
    const padded = new Float64Array(10 + 64);
    padded.set(game, 10);
    const phi = shapleyValues(padded, 6, 10);
    [0, 0, 1, 0, 0, 0].forEach((x, i) => expect(phi[i]).toBeCloseTo(x, 14));
  });
});
