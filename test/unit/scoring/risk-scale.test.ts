import { expect, test } from 'vitest';
import { riskBand, riskScaleOf, riskScore, type RiskScale } from '../../../server/src/scoring/risk-band.js';

const scaleOf = (points: number[]): RiskScale => {
  const scale = riskScaleOf(points);
  if (typeof scale === 'string') throw new Error(scale);
  return scale;
};
const linear = scaleOf(Array.from({ length: 101 }, (_, i) => i / 100));

test('scores a probability by its percentile position on the scale', () => {
  expect([0, 0.2, 0.505, 0.8, 1].map((p) => riskScore(p, linear))).toEqual([0, 20, 51, 80, 100]);
});

test('rounds half up, as the training pipeline does', () => {
  expect([0.125, 0.135].map((p) => riskScore(p, linear))).toEqual([13, 14]);
});

test('gives probabilities outside the scale its ends', () => {
  const scale = scaleOf(Array.from({ length: 101 }, (_, i) => 0.02 + i * 0.004));
  expect([0, 0.01, 0.5, 1].map((p) => riskScore(p, scale))).toEqual([0, 0, 100, 100]);
});

test('places a run of equal reference predictions at the middle of its percentiles', () => {
  // 60 of 101 points are the same probability: it stands for percentiles 0-59.
  const points = [...Array.from({ length: 60 }, () => 0.05), ...Array.from({ length: 41 }, (_, i) => 0.06 + i * 0.01)];
  expect(riskScore(0.05, scaleOf(points))).toBe(30);
  expect(riskScore(0.06, scaleOf(points))).toBe(60);
});

test('never scores a higher probability lower', () => {
  const scale = scaleOf(Array.from({ length: 101 }, (_, i) => (i / 100) ** 3 * 0.45));
  let previous = -1;
  for (let p = 0; p <= 1; p += 0.0005) {
    const score = riskScore(p, scale);
    expect(score).toBeGreaterThanOrEqual(previous);
    previous = score;
  }
  expect(riskBand(riskScore(0.3, scale))).toBe('high');
});

test('refuses points that are not a non-decreasing list of probabilities', () => {
  expect(riskScaleOf([0.1])).toMatch(/at least 2/);
  expect(riskScaleOf([0.1, 0.05, 0.2])).toMatch(/point 1/);
  expect(riskScaleOf([0.1, 1.2])).toMatch(/point 1/);
});
