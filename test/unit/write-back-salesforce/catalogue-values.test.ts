import { describe, expect, it } from 'vitest';
import { canonicalFieldValue } from '../../../server/src/actions/field-values.js';
import { loadFieldCatalogue, parseFieldCatalogue, type CatalogueField } from '../../../server/src/actions/fields-catalogue.js';
import { canonicalSalesforceValue, salesforceDateTime, salesforceValue } from '../../../server/src/connectors/salesforce/catalogue-values.js';

const catalogue = loadFieldCatalogue();
const field = (key: string): CatalogueField => {
  const found = catalogue.byKey.get(key);
  if (!found) throw new Error(`no catalogue field ${key}`);
  return found;
};

/** The shipped catalogue with one text field whose Salesforce length is shorter than its canonical limit. */
function catalogueWithShortText(length: number): CatalogueField {
  const json = JSON.parse(JSON.stringify({ ...catalogue, byKey: undefined, stamp: undefined })) as { fields: Array<Record<string, unknown>> };
  const nextBestAction = json.fields.find((f) => f.key === 'next_best_action') as { string: { maxLength: number }; salesforce: { length: number } };
  nextBestAction.string.maxLength = length;
  nextBestAction.salesforce.length = length;
  const parsed = parseFieldCatalogue(JSON.stringify(json));
  return parsed.byKey.get('next_best_action') as CatalogueField;
}

describe('Salesforce values of catalogue fields', () => {
  it('sends Number and Currency fields as JSON numbers at the field scale', () => {
    expect(salesforceValue(field('churn_risk_score'), canonicalFieldValue(field('churn_risk_score'), 86.4))).toBe(86);
    expect(salesforceValue(field('churn_risk_change_30d'), canonicalFieldValue(field('churn_risk_change_30d'), -7))).toBe(-7);
    expect(salesforceValue(field('expansion_potential'), canonicalFieldValue(field('expansion_potential'), 125000.505))).toBe(125000.51);
    expect(salesforceValue(field('expansion_potential'), '0')).toBe(0);
  });

  it('sends a picklist as the catalogue option value, which is its API value in the org', () => {
    expect(salesforceValue(field('churn_risk_band'), 'high')).toBe('high');
    expect(salesforceValue(field('expansion_window'), '12_months')).toBe('12_months');
  });

  it('sends DateTime in Salesforce format with a +0000 offset', () => {
    expect(salesforceValue(field('insights_updated_at'), '2025-07-01T08:00:00.000Z')).toBe('2025-07-01T08:00:00.000+0000');
    expect(salesforceDateTime(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)))).toBe('2025-01-02T03:04:05.006+0000');
  });

  it('sends null to clear a field of any type', () => {
    for (const f of catalogue.fields) expect(salesforceValue(f, null)).toBeNull();
  });

  it('cuts text to the Salesforce length without splitting a surrogate pair', () => {
    const short = catalogueWithShortText(5);
    expect(salesforceValue(short, 'abcdefgh')).toBe('abcde');
    expect(salesforceValue(short, 'abcd\u{1F600}x')).toBe('abcd');
    expect(salesforceValue(short, 'abc')).toBe('abc');
    expect(salesforceValue(field('churn_risk_drivers'), 'Support: +16 pts\nUsage: -3 pts')).toBe('Support: +16 pts\nUsage: -3 pts');
  });

  it('reads SOQL values back into the canonical text that was written', () => {
    expect(canonicalSalesforceValue(field('churn_risk_score'), 86)).toBe('86');
    expect(canonicalSalesforceValue(field('churn_risk_change_30d'), -7)).toBe('-7');
    expect(canonicalSalesforceValue(field('expansion_potential'), 125000.5)).toBe('125000.5');
    expect(canonicalSalesforceValue(field('expansion_potential'), 0.0000001)).toBe('0');
    expect(canonicalSalesforceValue(field('insights_updated_at'), '2025-07-01T08:00:00.000+0000')).toBe('2025-07-01T08:00:00.000Z');
    expect(canonicalSalesforceValue(field('churn_risk_band'), 'medium')).toBe('medium');
    expect(canonicalSalesforceValue(field('next_best_action'), null)).toBeNull();
    expect(canonicalSalesforceValue(field('next_best_action'), '')).toBeNull();
  });

  it('round-trips every catalogue type: what is sent reads back equal to the canonical value', () => {
    const samples: Record<string, unknown> = {
      churn_risk_score: 42,
      churn_risk_band: 'low',
      churn_risk_change_30d: -12,
      churn_risk_drivers: 'Support: +4 pts',
      expansion_potential: 98765.43,
      insights_updated_at: new Date('2025-07-02T10:11:12.013Z'),
      model_version: 'churn@1.0.0',
    };
    for (const [key, value] of Object.entries(samples)) {
      const canonical = canonicalFieldValue(field(key), value as never);
      expect(canonicalSalesforceValue(field(key), salesforceValue(field(key), canonical)), key).toBe(canonical);
    }
  });
});
