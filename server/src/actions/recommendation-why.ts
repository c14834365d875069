import type { AccountState } from './account-state.js';
import { expansionWindowText, formatAmount, formatPercent } from './action-text.js';
import { describeDriver, listDrivers, type DriverReason } from './driver-reasons.js';
import { upcomingRenewalDays } from './intervention-window.js';
import type { Play, SuccessCriterion } from './playbook-manifest.js';

/** Why a play is recommended: one summary sentence, the lines behind it, and the drivers it names. */
export interface RecommendationWhy {
  summary: string;
  lines: string[];
  drivers: DriverReason[];
}

type TriggerKind = Play['trigger']['kind'];

/** Builds the why of a play from the account state and the driver groups that chose it. */
export function buildWhy(kind: TriggerKind, state: AccountState, drivers: DriverReason[]): RecommendationWhy {
  if (kind === 'expansion') return expansionWhy(state);
  const driverText = drivers.length > 0 ? `; driven by ${listDrivers(drivers)}` : '';
  const driverLines = drivers.map(describeDriver);
  if (kind === 'declining') {
    const health = healthLine(state);
    return { summary: `${health}${driverText}.`, lines: [`${health}.`, ...driverLines], drivers };
  }
  const risk = riskLine(state);
  const stake = state.arr !== null && state.arr > 0 ? [`ARR at stake: ${formatAmount(state.arr, state.currency)}.`] : [];
  return { summary: `${risk}${driverText}.`, lines: [`${risk}.`, ...driverLines, ...stake], drivers };
}

function riskLine(state: AccountState): string {
  const renewal = upcomingRenewalDays(state);
  const renewalText = renewal === null ? '' : renewal === 0 ? ', renewal today' : `, renewal in ${renewal} day${renewal === 1 ? '' : 's'}`;
  return `Churn risk ${Math.round(state.churn.riskScore)}/100 (${state.churn.band})${renewalText}`;
}

function healthLine(state: AccountState): string {
  const health = state.health;
  if (!health) return 'Health declining';
  const furthest = [...health.forecast].sort((a, b) => b.horizonDays - a.horizonDays)[0];
  const forecast = furthest
    ? `, forecast ${Math.round(furthest.p50)} in ${furthest.horizonDays} days (likely range ${Math.round(furthest.p10)}–${Math.round(furthest.p90)})`
    : '';
  return `Health ${Math.round(health.score)} now${forecast}: declining with ${Math.round(health.confidence)}% confidence`;
}

function expansionWhy(state: AccountState): RecommendationWhy {
  const expansion = state.expansion;
  if (!expansion) return { summary: 'Expansion expected.', lines: ['Expansion expected.'], drivers: [] };
  const amount = expansion.expectedAmount !== null ? `, expected amount ${formatAmount(expansion.expectedAmount, state.currency)}` : '';
  const summary = `Expansion expected within ${expansionWindowText(expansion.window)}${amount}`;
  const odds = `Expansion probability: ${formatPercent(expansion.p30)} within 30 days, ${formatPercent(expansion.p90)} within 90 days, ${formatPercent(expansion.p365)} within 12 months.`;
  return { summary: `${summary}.`, lines: [`${summary}.`, odds], drivers: [] };
}

/** The success criterion in words: "Success: health score up 15 points within 30 days (from 48 to 63)." */
export function describeSuccess(success: SuccessCriterion, state: AccountState): string {
  switch (success.metric) {
    case 'health_score_gain': {
      const from = state.health ? ` (from ${Math.round(state.health.score)} to ${Math.min(100, Math.round(state.health.score) + success.points)})` : '';
      return `Success: health score up ${success.points} points within ${success.withinDays} days${from}.`;
    }
    case 'risk_band_at_most':
      return `Success: churn risk in the ${success.band} band within ${success.withinDays} days.`;
    case 'expansion_deal_opened':
      return `Success: an expansion deal opened within ${success.withinDays} days.`;
    case 'trajectory_not_declining':
      return `Success: health no longer declining within ${success.withinDays} days.`;
  }
}
