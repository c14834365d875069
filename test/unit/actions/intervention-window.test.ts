import { describe, expect, it } from 'vitest';
import { interventionWindow, isDeclining } from '../../../server/src/actions/intervention-window.js';
import { loadPlaybook } from '../../../server/src/actions/playbook-manifest.js';
import { accountState } from './account-states.js';

const rules = loadPlaybook().windows;

describe('intervention window', () => {
  it.each([
    // band, days to renewal, trajectory, expected
    ['high', 45, 'stable', 'emergency'],
    ['high', 90, 'improving', 'emergency'],
    ['high', 91, 'stable', 'reactive'],
    ['high', null, 'declining', 'reactive'],
    ['high', -10, 'stable', 'reactive'],
    ['medium', 20, 'stable', 'reactive'],
    ['medium', 200, 'declining', 'reactive'],
    ['medium', 200, 'stable', 'timely'],
    ['medium', null, 'improving', 'timely'],
    ['low', 60, 'declining', 'timely'],
    ['low', 200, 'declining', 'early'],
    ['low', 10, 'stable', 'early'],
    ['low', null, 'declining', 'early'],
  ] as const)('%s risk, renewal in %s days, %s → %s', (band, daysToRenewal, trajectory, expected) => {
    expect(interventionWindow(accountState({ band, daysToRenewal, trajectory }), rules)).toBe(expected);
  });

  it('counts a declining trajectory only from the manifest confidence', () => {
    expect(isDeclining(accountState({ trajectory: 'declining', confidence: rules.minDecliningConfidence }), rules)).toBe(true);
    expect(isDeclining(accountState({ trajectory: 'declining', confidence: rules.minDecliningConfidence - 1 }), rules)).toBe(false);
    expect(interventionWindow(accountState({ band: 'medium', trajectory: 'declining', confidence: 10 }), rules)).toBe('timely');
  });

  it('treats an account without a health forecast as not declining', () => {
    expect(interventionWindow(accountState({ band: 'low', daysToRenewal: 30, trajectory: null }), rules)).toBe('early');
  });
});
