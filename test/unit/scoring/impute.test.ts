import { expect, test } from 'vitest';
import { imputeRow, learnedMissingFromBackground, type ImputationPlan } from '../../../server/src/scoring/impute.js';
import { healthyReference } from '../../../server/src/scoring/healthy-reference.js';
import { riskBand } from '../../../server/src/scoring/risk-band.js';

const plan = (policy: ImputationPlan['policy']): ImputationPlan => ({
  featureNames: ['a', 'b', 'c'],
  medians: Float64Array.from([1, 2, Number.NaN]),
  learnedMissing: [false, true, false],
  policy,
});

test('fills a missing value the model never saw missing from the median and names the feature', () => {
  const row = imputeRow(Float64Array.from([Number.NaN, 5, 6]), plan('unlearned'));
  expect(Array.from(row.values)).toEqual([1, 5, 6]);
  expect(row.imputedFeatures).toEqual(['a']);
  expect(row.missingFeatures).toEqual(['a']);
});

test('passes a learnt missing value through as NaN, reporting it as missing but not imputed', () => {
  const row = imputeRow(Float64Array.from([0, Number.NaN, 6]), plan('unlearned'));
  expect(Number.isNaN(row.values[1])).toBe(true);
  expect(row.imputedFeatures).toEqual([]);
  expect(row.missingFeatures).toEqual(['b']);
});

test('fills every missing value under the all policy and treats infinity as missing', () => {
  const row = imputeRow(Float64Array.from([Number.POSITIVE_INFINITY, Number.NaN, 6]), plan('all'));
  expect(Array.from(row.values)).toEqual([1, 2, 6]);
  expect(row.imputedFeatures).toEqual(['a', 'b']);
  expect(row.missingFeatures).toEqual(['a', 'b']);
});

test('fills an infinite value even in a feature whose missingness the model learnt', () => {
  const row = imputeRow(Float64Array.from([0, Number.NEGATIVE_INFINITY, 6]), plan('unlearned'));
  expect(row.values[1]).toBe(2);
  expect(row.imputedFeatures).toEqual(['b']);
});

test('flags a missing feature that has no median even though it stays missing', () => {
  const input = Float64Array.from([0, 0, Number.NaN]);
  const row = imputeRow(input, plan('unlearned'));
  expect(row.imputedFeatures).toEqual(['c']);
  expect(Number.isNaN(row.values[2])).toBe(true);
  expect(Number.isNaN(input[2])).toBe(true);
});

test('learns missingness from background columns that hold a NaN', () => {
  expect(learnedMissingFromBackground(Float64Array.from([1, Number.NaN, 3, 4, 5, Number.NaN]), 3)).toEqual([false, true, true]);
});

test('does not learn missingness from background rows the model scores as NaN', () => {
  const background = Float64Array.from([1, Number.NaN, 3, Number.NaN, 5, 6]);
  expect(learnedMissingFromBackground(background, 3, [true, false])).toEqual([false, true, false]);
});

test('takes the healthy reference from the lowest-risk background rows, falling back to the median', () => {
  // 10 rows, 2 features; the 8 lowest-risk rows are 0..7 (predictions rise with the row index).
  const background = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i / 2 : Number.NaN));
  const predictions = Array.from({ length: 10 }, (_, i) => i / 10);
  const reference = healthyReference(background, predictions, 2, Float64Array.from([99, 42]));
  expect(reference[0]).toBe(3.5);
  expect(reference[1]).toBe(42);
});

test('takes the reference from the highest-scoring rows when high predictions are favourable', () => {
  const background = Float64Array.from({ length: 10 }, (_, i) => i);
  const predictions = Array.from({ length: 10 }, (_, i) => i / 10);
  // The 8 highest rows are 2..9: median 5.5.
  expect(healthyReference(background, predictions, 1, Float64Array.from([0]), 'high')[0]).toBe(5.5);
});

test('bands risk scores at 50 and 80', () => {
  expect([49, 50, 79, 80, 100].map((s) => riskBand(s))).toEqual(['low', 'medium', 'medium', 'high', 'high']);
});

test('bands risk scores at a tenant thresholds', () => {
  expect([29, 30, 59, 60].map((s) => riskBand(s, { medium: 30, high: 60 }))).toEqual(['low', 'medium', 'medium', 'high']);
});
