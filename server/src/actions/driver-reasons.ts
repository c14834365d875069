import { SIGNAL_GROUPS, type AccountState, type SignalGroup } from './account-state.js';
import { formatPoints } from './action-text.js';
import type { Playbook } from './playbook-manifest.js';

/** One driver group behind a recommendation, as the why names it. */
export interface DriverReason {
  group: SignalGroup;
  label: string;
  /** Probability points this group adds to the churn risk. */
  points: number;
  text: string | null;
  /** Points the risk moves when the group is brought back to typical (what-if), when known. */
  whatIfPoints: number | null;
  topFeatures: string[];
}

/**
 * The groups that drive the churn risk up: those adding at least `drivers.minPoints`, largest first
 * (ties in signal-group order), at most `drivers.maxGroups`. When none reaches the minimum, the
 * single largest positive group. Groups that lower the risk never drive it.
 */
export function topDriverGroups(churn: AccountState['churn'], playbook: Pick<Playbook, 'drivers' | 'groupLabels'>): DriverReason[] {
  const positive = churn.drivers
    .filter((d) => d.points > 0)
    .sort((a, b) => b.points - a.points || SIGNAL_GROUPS.indexOf(a.group) - SIGNAL_GROUPS.indexOf(b.group));
  const strong = positive.filter((d) => d.points >= playbook.drivers.minPoints);
  const chosen = strong.length > 0 ? strong.slice(0, playbook.drivers.maxGroups) : positive.slice(0, 1);
  return chosen.map((d) => ({
    group: d.group,
    label: playbook.groupLabels[d.group],
    points: d.points,
    text: d.text ?? null,
    whatIfPoints: churn.whatIf.find((w) => w.group === d.group)?.deltaPoints ?? null,
    topFeatures: d.topFeatures ?? [],
  }));
}

/** "Support raises churn risk by +18.4 pts: 3 escalated tickets in 30 days. Back to typical: -15.2 pts." */
export function describeDriver(reason: DriverReason): string {
  const what = reason.text ? `: ${reason.text.replace(/\.$/, '')}` : reason.topFeatures.length > 0 ? ` (${reason.topFeatures.slice(0, 3).join(', ')})` : '';
  const whatIf = reason.whatIfPoints !== null ? ` Back to typical: ${formatPoints(reason.whatIfPoints)}.` : '';
  return `${reason.label} raises churn risk by ${formatPoints(reason.points)}${what}.${whatIf}`;
}

/** "Support (+18.4 pts), Product usage (+9.1 pts)". */
export function listDrivers(reasons: readonly DriverReason[]): string {
  return reasons.map((r) => `${r.label} (${formatPoints(r.points)})`).join(', ');
}
