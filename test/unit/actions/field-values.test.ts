import { describe, expect, it } from 'vitest';
import { canonicalCrmValue, canonicalFieldValue, FieldValueError } from '../../../server/src/actions/field-values.js';
import { loadFieldCatalogue, type CatalogueField } from '../../../server/src/actions/fields-catalogue.js';

const catalogue = loadFieldCatalogue();
const field = (key: string): CatalogueField => {
  const found = catalogue.byKey.get(key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

describe('canonical field values', () => {
  it('rounds numbers to the field decimals and writes them as plain decimals', () => {
    expect(canonicalFieldValue(field('churn_risk_score'), 42.4)).toBe('42');
    expect(canonicalFieldValue(field('churn_risk_score'), 99.5)).toBe('100');
    expect(canonicalFieldValue(field('churn_risk_change_30d'), -0.2)).toBe('0');
    expect(canonicalFieldValue(field('churn_risk_change_30d'), -17.6)).toBe('-18');
    expect(canonicalFieldValue(field('expansion_potential'), 125_000.5)).toBe('125000.5');
    expect(canonicalFieldValue(field('expansion_potential'), 1234.567)).toBe('1234.57');
    expect(canonicalFieldValue(field('expansion_potential'), 1e-7)).toBe('0');
    expect(canonicalFieldValue(field('expansion_potential'), 98_765_432_109_876)).toBe('98765432109876');
  });

  it('refuses numbers outside the range, non-finite numbers and numeric text', () => {
    expect(() => canonicalFieldValue(field('health_score'), 100.6)).toThrow(/health_score: 100.6 is outside 0..100/);
    expect(() => canonicalFieldValue(field('health_score'), Number.NaN)).toThrow(FieldValueError);
    expect(() => canonicalFieldValue(field('health_score'), '42')).toThrow(/"42" is not a finite number/);
  });

  it('takes only the catalogue option values for enumerations', () => {
    expect(canonicalFieldValue(field('churn_risk_band'), 'high')).toBe('high');
    expect(() => canonicalFieldValue(field('churn_risk_band'), 'High')).toThrow(/is not one of low, medium, high/);
  });

  it('limits text to its length and single-line fields to one line', () => {
    expect(canonicalFieldValue(field('churn_risk_drivers'), 'Support: +12 pts\nUsage: +7 pts')).toBe('Support: +12 pts\nUsage: +7 pts');
    expect(() => canonicalFieldValue(field('next_best_action'), 'x'.repeat(256))).toThrow(/longer than 255 characters/);
    expect(() => canonicalFieldValue(field('next_best_action'), 'Call the sponsor\nthen escalate')).toThrow(/single line/);
  });

  it('writes datetimes as ISO-8601 UTC with milliseconds from a Date, epoch milliseconds or ISO text', () => {
    const stamp = field('insights_updated_at');
    expect(canonicalFieldValue(stamp, new Date('2025-06-30T12:00:00Z'))).toBe('2025-06-30T12:00:00.000Z');
    expect(canonicalFieldValue(stamp, Date.UTC(2025, 5, 30))).toBe('2025-06-30T00:00:00.000Z');
    expect(() => canonicalFieldValue(stamp, 'yesterday')).toThrow(/is not a date-time/);
  });

  it('treats null and empty text as clearing the field', () => {
    expect(canonicalFieldValue(field('next_best_action'), null)).toBeNull();
    expect(canonicalFieldValue(field('next_best_action'), '')).toBeNull();
  });

  it('reads values back from the CRM into the same canonical text', () => {
    expect(canonicalCrmValue(field('churn_risk_score'), '42.0')).toBe('42');
    expect(canonicalCrmValue(field('expansion_potential'), '125000.50')).toBe('125000.5');
    expect(canonicalCrmValue(field('insights_updated_at'), '2025-06-30T12:00:00Z')).toBe('2025-06-30T12:00:00.000Z');
    expect(canonicalCrmValue(field('insights_updated_at'), '1751284800000')).toBe('2025-06-30T12:00:00.000Z');
    expect(canonicalCrmValue(field('churn_risk_band'), '')).toBeNull();
    expect(canonicalCrmValue(field('churn_risk_score'), 'n/a')).toBe('n/a');
  });
});
