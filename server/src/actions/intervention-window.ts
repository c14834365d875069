import type { AccountState, InterventionWindow } from './account-state.js';
import type { Playbook } from './playbook-manifest.js';

export type WindowRules = Playbook['windows'];

/** Days to the next renewal, or null when unknown or already past (a stale renewal date says nothing). */
export function upcomingRenewalDays(state: Pick<AccountState, 'daysToRenewal'>): number | null {
  return state.daysToRenewal !== null && state.daysToRenewal >= 0 ? state.daysToRenewal : null;
}

/** True when health is forecast to decline with at least the manifest's confidence. */
export function isDeclining(state: Pick<AccountState, 'health'>, rules: WindowRules): boolean {
  return state.health !== null && state.health.trajectory === 'declining' && state.health.confidence >= rules.minDecliningConfidence;
}

/**
 * The account's intervention window from its churn band, trajectory and renewal timing, first rule
 * that holds (numbers from manifests/playbooks.json `windows`):
 *
 * 1. emergency — high risk and renewal within `emergencyRenewalDays`
 * 2. reactive  — high risk (renewal later or unknown)
 * 3. reactive  — medium risk and renewal within `reactiveRenewalDays`, or medium risk and declining
 * 4. timely    — medium risk
 * 5. timely    — low risk, declining, and renewal within `timelyRenewalDays`
 * 6. early     — low risk (warning signs or none: low-intensity attention)
 */
export function interventionWindow(state: Pick<AccountState, 'churn' | 'health' | 'daysToRenewal'>, rules: WindowRules): InterventionWindow {
  const renewal = upcomingRenewalDays(state);
  const declining = isDeclining(state, rules);
  const within = (days: number) => renewal !== null && renewal <= days;
  switch (state.churn.band) {
    case 'high':
      return within(rules.emergencyRenewalDays) ? 'emergency' : 'reactive';
    case 'medium':
      return within(rules.reactiveRenewalDays) || declining ? 'reactive' : 'timely';
    case 'low':
      return declining && within(rules.timelyRenewalDays) ? 'timely' : 'early';
  }
}
