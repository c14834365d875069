import { INTERVENTION_WINDOWS, rankOf, type AccountState, type InterventionWindow } from './account-state.js';
import { addDays, expansionWindowText, formatAmount } from './action-text.js';
import { topDriverGroups, type DriverReason } from './driver-reasons.js';
import { interventionWindow, isDeclining, upcomingRenewalDays, type WindowRules } from './intervention-window.js';
import { TASK_PRIORITIES, type OwnerRole, type Play, type Playbook, type TaskPriority } from './playbook-manifest.js';
import { buildWhy, describeSuccess, type RecommendationWhy } from './recommendation-why.js';

/** One recommended intervention for an account: what to do, why, who, by when, and how urgent. */
export interface Recommendation {
  playId: string;
  /** What selected the play: the churn band, an expansion window, or a declining trajectory. */
  kind: Play['trigger']['kind'];
  title: string;
  why: RecommendationWhy;
  ownerRole: OwnerRole;
  priority: TaskPriority;
  window: InterventionWindow;
  /** 'YYYY-MM-DD'. */
  dueDate: string;
  /** Whether an escalation creates a CRM task for it without anyone accepting it. */
  autoTask: boolean;
  steps: string[];
  /** The play's success criterion in words. */
  success: string;
}

/**
 * The recommendations for one account, most urgent first (window, then priority, then manifest
 * order). Pure and deterministic: the same state and playbook always give the same list.
 */
export function recommendInterventions(state: AccountState, playbook: Playbook): Recommendation[] {
  const accountWindow = interventionWindow(state, playbook.windows);
  const topDrivers = topDriverGroups(state.churn, playbook);
  const declining = isDeclining(state, playbook.windows);
  const chosen: Array<{ rec: Recommendation; order: number }> = [];
  playbook.plays.forEach((play, order) => {
    if (!triggered(play, state, declining) || excluded(play, state, declining)) return;
    const drivers = play.driverGroups === 'any' ? topDrivers : topDrivers.filter((d) => (play.driverGroups as readonly string[]).includes(d.group));
    if (play.driverGroups !== 'any' && drivers.length === 0) return;
    const window = play.window === 'account' ? accountWindow : play.window;
    chosen.push({
      order,
      rec: {
        playId: play.id,
        kind: play.trigger.kind,
        title: renderTitle(play, state, play.trigger.kind === 'expansion' ? [] : drivers),
        why: buildWhy(play.trigger.kind, state, play.trigger.kind === 'expansion' ? [] : drivers),
        ownerRole: play.ownerRole,
        // An emergency outranks whatever priority the play has on its own.
        priority: window === 'emergency' ? 'HIGH' : play.priority,
        window,
        dueDate: dueDate(state, play.dueInDays, window, playbook.windows),
        autoTask: play.autoTask,
        steps: play.steps,
        success: describeSuccess(play.success, state),
      },
    });
  });
  return chosen
    .sort(
      (a, b) =>
        rankOf(INTERVENTION_WINDOWS, b.rec.window) - rankOf(INTERVENTION_WINDOWS, a.rec.window) ||
        rankOf(TASK_PRIORITIES, b.rec.priority) - rankOf(TASK_PRIORITIES, a.rec.priority) ||
        a.order - b.order,
    )
    .map((c) => c.rec);
}

function triggered(play: Play, state: AccountState, declining: boolean): boolean {
  switch (play.trigger.kind) {
    case 'churn':
      return play.trigger.bands.includes(state.churn.band);
    case 'expansion':
      return state.expansion !== null && (play.trigger.windows as readonly string[]).includes(state.expansion.window);
    case 'declining':
      return declining;
  }
}

function excluded(play: Play, state: AccountState, declining: boolean): boolean {
  const unless = play.unless;
  if (!unless) return false;
  return (
    (unless.bands?.includes(state.churn.band) ?? false) ||
    (unless.expansionWindows?.includes(state.expansion?.window ?? 'unlikely') ?? false) ||
    (unless.declining === true && declining)
  );
}

/**
 * The due date: `dueInDays` after `asOf`, no later than the window allows (`maxDueDays`), and no
 * later than the day before an upcoming renewal.
 */
export function dueDate(state: Pick<AccountState, 'asOf' | 'daysToRenewal'>, dueInDays: number, window: InterventionWindow, rules: WindowRules): string {
  let days = Math.min(dueInDays, rules.maxDueDays[window]);
  const renewal = upcomingRenewalDays(state);
  if (renewal !== null && renewal >= 1) days = Math.min(days, renewal - 1);
  return addDays(state.asOf, Math.max(0, days));
}

function renderTitle(play: Play, state: AccountState, drivers: DriverReason[]): string {
  const values: Record<string, string> = {
    account: state.accountName?.trim() || `company ${state.accountId}`,
    risk_score: String(Math.round(state.churn.riskScore)),
    driver: drivers[0]?.label ?? 'overall health',
    health_score: state.health ? String(Math.round(state.health.score)) : 'unknown',
    expected_amount: state.expansion?.expectedAmount != null ? formatAmount(state.expansion.expectedAmount, state.currency) : 'amount unknown',
    expansion_window: state.expansion ? expansionWindowText(state.expansion.window) : 'unknown',
  };
  // The manifest loader allows only known placeholders per trigger kind.
  return play.title.replace(/\{([a-z_]+)\}/g, (_, name: string) => values[name] ?? '');
}
