import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEATURE_MANIFEST_PATH, FeatureManifestError, loadFeatureManifest } from '../../../server/src/features/features-manifest.js';
import { assertPulseInputsMatch } from '../../../server/src/features/health-trend.js';
import { loadPulseWeights, parsePulseWeights, SCORED_GROUPS } from '../../../server/src/features/pulse-weights.js';

interface PulseSection {
  groups: Array<{ group: string; weight: number; inputs: string[] }>;
  weights_source: { model: string };
}

function manifestWith(change: (pulse: PulseSection) => void): string {
  const json = JSON.parse(readFileSync(FEATURE_MANIFEST_PATH, 'utf8')) as { pulse: PulseSection };
  change(json.pulse);
  return JSON.stringify(json);
}

describe('the pulse weights pinned in the feature manifest', () => {
  const weights = loadPulseWeights();

  it('weighs every signal group except the health trend, with weights summing to 1 and a source model', () => {
    expect(weights.groups.map((g) => g.group).sort()).toEqual([...SCORED_GROUPS].sort());
    expect(SCORED_GROUPS).not.toContain('health_trend');
    expect(weights.total).toBeCloseTo(1, 2);
    for (const g of weights.groups) expect(g.weight).toBeGreaterThanOrEqual(0);
    expect(weights.sourceModel).toMatch(/^churn-\d{8}-[0-9a-f]{8}$/);
    expect(weights.version).toBe(loadFeatureManifest().version);
  });

  it('lists, per group, exactly the features the group score reads', () => {
    expect(() => assertPulseInputsMatch(weights)).not.toThrow();
  });

  it('refuses weights that do not sum to 1', () => {
    const text = manifestWith((p) => {
      (p.groups[0] as { weight: number }).weight += 0.2;
    });
    expect(() => parsePulseWeights(text)).toThrow(/pulse weights sum to 1\.2/);
  });

  it('refuses a group read from a feature the manifest does not list', () => {
    const text = manifestWith((p) => {
      (p.groups[1] as { inputs: string[] }).inputs = ['no_such_feature'];
    });
    expect(() => parsePulseWeights(text)).toThrow(/reads no_such_feature, which is not a feature/);
  });

  it('refuses the health trend as a scored group and a missing source model', () => {
    const selfScored = manifestWith((p) => {
      (p.groups[0] as { group: string }).group = 'health_trend';
    });
    expect(() => parsePulseWeights(selfScored)).toThrow(FeatureManifestError);
    const unsourced = manifestWith((p) => {
      p.weights_source.model = '';
    });
    expect(() => parsePulseWeights(unsourced)).toThrow(/weights_source\.model/);
  });
});
