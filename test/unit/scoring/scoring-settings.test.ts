import { expect, test } from 'vitest';
import { DEFAULT_SCORING_SETTINGS, ScoringSettingsError, effectiveScoringSettings, parseScoringSettingsOverrides } from '../../../server/src/scoring/scoring-settings.js';

const problems = (input: unknown): string[] => {
  try {
    parseScoringSettingsOverrides(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ScoringSettingsError);
    return (error as ScoringSettingsError).problems;
  }
  throw new Error('expected the settings to be refused');
};

test('defaults to High 80–100, Medium 50–79, Low 0–49', () => {
  expect(effectiveScoringSettings({}).riskBands).toEqual({ medium: 50, high: 80 });
  expect(effectiveScoringSettings({})).toEqual(DEFAULT_SCORING_SETTINGS);
});

test('puts the sections a tenant overrides on top of the defaults', () => {
  const overrides = parseScoringSettingsOverrides({ riskBands: { medium: 30, high: 60 } });
  expect(effectiveScoringSettings(overrides)).toEqual({ ...DEFAULT_SCORING_SETTINGS, riskBands: { medium: 30, high: 60 } });
});

test('names each bad field and what it expects', () => {
  expect(problems({ riskBands: { medium: 80, high: 50 } })).toEqual(['riskBands.medium: medium must be below high']);
  expect(problems({ riskBands: { medium: 50.5, high: 80 } })[0]).toMatch(/^riskBands\.medium: .*int/);
  expect(problems({ riskBands: { medium: 0, high: 101 } })).toHaveLength(2);
  expect(problems({ expansionWindow: { '30_days': 0, '90_days': 0.5, '12_months': 0.5 } })[0]).toMatch(/^expansionWindow\.30_days: /);
  expect(problems({ expansionWindow: { '30_days': 0.5 } }).map((p) => p.split(':')[0])).toEqual(['expansionWindow.90_days', 'expansionWindow.12_months']);
  expect(problems({ trajectory: { minChangePoints: -1 } })[0]).toMatch(/^trajectory\.minChangePoints: /);
  expect(problems({ riskBand: {} })[0]).toContain('riskBand');
  expect(problems([1])).toEqual(['body: expected a JSON object']);
  expect(problems(null)).toEqual(['body: expected a JSON object']);
});
