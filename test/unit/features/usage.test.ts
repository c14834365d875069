import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../../server/src/features/build-features.js';
import { USAGE_FEATURES } from '../../../server/src/features/usage.js';
import { accountBundle, at, feature, usageDays } from './account-bundle.js';

describe('product usage features', () => {
  // 30 days at 4 users/day (Apr 2 - May 1), then 30 days at 5 users/day (May 2 - May 31); 10 seats.
  const bundle = accountBundle({
    usageDays: [
      ...usageDays('2024-04-02', 30, { activeUsers: 4, sessions: 8, events: 40 }),
      ...usageDays('2024-05-02', 30, { activeUsers: 5, sessions: 15, events: 100 }),
      // The day in progress at the snapshot time is never read.
      ...usageDays('2024-06-01', 1, { activeUsers: 100, sessions: 100, events: 100 }),
    ],
  });
  const v = buildFeatures(bundle, at('2024-06-01T15:00:00Z'));

  it('averages daily active users over the last 30 whole days and divides by seats', () => {
    expect(feature(v, 'active_users_30d')).toBe(5);
    expect(feature(v, 'seat_utilisation_30d')).toBe(0.5);
    expect(feature(v, 'active_days_30d')).toBe(30);
  });

  it('compares the last 30 days with the 30 before as a relative change', () => {
    expect(feature(v, 'active_users_trend_30d')).toBeCloseTo((5 - 4) / 4, 12);
  });

  it('leaves the 90-day trend missing when the previous 90 days were not tracked', () => {
    expect(feature(v, 'active_users_trend_90d')).toBeNaN();
  });

  it('divides sessions and events by the sum of daily active users', () => {
    expect(feature(v, 'sessions_per_user_30d')).toBe(3);
    expect(feature(v, 'events_per_user_30d')).toBe(20);
  });

  it('measures volatility as the coefficient of variation over the tracked days of the last 90', () => {
    // 60 tracked days: 30 at 4 and 30 at 5 -> mean 4.5, standard deviation 0.5.
    expect(feature(v, 'usage_volatility_90d')).toBeCloseTo(0.5 / 4.5, 12);
  });

  it('counts whole days since the last active day', () => {
    expect(feature(v, 'days_since_last_activity')).toBe(1);
    const quiet = accountBundle({ usageDays: usageDays('2024-04-01', 40, { activeUsers: 5 }) }); // last day May 10
    const q = buildFeatures(quiet, at('2024-06-01'));
    expect(feature(q, 'days_since_last_activity')).toBe(22);
    // May 2-10 active (9 days x 5 users), May 11-31 tracked but idle.
    expect(feature(q, 'active_users_30d')).toBeCloseTo((9 * 5) / 30, 12);
  });

  it('reports every usage feature as missing for an account without usage tracking', () => {
    const untracked = buildFeatures(accountBundle(), at('2024-06-01'));
    for (const name of USAGE_FEATURES) expect(feature(untracked, name), name).toBeNaN();
  });
});
