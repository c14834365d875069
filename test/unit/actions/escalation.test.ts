import { describe, expect, it } from 'vitest';
import { CALM_SNAPSHOT, detectEscalations, escalationConcerns, snapshotOf, type AccountSnapshot } from '../../../server/src/actions/escalation.js';
import { loadPlaybook } from '../../../server/src/actions/playbook-manifest.js';
import { accountState } from './account-states.js';

const rules = loadPlaybook().windows;
const snap = (change: Partial<AccountSnapshot>): AccountSnapshot => ({ ...CALM_SNAPSHOT, ...change });

describe('escalation detection', () => {
  it('finds nothing when a recalculation changed nothing', () => {
    const state = snapshotOf(accountState({ band: 'high', drivers: { support: 9 }, trajectory: 'declining', expansionWindow: '90_days' }), rules);
    expect(detectEscalations(state, { ...state })).toEqual([]);
  });

  it('reports a band going up, and the window that comes with it', () => {
    expect(detectEscalations(snap({ band: 'medium', window: 'timely' }), snap({ band: 'high', window: 'reactive' }))).toEqual(['band_up', 'window_up']);
  });

  it('reports a window going up on its own (renewal coming closer)', () => {
    expect(detectEscalations(snap({ band: 'high', window: 'reactive' }), snap({ band: 'high', window: 'emergency' }))).toEqual(['window_up']);
  });

  it('reports a trajectory turning declining, but not one that stays declining', () => {
    expect(detectEscalations(snap({}), snap({ declining: true }))).toEqual(['trajectory_declining']);
    expect(detectEscalations(snap({ declining: true }), snap({ declining: true }))).toEqual([]);
  });

  it('reports an expansion window opening or coming closer, not one receding', () => {
    expect(detectEscalations(snap({}), snap({ expansionWindow: '12_months' }))).toEqual(['expansion_opened']);
    expect(detectEscalations(snap({ expansionWindow: '90_days' }), snap({ expansionWindow: '30_days' }))).toEqual(['expansion_opened']);
    expect(detectEscalations(snap({ expansionWindow: '30_days' }), snap({ expansionWindow: '12_months' }))).toEqual([]);
  });

  it('reports no de-escalation', () => {
    expect(detectEscalations(snap({ band: 'high', window: 'emergency', declining: true }), snap({ band: 'low', window: 'early' }))).toEqual([]);
  });

  it('creates work on a first evaluation only for what is urgent', () => {
    expect(detectEscalations(null, snapshotOf(accountState({ band: 'low', trajectory: 'declining' }), rules))).toEqual([]);
    expect(detectEscalations(null, snapshotOf(accountState({ band: 'medium', expansionWindow: '90_days' }), rules))).toEqual([]);
    expect(detectEscalations(null, snapshotOf(accountState({ band: 'high' }), rules))).toEqual(['band_up', 'window_up']);
    expect(detectEscalations(null, snapshotOf(accountState({ band: 'low', expansionWindow: '30_days' }), rules))).toEqual(['expansion_opened']);
  });

  it('lets each escalation concern the plays of its own trigger kind', () => {
    expect(escalationConcerns(['band_up'], 'churn')).toBe(true);
    expect(escalationConcerns(['window_up'], 'churn')).toBe(true);
    expect(escalationConcerns(['band_up', 'window_up'], 'declining')).toBe(false);
    expect(escalationConcerns(['trajectory_declining'], 'declining')).toBe(true);
    expect(escalationConcerns(['expansion_opened'], 'expansion')).toBe(true);
    expect(escalationConcerns(['expansion_opened'], 'churn')).toBe(false);
  });
});
