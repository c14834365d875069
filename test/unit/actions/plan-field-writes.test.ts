import { describe, expect, it } from 'vitest';
import { loadFieldCatalogue } from '../../../server/src/actions/fields-catalogue.js';
import { canonicalAccountValues, FieldValuesInputError, planFieldWrites, type CanonicalValues } from '../../../server/src/actions/plan-field-writes.js';

const catalogue = loadFieldCatalogue();
const T1 = new Date('2025-07-01T08:00:00.000Z');
const T2 = new Date('2025-07-02T08:00:00.000Z');

const values = {
  churn_risk_score: 83,
  churn_risk_band: 'high',
  health_score: 41,
  health_trajectory: 'declining',
  model_version: 'churn@1.0.0',
};

/** What a successful write of `plans` leaves as written values. */
function afterWriting(plans: ReturnType<typeof planFieldWrites>, before: Map<string, CanonicalValues> = new Map()): Map<string, CanonicalValues> {
  const out = new Map([...before].map(([id, fields]) => [id, new Map(fields)]));
  for (const plan of plans) out.set(plan.accountId, new Map([...(out.get(plan.accountId) ?? new Map()), ...plan.fields]));
  return out;
}

describe('planning field writes', () => {
  it('writes every given field and stamps the insight time on the first run', () => {
    const desired = canonicalAccountValues(catalogue, [{ accountId: '1001', values }]);
    const plans = planFieldWrites(catalogue, desired, new Map(), T1);
    expect(plans).toHaveLength(1);
    expect(Object.fromEntries(plans[0]?.fields ?? [])).toEqual({
      churn_risk_score: '83',
      churn_risk_band: 'high',
      health_score: '41',
      health_trajectory: 'declining',
      model_version: 'churn@1.0.0',
      insights_updated_at: '2025-07-01T08:00:00.000Z',
    });
  });

  it('writes nothing when the values are what was last written', () => {
    const desired = canonicalAccountValues(catalogue, [{ accountId: '1001', values }]);
    const written = afterWriting(planFieldWrites(catalogue, desired, new Map(), T1));
    expect(planFieldWrites(catalogue, desired, written, T2)).toEqual([]);
  });

  it('writes only the changed insight and moves the stamp to now', () => {
    const written = afterWriting(planFieldWrites(catalogue, canonicalAccountValues(catalogue, [{ accountId: '1001', values }]), new Map(), T1));
    const changed = canonicalAccountValues(catalogue, [{ accountId: '1001', values: { ...values, churn_risk_score: 79, churn_risk_band: 'medium' } }]);
    const plans = planFieldWrites(catalogue, changed, written, T2);
    expect(Object.fromEntries(plans[0]?.fields ?? [])).toEqual({ churn_risk_score: '79', churn_risk_band: 'medium', insights_updated_at: '2025-07-02T08:00:00.000Z' });
  });

  it('writes a new model version without moving the stamp, since no insight changed', () => {
    const written = afterWriting(planFieldWrites(catalogue, canonicalAccountValues(catalogue, [{ accountId: '1001', values }]), new Map(), T1));
    const plans = planFieldWrites(catalogue, canonicalAccountValues(catalogue, [{ accountId: '1001', values: { ...values, model_version: 'churn@1.1.0' } }]), written, T2);
    expect(Object.fromEntries(plans[0]?.fields ?? [])).toEqual({ model_version: 'churn@1.1.0' });
  });

  it('clears a field that had a value and leaves keys that are not given alone', () => {
    const written = afterWriting(planFieldWrites(catalogue, canonicalAccountValues(catalogue, [{ accountId: '1001', values }]), new Map(), T1));
    const plans = planFieldWrites(catalogue, canonicalAccountValues(catalogue, [{ accountId: '1001', values: { health_trajectory: null } }]), written, T2);
    expect(Object.fromEntries(plans[0]?.fields ?? [])).toEqual({ health_trajectory: null, insights_updated_at: '2025-07-02T08:00:00.000Z' });
  });

  it('does not count rounding noise as a change', () => {
    const written = afterWriting(planFieldWrites(catalogue, canonicalAccountValues(catalogue, [{ accountId: '1001', values }]), new Map(), T1));
    const noisy = canonicalAccountValues(catalogue, [{ accountId: '1001', values: { ...values, churn_risk_score: 83.2, health_score: 40.6 } }]);
    expect(planFieldWrites(catalogue, noisy, written, T2)).toEqual([]);
  });

  it('refuses unknown keys, the stamp, duplicate accounts and bad values in one error naming each', () => {
    const call = () =>
      canonicalAccountValues(catalogue, [
        { accountId: '1001', values: { churn_score: 3, insights_updated_at: T1 } },
        { accountId: '1001', values: { churn_risk_band: 'severe' } },
      ]);
    expect(call).toThrow(FieldValuesInputError);
    expect(call).toThrow(/4 invalid field values/);
    expect(call).toThrow(/account 1001: churn_score is not a catalogue field/);
    expect(call).toThrow(/insights_updated_at is set by the write-back/);
    expect(call).toThrow(/account 1001 is listed twice/);
    expect(call).toThrow(/churn_risk_band: "severe" is not one of low, medium, high/);
  });
});
