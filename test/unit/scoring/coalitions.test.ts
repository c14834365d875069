import { expect, test } from 'vitest';
import { buildCoalitionMatrix, foldCoalitionPredictions, foldedStride, rowsPerAccount } from '../../../server/src/scoring/coalitions.js';

// Three features in two groups: features 0 and 2 in group 0, feature 1 in group 1.
const groupOfFeature = Uint8Array.from([0, 1, 0]);
const background = Float32Array.from([10, 20, 30, 11, 21, 31]);
const healthyReference = Float32Array.from([100, 200, 300]);
const rows = Float32Array.from([1, 2, 3, 4, 5, 6]);

test('lays out background, mixed coalition rows, the account, its group and its feature what-if rows', () => {
  const m = buildCoalitionMatrix({ rows, background, groupOfFeature, groups: 2, healthyReference });
  const perAccount = rowsPerAccount(2, 2, 3);
  expect(perAccount).toBe(2 * 2 + 1 + 2 + 3);
  expect(m.length).toBe((2 + 2 * perAccount) * 3);
  const row = (i: number): number[] => Array.from(m.subarray(i * 3, i * 3 + 3));
  expect(row(0)).toEqual([10, 20, 30]);
  // Account 0, mask 1 (group 0 from the account), then mask 2 (group 1 from the account).
  expect(row(2)).toEqual([1, 20, 3]);
  expect(row(3)).toEqual([1, 21, 3]);
  expect(row(4)).toEqual([10, 2, 30]);
  expect(row(6)).toEqual([1, 2, 3]);
  expect(row(7)).toEqual([100, 2, 300]);
  expect(row(8)).toEqual([1, 200, 3]);
  // One feature at a time at the reference.
  expect(row(9)).toEqual([100, 2, 3]);
  expect(row(10)).toEqual([1, 200, 3]);
  expect(row(11)).toEqual([1, 2, 300]);
  expect(row(12)).toEqual([4, 20, 6]);
});

test('folds predictions into per-account coalition means, group and feature what-if predictions', () => {
  const m = buildCoalitionMatrix({ rows, background, groupOfFeature, groups: 2, healthyReference });
  // A "model" that sums its row.
  const predictions = Float32Array.from({ length: m.length / 3 }, (_, i) => m[i * 3]! + m[i * 3 + 1]! + m[i * 3 + 2]!);
  const folded = foldCoalitionPredictions(predictions, 2, 2, 2, 3);
  const stride = foldedStride(2, 3);
  expect(stride).toBe(4 + 2 + 3);
  expect(Array.from(folded.subarray(0, stride))).toEqual([61.5, 24.5, 43, 6, 402, 204, 105, 204, 303]);
  expect(Array.from(folded.subarray(stride, 2 * stride))).toEqual([61.5, 30.5, 46, 15, 405, 210, 111, 210, 309]);
});
