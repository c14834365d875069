import { describe, expect, it } from 'vitest';
import { loadFieldCatalogue, type CatalogueField } from '../../../server/src/actions/fields-catalogue.js';
import { hubspotPropertyDefinition, hubspotPropertyDefinitions, propertyDrift } from '../../../server/src/connectors/hubspot/catalogue-properties.js';
import type { HubSpotPropertyDefinition } from '../../../server/src/connectors/hubspot/property-definitions.js';

const catalogue = loadFieldCatalogue();
const field = (key: string): CatalogueField => {
  const found = catalogue.byKey.get(key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

/** A portal definition equal to what the install creates. */
function portalCopy(key: string, change: Partial<HubSpotPropertyDefinition> = {}): HubSpotPropertyDefinition {
  const created = hubspotPropertyDefinition(catalogue, field(key));
  return { ...created, options: created.options ?? [], hubspotDefined: false, ...change };
}

describe('HubSpot property definitions generated from the catalogue', () => {
  it('match the reviewed definitions file (a catalogue change shows up here)', async () => {
    await expect(`${JSON.stringify(hubspotPropertyDefinitions(catalogue), null, 2)}\n`).toMatchFileSnapshot('./hubspot-property-definitions.json');
  });

  it('carry each field name, label, description, types and options from the manifest, in the telltale group', () => {
    const definitions = hubspotPropertyDefinitions(catalogue);
    expect(definitions.map((d) => d.name)).toEqual(catalogue.fields.map((f) => `telltale_${f.key}`));
    for (const [index, definition] of definitions.entries()) {
      const source = catalogue.fields[index] as CatalogueField;
      expect(definition).toMatchObject({ label: source.label, description: source.description, groupName: 'telltale', type: source.hubspot.type, fieldType: source.hubspot.fieldType });
      if (source.type === 'enumeration') {
        expect(definition.options).toEqual(source.options.map((o, displayOrder) => ({ value: o.value, label: o.label, displayOrder, hidden: false })));
      } else expect(definition.options).toBeUndefined();
    }
    expect(definitions.find((d) => d.name === 'telltale_expansion_potential')).toMatchObject({ numberDisplayHint: 'currency', showCurrencySymbol: true });
  });
});

describe('drift between a portal definition and the catalogue', () => {
  it('finds nothing to do for a definition equal to the catalogue', () => {
    expect(propertyDrift(catalogue, field('churn_risk_band'), portalCopy('churn_risk_band'))).toEqual({ kind: 'same' });
    expect(propertyDrift(catalogue, field('expansion_potential'), portalCopy('expansion_potential'))).toEqual({ kind: 'same' });
  });

  it('patches a drifted label and description only', () => {
    const drift = propertyDrift(catalogue, field('health_score'), portalCopy('health_score', { label: 'Health', description: '' }));
    expect(drift).toEqual({ kind: 'drifted', what: ['label', 'description'], patch: { label: 'Health score', description: field('health_score').description } });
  });

  it("restores catalogue options in order and keeps the portal's own options after them", () => {
    const portal = portalCopy('churn_risk_band', {
      options: [
        { value: 'low', label: 'Low', displayOrder: 0, hidden: false },
        { value: 'high', label: 'HIGH', displayOrder: 1, hidden: false },
        { value: 'critical', label: 'Critical', displayOrder: 2, hidden: false },
      ],
    });
    const drift = propertyDrift(catalogue, field('churn_risk_band'), portal);
    expect(drift).toEqual({
      kind: 'drifted',
      what: ['options'],
      patch: {
        options: [
          { value: 'low', label: 'Low', displayOrder: 0, hidden: false },
          { value: 'medium', label: 'Medium', displayOrder: 1, hidden: false },
          { value: 'high', label: 'High', displayOrder: 2, hidden: false },
          { value: 'critical', label: 'Critical', displayOrder: 3, hidden: false },
        ],
      },
    });
  });

  it('patches a lost currency display hint', () => {
    const drift = propertyDrift(catalogue, field('expansion_potential'), portalCopy('expansion_potential', { numberDisplayHint: 'formatted' }));
    expect(drift).toMatchObject({ kind: 'drifted', patch: { numberDisplayHint: 'currency' } });
  });

  it('will not change a property of another data type or a HubSpot-defined one', () => {
    expect(propertyDrift(catalogue, field('health_score'), portalCopy('health_score', { type: 'string', fieldType: 'text' }))).toMatchObject({
      kind: 'conflict',
      reason: expect.stringMatching(/telltale_health_score has type string; the catalogue needs number/),
    });
    expect(propertyDrift(catalogue, field('health_score'), portalCopy('health_score', { hubspotDefined: true }))).toMatchObject({ kind: 'conflict' });
  });
});
