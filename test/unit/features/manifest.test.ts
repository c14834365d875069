import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertManifestMatchesBuilder, buildFeatures, COMPUTED_FEATURES } from '../../../server/src/features/build-features.js';
import {
  FEATURE_MANIFEST_PATH,
  FeatureManifestError,
  SIGNAL_GROUPS,
  loadFeatureManifest,
  parseFeatureManifest,
} from '../../../server/src/features/features-manifest.js';
import { accountBundle, at, feature } from './account-bundle.js';

describe('the feature manifest', () => {
  const manifest = loadFeatureManifest();

  it('puts every feature in one of the six signal groups and describes each group', () => {
    expect(manifest.groups.map((g) => g.id).sort()).toEqual([...SIGNAL_GROUPS].sort());
    for (const f of manifest.features) expect(SIGNAL_GROUPS).toContain(f.group);
  });

  it('has unique names, at least 30 features and at least 3 in every group', () => {
    const names = manifest.features.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(30);
    for (const group of SIGNAL_GROUPS) {
      expect(manifest.features.filter((f) => f.group === group).length, group).toBeGreaterThanOrEqual(3);
    }
  });

  it('states a unit and a description for every feature', () => {
    for (const f of manifest.features) {
      expect(f.unit.trim().length, f.name).toBeGreaterThan(0);
      expect(f.description.trim().length, f.name).toBeGreaterThan(0);
    }
  });

  it('lists exactly the features the builder computes, in their groups', () => {
    expect(() => assertManifestMatchesBuilder(manifest)).not.toThrow();
    const computed = Object.values(COMPUTED_FEATURES).flat().sort();
    expect(manifest.features.map((f) => f.name).sort()).toEqual(computed);
  });

  it('makes the builder return a manifest-length vector in manifest order', () => {
    const vector = buildFeatures(accountBundle(), at('2024-06-01'));
    expect(vector).toBeInstanceOf(Float64Array);
    expect(vector.length).toBe(manifest.features.length);
    expect(vector[manifest.features.findIndex((f) => f.name === 'arr')]).toBe(12_000);
    expect(feature(vector, 'seats')).toBe(10);
  });

  it('rejects a manifest with a duplicated feature or an unknown group', () => {
    const json = JSON.parse(readFileSync(FEATURE_MANIFEST_PATH, 'utf8')) as { features: { name: string; group: string }[] };
    const duplicated = { ...json, features: [...json.features, json.features[0]] };
    expect(() => parseFeatureManifest(JSON.stringify(duplicated))).toThrow(/listed twice/);
    const unknownGroup = { ...json, features: json.features.map((f, i) => (i === 0 ? { ...f, group: 'vibes' } : f)) };
    expect(() => parseFeatureManifest(JSON.stringify(unknownGroup))).toThrow(FeatureManifestError);
  });

  it('refuses a manifest that leaves out a computed feature', () => {
    const json = JSON.parse(readFileSync(FEATURE_MANIFEST_PATH, 'utf8')) as { features: { name: string }[] };
    const shorter = parseFeatureManifest(JSON.stringify({ ...json, features: json.features.filter((f) => f.name !== 'arr') }));
    expect(() => assertManifestMatchesBuilder(shorter)).toThrow(/arr is computed but not in the manifest/);
  });
});
