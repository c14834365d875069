import { expect, test } from 'vitest';
import { SIGNAL_GROUPS, loadFeatureManifest } from '../../../server/src/features/features-manifest.js';
import { describeDrivers, formatPoints, summariseDrivers, type Driver, type DriverLayout } from '../../../server/src/scoring/driver-text.js';
import { PHRASED_FEATURES, describeFeature } from '../../../server/src/scoring/feature-phrases.js';

const manifest = loadFeatureManifest();
const layout: DriverLayout = {
  featureNames: manifest.features.map((f) => f.name),
  groupOfFeature: Uint8Array.from(manifest.features, (f) => SIGNAL_GROUPS.indexOf(f.group)),
  groups: SIGNAL_GROUPS,
  groupLabels: new Map(manifest.groups.map((g) => [g.id, g.label])),
};
const index = (name: string) => layout.featureNames.indexOf(name);

test('has a phrase for exactly the features of the manifest', () => {
  expect([...PHRASED_FEATURES].sort()).toEqual([...layout.featureNames].sort());
});

test('phrases every feature for a present and a missing value without leaking NaN or undefined', () => {
  for (const name of layout.featureNames) {
    for (const value of [0, 1, 2.5, 150, -3, Number.NaN]) {
      const text = describeFeature(name, value);
      expect(text.length).toBeGreaterThan(3);
      expect(text).not.toMatch(/NaN|undefined|Infinity/);
    }
  }
  expect(describeFeature('escalations_90d', 6)).toBe('6 escalations in 90 days');
  expect(describeFeature('escalations_90d', 1)).toBe('1 escalation in 90 days');
  expect(describeFeature('seat_utilisation_30d', 0.123)).toBe('12% of seats active');
  expect(describeFeature('days_since_last_meeting', Number.NaN)).toBe('no meeting on record');
  expect(describeFeature('csat_avg_180d', 4.25)).toBe('CSAT 4.3/5');
  expect(() => describeFeature('no_such_feature', 1)).toThrow('no_such_feature');
});

test('formats points with their sign, whole from ten on', () => {
  expect([18.4, 4.25, -4.25, -12.6, 0, -0.01].map(formatPoints)).toEqual(['+18 pts', '+4.3 pts', '-4.3 pts', '-13 pts', '+0.0 pts', '+0.0 pts']);
});

function explanation(groupPoints: Record<string, number>, featurePoints: Record<string, number>) {
  return {
    drivers: SIGNAL_GROUPS.map((group) => ({ group, points: groupPoints[group] ?? 0 })),
    featurePoints: Float64Array.from(layout.featureNames, (f) => featurePoints[f] ?? 0),
  };
}

test('names the two features that push the same way as their group, strongest first, with the group points', () => {
  const values = new Float64Array(layout.featureNames.length).fill(0);
  values[index('escalations_90d')] = 6;
  values[index('high_priority_tickets_90d')] = 2;
  values[index('csat_avg_180d')] = 4.8;
  values[index('open_tickets')] = 3;
  const drivers = describeDrivers(
    explanation({ support: 18.2 }, { escalations_90d: 9, high_priority_tickets_90d: 4, open_tickets: 1, csat_avg_180d: -5 }),
    values,
    layout,
  );
  const support = drivers.find((d) => d.group === 'support')!;
  expect(support.direction).toBe('raises');
  expect(support.topFeatures.map((f) => [f.feature, f.value, f.points])).toEqual([
    ['escalations_90d', 6, 9],
    ['high_priority_tickets_90d', 2, 4],
  ]);
  expect(support.text).toBe('Support: 6 escalations in 90 days, 2 high-priority tickets in 90 days, +18 pts');
  expect(drivers.map((d) => d.group)).toEqual([...SIGNAL_GROUPS]);
});

test('names what protects for a group that lowers the prediction, and says a missing value is missing', () => {
  const values = new Float64Array(layout.featureNames.length).fill(1);
  values[index('days_since_last_meeting')] = Number.NaN;
  const drivers = describeDrivers(explanation({ stakeholder_engagement: -4.25 }, { days_since_last_meeting: -3, champion_present: -1, emails_30d: 2 }), values, layout);
  const engagement = drivers.find((d) => d.group === 'stakeholder_engagement')!;
  expect(engagement.direction).toBe('lowers');
  expect(engagement.topFeatures.map((f) => f.value)).toEqual([null, 1]);
  expect(engagement.text).toBe('Stakeholder engagement: no meeting on record, champion in place, -4.3 pts');
});

test('names a group alone when no feature inside it moves the prediction on its own', () => {
  const values = new Float64Array(layout.featureNames.length).fill(1);
  const drivers = describeDrivers(explanation({ feature_adoption: 0.6 }, {}), values, layout);
  expect(drivers.find((d) => d.group === 'feature_adoption')!.text).toBe('Feature adoption: +0.6 pts');
});

const driver = (label: string, points: number): Driver => ({ group: 'support', label, points, direction: points >= 0 ? 'raises' : 'lowers', topFeatures: [], text: `${label}: ${formatPoints(points)}` });

test('summarises up to three raising and two lowering groups of at least half a point, strongest first', () => {
  const drivers = [driver('A', 2), driver('B', 9), driver('C', 0.4), driver('D', -3), driver('E', 1), driver('F', 0.7), driver('G', -0.2)];
  expect(summariseDrivers(drivers, { raises: 'Raises risk', lowers: 'Protects' })).toBe('Raises risk: B: +9.0 pts; A: +2.0 pts; E: +1.0 pts. Protects: D: -3.0 pts.');
  expect(summariseDrivers([driver('A', 0.1)], { raises: 'Raises risk', lowers: 'Protects' })).toBe('No signal group moves it by 0.5 pts or more.');
});

test('drops whole drivers until the summary fits the field', () => {
  const long = (label: string, points: number) => ({ ...driver(label, points), text: `${label}: ${'x'.repeat(60)}` });
  const text = summariseDrivers([long('A', 5), long('B', 4), long('C', 3), long('D', -2), long('E', -1)], { raises: 'Up', lowers: 'Down' }, { maxLength: 160 });
  expect(text.length).toBeLessThanOrEqual(160);
  expect(text).toContain('A: ');
  expect(text).not.toContain('E: ');
  expect(text.endsWith('.')).toBe(true);
});
