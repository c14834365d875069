import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../../server/src/features/build-features.js';
import { accountBundle, at, feature, usageDays } from './account-bundle.js';

describe('feature adoption features', () => {
  const bundle = accountBundle({
    usageDays: [
      // Previous 90 days (Dec 4 - Mar 2): 4 distinct / 1 advanced per day, 12 distinct on Mar 1.
      ...usageDays('2023-12-04', 88, { activeUsers: 3, distinctFeatures: 4, advancedFeatures: 1 }),
      ...usageDays('2024-03-01', 1, { activeUsers: 3, distinctFeatures: 12, advancedFeatures: 1 }),
      ...usageDays('2024-03-02', 1, { activeUsers: 3, distinctFeatures: 4, advancedFeatures: 1 }),
      // Mar 3 - May 1: 6 distinct / 2 advanced per day, 9 distinct on Apr 15.
      ...usageDays('2024-03-03', 43, { activeUsers: 3, distinctFeatures: 6, advancedFeatures: 2 }),
      ...usageDays('2024-04-15', 1, { activeUsers: 3, distinctFeatures: 9, advancedFeatures: 2 }),
      ...usageDays('2024-04-16', 16, { activeUsers: 3, distinctFeatures: 6, advancedFeatures: 2 }),
      // Last 30 days: 20 active days, then 10 idle days.
      ...usageDays('2024-05-02', 20, { activeUsers: 3, distinctFeatures: 6, advancedFeatures: 2 }),
      ...usageDays('2024-05-22', 10, { activeUsers: 0 }),
    ],
  });
  const v = buildFeatures(bundle, at('2024-06-01'));

  it('averages breadth and depth over active days only', () => {
    expect(feature(v, 'distinct_features_30d')).toBe(6);
    expect(feature(v, 'advanced_features_30d')).toBe(2);
  });

  it('divides advanced by distinct features over the last 30 days', () => {
    expect(feature(v, 'advanced_share_30d')).toBeCloseTo(40 / 120, 12);
  });

  it('takes the busiest day of the last 90 for peak breadth', () => {
    expect(feature(v, 'peak_distinct_features_90d')).toBe(9);
  });

  it('compares breadth and depth per active day with the previous 90 days', () => {
    const last = (59 * 6 + 9 + 20 * 6) / 80;
    const previous = (89 * 4 + 12) / 90;
    expect(feature(v, 'feature_breadth_trend_90d')).toBeCloseTo((last - previous) / previous, 12);
    expect(feature(v, 'advanced_features_change_90d')).toBeCloseTo(2 - 1, 12);
  });
});
