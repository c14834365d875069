import { expect, test } from 'vitest';
import { DEFAULT_EXPANSION_WINDOW_THRESHOLDS, expansionWindow, parseExpansionOutputs } from '../../../server/src/scoring/expansion-window.js';

const within = (p30: number, p90: number, p365: number) => (days: number) => ({ 30: p30, 90: p90, 365: p365 })[days]!;

test('opens the shortest window whose head reaches its threshold', () => {
  expect(expansionWindow(within(0.6, 0.8, 0.9))).toBe('30_days');
  expect(expansionWindow(within(0.2, 0.5, 0.9))).toBe('90_days');
  expect(expansionWindow(within(0.1, 0.3, 0.5))).toBe('12_months');
  expect(expansionWindow(within(0.1, 0.3, 0.49))).toBe('unlikely');
});

test('reads each window against its own threshold', () => {
  const thresholds = { '30_days': 0.2, '90_days': 0.9, '12_months': 0.95 };
  expect(expansionWindow(within(0.25, 0.3, 0.4), thresholds)).toBe('30_days');
  expect(expansionWindow(within(0.1, 0.85, 0.9), thresholds)).toBe('unlikely');
  expect(DEFAULT_EXPANSION_WINDOW_THRESHOLDS).toEqual({ '30_days': 0.5, '90_days': 0.5, '12_months': 0.5 });
});

test('finds the heads, the amount and the explained 90-day head by output name in any order', () => {
  const parsed = parseExpansionOutputs(['expected_amount', 'p_365d', 'p_90d', 'p_30d']);
  expect(parsed).toEqual({ heads: new Map([[365, 1], [90, 2], [30, 3]]), amount: 0, explained: 2 });
});

test('names the heads and the amount a card lacks', () => {
  expect(parseExpansionOutputs(['p_30d', 'p_365d'])).toBe('expansion outputs [p_30d, p_365d] lack p_90d, expected_amount');
});
