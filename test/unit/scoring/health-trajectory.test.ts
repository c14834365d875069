import { expect, test } from 'vitest';
import { forecastCdf, healthTrajectory, parseHealthOutputs } from '../../../server/src/scoring/health-trajectory.js';

const at90 = (p10: number, p50: number, p90: number) => ({ horizonDays: 90, p10, p50, p90 });

test('passes the distribution function through the three percentiles and continues their slopes into the tails', () => {
  const f = { p10: 50, p50: 60, p90: 80 };
  expect(forecastCdf(50, f)).toBeCloseTo(0.1, 12);
  expect(forecastCdf(60, f)).toBeCloseTo(0.5, 12);
  expect(forecastCdf(80, f)).toBeCloseTo(0.9, 12);
  expect(forecastCdf(55, f)).toBeCloseTo(0.3, 12);
  expect(forecastCdf(70, f)).toBeCloseTo(0.7, 12);
  // Lower tail: 0.4 per 10 points, so 0 at 47.5; upper tail: 0.4 per 20 points, so 1 at 85.
  expect(forecastCdf(48.75, f)).toBeCloseTo(0.05, 12);
  expect(forecastCdf(40, f)).toBe(0);
  expect(forecastCdf(82.5, f)).toBeCloseTo(0.95, 12);
  expect(forecastCdf(90, f)).toBe(1);
});

test('treats a forecast with no spread as a certain value', () => {
  const f = { p10: 70, p50: 70, p90: 70 };
  expect(forecastCdf(69.9, f)).toBe(0);
  expect(forecastCdf(70, f)).toBe(1);
  expect(healthTrajectory(70, at90(70, 70, 70))).toEqual({ trajectory: 'stable', confidence: 100 });
  expect(healthTrajectory(60, at90(70, 70, 70))).toEqual({ trajectory: 'improving', confidence: 100 });
});

test('calls improving when the median gains the threshold, with the mass above current + threshold as confidence', () => {
  // current 60, T 5: P(future >= 65) with p10 60, p50 70, p90 80 is 1 − (0.1 + 0.4 × 5/10) = 0.7.
  expect(healthTrajectory(60, at90(60, 70, 80))).toEqual({ trajectory: 'improving', confidence: 70 });
});

test('calls declining when the median loses the threshold, with the mass below current − threshold as confidence', () => {
  // current 70, T 5: P(future <= 65) with p10 50, p50 60, p90 70 is 0.5 + 0.4 × 5/10 = 0.7.
  expect(healthTrajectory(70, at90(50, 60, 70))).toEqual({ trajectory: 'declining', confidence: 70 });
});

test('calls stable inside the threshold, with the mass within ±threshold as confidence', () => {
  // current 70, T 5: F(75) − F(65) with p10 60, p50 68, p90 80 = (0.5 + 0.4 × 7/12) − (0.1 + 0.4 × 5/8) = 0.3833.
  expect(healthTrajectory(70, at90(60, 68, 80))).toEqual({ trajectory: 'stable', confidence: 38 });
});

test('uses the tenant threshold', () => {
  expect(healthTrajectory(60, at90(60, 70, 80), { minChangePoints: 12 }).trajectory).toBe('stable');
  expect(healthTrajectory(60, at90(60, 63, 80), { minChangePoints: 2 }).trajectory).toBe('improving');
});

test('reads the horizons and percentiles from output names', () => {
  expect(parseHealthOutputs(['h_60d_p50', 'h_30d_p10', 'h_30d_p50', 'h_30d_p90', 'h_60d_p10', 'h_60d_p90'])).toEqual({
    horizons: [
      { days: 30, p10: 1, p50: 2, p90: 3 },
      { days: 60, p10: 4, p50: 0, p90: 5 },
    ],
  });
});

test('names the horizon that lacks a percentile, and refuses outputs with none', () => {
  expect(parseHealthOutputs(['h_30d_p10', 'h_30d_p50'])).toBe('health outputs lack a p10, p50 or p90 at 30d');
  expect(parseHealthOutputs(['score'])).toContain('name no');
});
