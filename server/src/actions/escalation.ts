import {
  EXPANSION_WINDOWS,
  INTERVENTION_WINDOWS,
  RISK_BANDS,
  rankOf,
  type AccountState,
  type ExpansionWindow,
  type InterventionWindow,
  type RiskBand,
} from './account-state.js';
import { interventionWindow, isDeclining, type WindowRules } from './intervention-window.js';
import type { Play } from './playbook-manifest.js';

/** The part of an account's state whose escalation creates tasks; stored after every evaluation. */
export interface AccountSnapshot {
  band: RiskBand;
  window: InterventionWindow;
  declining: boolean;
  expansionWindow: ExpansionWindow;
}

/** What counts as an escalation between two evaluations of an account. */
export type Escalation = 'band_up' | 'window_up' | 'trajectory_declining' | 'expansion_opened';

/** An account with nothing to act on. */
export const CALM_SNAPSHOT: AccountSnapshot = { band: 'low', window: 'early', declining: false, expansionWindow: 'unlikely' };

/**
 * What an account is compared with the first time it is evaluated (at install, or when it becomes a
 * customer): only what is urgent creates a task then — High risk, a reactive or emergency window, an
 * expansion within 30 days. Medium risk, a declining trajectory and later expansions are on the card
 * as recommendations, and create tasks when they appear later. Without this, an install would open a
 * task on half the accounts at once (Medium and High are half the portfolio by the risk scale's design).
 */
export const FIRST_EVALUATION_BASELINE: AccountSnapshot = { band: 'medium', window: 'timely', declining: true, expansionWindow: '90_days' };

export function snapshotOf(state: AccountState, rules: WindowRules): AccountSnapshot {
  return {
    band: state.churn.band,
    window: interventionWindow(state, rules),
    declining: isDeclining(state, rules),
    expansionWindow: state.expansion?.window ?? 'unlikely',
  };
}

/**
 * How the account escalated since `previous` (FIRST_EVALUATION_BASELINE when never evaluated): the risk band went
 * up, the intervention window became more urgent, the trajectory turned declining, or an expansion
 * window opened or came closer. Empty when nothing escalated, including any de-escalation.
 */
export function detectEscalations(previous: AccountSnapshot | null, current: AccountSnapshot): Escalation[] {
  const before = previous ?? FIRST_EVALUATION_BASELINE;
  const out: Escalation[] = [];
  if (rankOf(RISK_BANDS, current.band) > rankOf(RISK_BANDS, before.band)) out.push('band_up');
  if (rankOf(INTERVENTION_WINDOWS, current.window) > rankOf(INTERVENTION_WINDOWS, before.window)) out.push('window_up');
  if (current.declining && !before.declining) out.push('trajectory_declining');
  if (rankOf(EXPANSION_WINDOWS, current.expansionWindow) > rankOf(EXPANSION_WINDOWS, before.expansionWindow)) out.push('expansion_opened');
  return out;
}

const TOUCHES: Record<Play['trigger']['kind'], readonly Escalation[]> = {
  churn: ['band_up', 'window_up'],
  declining: ['trajectory_declining'],
  expansion: ['expansion_opened'],
};

/** Whether these escalations concern plays of this trigger kind (and so create or update their tasks). */
export function escalationConcerns(escalations: readonly Escalation[], kind: Play['trigger']['kind']): boolean {
  return escalations.some((e) => TOUCHES[kind].includes(e));
}

export function sameSnapshot(a: AccountSnapshot | null, b: AccountSnapshot): boolean {
  return a !== null && a.band === b.band && a.window === b.window && a.declining === b.declining && a.expansionWindow === b.expansionWindow;
}
