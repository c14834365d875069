import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../../server/src/features/build-features.js';
import { accountBundle, at, feature, usageDays } from './account-bundle.js';

describe('health trend features', () => {
  it('uses the mapped CRM health score: level, changes and spread', () => {
    const bundle = accountBundle({
      healthScoreMapped: true,
      fieldVersions: [
        { field: 'health_score', validFrom: at('2024-02-15'), value: '70' },
        { field: 'health_score', validFrom: at('2024-03-15'), value: '60' },
        { field: 'health_score', validFrom: at('2024-04-15'), value: '55' },
        { field: 'health_score', validFrom: at('2024-05-15'), value: '50' },
        { field: 'health_score', validFrom: at('2024-06-01'), value: '10' },
      ],
    });
    const v = buildFeatures(bundle, at('2024-06-01'));
    expect(feature(v, 'pulse')).toBe(50);
    expect(feature(v, 'pulse_change_30d')).toBe(50 - 55);
    expect(feature(v, 'pulse_change_90d')).toBe(50 - 70);
    const levels = [50, 55, 60, 70];
    const mean = levels.reduce((a, b) => a + b) / 4;
    expect(feature(v, 'pulse_volatility_90d')).toBeCloseTo(Math.sqrt(levels.reduce((s, x) => s + (x - mean) ** 2, 0) / 4), 12);
  });

  it('computes the pulse as the weighted mean of the available component scores', () => {
    const bundle = accountBundle({
      usageDays: usageDays('2024-04-02', 60, { activeUsers: 5, distinctFeatures: 5, advancedFeatures: 1 }),
    });
    const v = buildFeatures(bundle, at('2024-06-01'));
    // utilisation 0.5/0.7, momentum 0.5 (flat), advanced share 0.2/0.3, no support burden 1,
    // no sponsor 0, nothing past due 1; CSAT and two-way engagement are missing and left out.
    const parts = [
      [0.25, 0.5 / 0.7],
      [0.1, 0.5],
      [0.1, 0.2 / 0.3],
      [0.15, 1],
      [0.05, 0],
      [0.1, 1],
    ];
    const weights = parts.reduce((s, [w]) => s + (w as number), 0);
    const expected = (100 * parts.reduce((s, [w, x]) => s + (w as number) * (x as number), 0)) / weights;
    expect(feature(v, 'pulse')).toBeCloseTo(expected, 10);
  });

  it('shows a falling pulse when usage collapses', () => {
    const bundle = accountBundle({
      usageDays: [
        ...usageDays('2024-01-01', 120, { activeUsers: 8, distinctFeatures: 5, advancedFeatures: 2 }),
        ...usageDays('2024-04-30', 32, { activeUsers: 1, distinctFeatures: 1, advancedFeatures: 0 }),
      ],
    });
    const v = buildFeatures(bundle, at('2024-06-01'));
    expect(feature(v, 'pulse_change_30d')).toBeLessThan(-10);
    expect(feature(v, 'pulse_change_90d')).toBeLessThan(-10);
    expect(feature(v, 'pulse_volatility_90d')).toBeGreaterThan(0);
  });

  it('leaves the pulse missing when too few signals are available', () => {
    const bundle = accountBundle({ account: { ...accountBundle().account, daysPastDue: null } });
    expect(feature(buildFeatures(bundle, at('2024-06-01')), 'pulse')).toBeNaN();
  });
});
