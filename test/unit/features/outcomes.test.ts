import { describe, expect, it } from 'vitest';
import { indexAccountHistory } from '../../../server/src/features/indexed-history.js';
import { computeOutcomes } from '../../../server/src/features/outcomes.js';
import type { AccountHistoryBundle, FieldVersionRecord } from '../../../server/src/store/feature-reads.js';
import { accountBundle, at } from './account-bundle.js';

const version = (field: string, validFrom: string, value: string | null): FieldVersionRecord => ({ field, validFrom: at(validFrom), value });
const outcomes = (bundle: AccountHistoryBundle, snapshot: string, dataEnd: string) =>
  computeOutcomes(indexAccountHistory(bundle), at(snapshot).getTime(), at(dataEnd).getTime());

describe('training outcomes', () => {
  const renewing = [version('renewal_date', '2023-07-20', '2024-07-16'), version('arr', '2023-01-01', '12000')];

  it('labels a churn at the next renewal as churned_by_renewal 1 with days to churn', () => {
    const bundle = accountBundle({ fieldVersions: [...renewing, version('churned_at', '2024-07-20', '2024-07-16')] });
    const o = outcomes(bundle, '2024-06-01', '2025-01-01');
    expect(o.churnedByRenewal).toBe(1);
    expect(o.daysToChurn).toBe(45);
  });

  it('labels 0 once the renewal has passed without churn, and leaves it empty before', () => {
    const bundle = accountBundle({ fieldVersions: renewing });
    expect(outcomes(bundle, '2024-06-01', '2024-08-01').churnedByRenewal).toBe(0);
    expect(outcomes(bundle, '2024-06-01', '2024-07-01').churnedByRenewal).toBeNaN();
    expect(outcomes(bundle, '2024-06-01', '2024-08-01').daysToChurn).toBeNaN();
  });

  it('does not count a churn after the next renewal', () => {
    const bundle = accountBundle({ fieldVersions: [...renewing, version('churned_at', '2025-02-01', '2025-01-20')] });
    const o = outcomes(bundle, '2024-06-01', '2025-03-01');
    expect(o.churnedByRenewal).toBe(0);
    expect(o.daysToChurn).toBe((Date.parse('2025-01-20') - Date.parse('2024-06-01')) / 86_400_000);
  });

  it('counts upsells won and ARR rises after the snapshot, the larger of the two as the amount', () => {
    const bundle = accountBundle({
      fieldVersions: [...renewing, version('arr', '2024-06-25', '14000'), version('seats', '2024-08-01', '12')],
      deals: [
        { kind: 'upsell', isClosed: true, isWon: true, amount: 3000, closeDate: '2024-06-20', createdAt: at('2024-05-01') },
        // Won before the snapshot: not an outcome of it.
        { kind: 'upsell', isClosed: true, isWon: true, amount: 8000, closeDate: '2024-05-20', createdAt: at('2024-04-01') },
      ],
    });
    const o = outcomes(bundle, '2024-06-01', '2024-09-15');
    expect(o.expanded).toEqual([1, 1, Number.NaN]);
    expect(o.expansionAmount).toEqual([3000, 3000, Number.NaN]);
  });

  it('marks a seat increase alone as expansion with no amount', () => {
    const bundle = accountBundle({ fieldVersions: [version('seats', '2023-01-01', '10'), version('seats', '2024-07-01', '15')] });
    const o = outcomes(bundle, '2024-06-01', '2025-12-31');
    expect(o.expanded).toEqual([0, 1, 1]);
    expect(o.expansionAmount).toEqual([0, 0, 0]);
  });

  it('ignores changes made before the snapshot', () => {
    const bundle = accountBundle({ fieldVersions: [version('arr', '2023-01-01', '10000'), version('arr', '2024-05-31', '20000')] });
    expect(outcomes(bundle, '2024-06-01', '2025-12-31').expanded).toEqual([0, 0, 0]);
  });
});
