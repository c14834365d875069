import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../../server/src/features/build-features.js';
import type { DealRecord, FieldVersionRecord } from '../../../server/src/store/feature-reads.js';
import { accountBundle, at, feature } from './account-bundle.js';

const version = (field: string, validFrom: string, value: string): FieldVersionRecord => ({ field, validFrom: at(validFrom), value });
const deal = (rest: Partial<DealRecord>): DealRecord => ({
  kind: 'upsell',
  isClosed: false,
  isWon: false,
  amount: 0,
  closeDate: null,
  createdAt: at('2024-01-01'),
  ...rest,
});

describe('payment and contract features', () => {
  const bundle = accountBundle({
    account: { ...accountBundle().account, contractStart: '2022-07-16', createdAt: at('2022-06-01') },
    fieldVersions: [
      version('arr', '2023-01-01', '10000'),
      version('arr', '2024-02-01', '12000'),
      version('arr', '2024-06-10', '15000'),
      version('seats', '2023-01-01', '8'),
      version('seats', '2024-01-15', '10'),
      version('renewal_date', '2022-07-10', '2023-07-16'),
      version('renewal_date', '2023-07-20', '2024-07-16'),
      version('days_past_due', '2024-05-01', '15'),
    ],
    deals: [
      deal({ amount: 5000, createdAt: at('2024-05-01') }),
      // Won after the snapshot: still open pipeline at it.
      deal({ amount: 2000, createdAt: at('2024-03-01'), isClosed: true, isWon: true, closeDate: '2024-06-15' }),
      deal({ amount: 3000, createdAt: at('2024-01-05'), isClosed: true, isWon: true, closeDate: '2024-02-10' }),
      deal({ kind: 'renewal', amount: 12000, createdAt: at('2024-04-01') }),
      deal({ amount: 9000, createdAt: at('2024-06-02') }),
    ],
  });
  const v = buildFeatures(bundle, at('2024-06-01'));

  it('reads ARR, seats and renewal date as last recorded before the snapshot', () => {
    expect(feature(v, 'arr')).toBe(12_000);
    expect(feature(v, 'seats')).toBe(10);
    expect(feature(v, 'arr_per_seat')).toBe(1200);
    expect(feature(v, 'days_to_renewal')).toBe(45);
    expect(feature(v, 'days_past_due')).toBe(15);
  });

  it('falls back to the current contract start for a field with no history', () => {
    const days = (Date.parse('2024-06-01') - Date.parse('2022-07-16')) / 86_400_000;
    expect(feature(v, 'tenure_days')).toBe(days);
  });

  it('compares ARR with a year earlier and seats with 180 days earlier', () => {
    expect(feature(v, 'arr_change_365d')).toBeCloseTo(0.2, 12);
    expect(feature(v, 'seat_change_180d')).toBeCloseTo(0.25, 12);
  });

  it('derives the contract term from the step between renewal dates', () => {
    expect(feature(v, 'contract_term_months')).toBe(12);
  });

  it('sums open upsell pipeline and upsells won in the last year', () => {
    expect(feature(v, 'open_upsell_pipeline')).toBe(7000);
    expect(feature(v, 'won_upsell_365d')).toBe(3000);
  });

  it('does not fall back to current values before the account existed', () => {
    const early = buildFeatures(bundle, at('2022-05-01'));
    expect(feature(early, 'tenure_days')).toBeNaN();
    expect(feature(early, 'arr')).toBeNaN();
  });
});
