import type { Intervention, InterventionContent, InterventionRefresh, NewIntervention } from '../store/interventions.js';
import type { AccountState } from './account-state.js';
import { detectEscalations, escalationConcerns, type AccountSnapshot, type Escalation } from './escalation.js';
import type { Recommendation } from './recommend.js';

/** Everything the planner needs about one account; no I/O happens in planning. */
export interface AccountPlanInput {
  state: AccountState;
  recommendations: readonly Recommendation[];
  /** The last evaluated snapshot, or null for an account never evaluated. */
  previous: AccountSnapshot | null;
  current: AccountSnapshot;
  holdout: boolean;
  /** The newest stored intervention of each play for this account. */
  latest: ReadonlyMap<string, Intervention>;
  newId: () => string;
}

/** The store changes one evaluation of an account makes. */
export interface AccountPlan {
  escalations: Escalation[];
  inserts: NewIntervention[];
  refreshes: InterventionRefresh[];
  /** Recommendations that no longer apply (or failed ones superseded by a new intervention). */
  expirations: string[];
  /** Interventions whose task is to be created or updated because of this evaluation. */
  tasksRequested: number;
  /** Escalations whose task the holdout withheld. */
  suppressedByHoldout: number;
}

/**
 * Decides, for one account, what to record: a new intervention per newly recommended play, fresh
 * content for live ones, expiry for recommendations that no longer apply, and task work only where
 * the account escalated (README "Tasks"). A recalculation that changed nothing plans nothing.
 */
export function planAccount(input: AccountPlanInput): AccountPlan {
  const escalations = detectEscalations(input.previous, input.current);
  const plan: AccountPlan = { escalations, inserts: [], refreshes: [], expirations: [], tasksRequested: 0, suppressedByHoldout: 0 };
  const trigger = triggerOf(input, escalations);
  const recommended = new Set<string>();
  // One task per escalation and trigger kind: the highest-ranked play's (recommendations come ranked,
  // the first is the next best action). The other plays stay recommendations a person can accept.
  const taskedKinds = new Set<Recommendation['kind']>();

  for (const rec of input.recommendations) {
    recommended.add(rec.playId);
    // The escalation concerns this play's kind (a dismissal stands until then)...
    const kindEscalated = rec.autoTask && escalationConcerns(escalations, rec.kind);
    // ...and the task goes to the kind's highest-ranked play.
    const escalated = kindEscalated && !taskedKinds.has(rec.kind);
    if (escalated) taskedKinds.add(rec.kind);
    const content = contentOf(rec, input.state);
    const latest = input.latest.get(rec.playId);
    if (escalated && input.holdout) plan.suppressedByHoldout++;
    const taskWanted = escalated && !input.holdout;

    if (latest && isLive(latest)) {
      const refresh = refreshOf(latest, content, input.holdout, escalated, taskWanted, trigger);
      if (refresh) plan.refreshes.push(refresh);
      if (taskWanted && (latest.status === 'recommended' || latest.status === 'holdout' || latest.status === 'open')) plan.tasksRequested++;
      continue;
    }
    // A dismissal (or a failed task) stands until the account escalates again.
    if ((latest?.status === 'dismissed' || latest?.status === 'failed') && !kindEscalated) continue;
    if (latest?.status === 'failed') plan.expirations.push(latest.id);
    plan.inserts.push({
      ...content,
      id: input.newId(),
      tenantId: input.state.tenantId,
      accountId: input.state.accountId,
      playId: rec.playId,
      status: taskWanted ? 'pending' : escalated ? 'holdout' : 'recommended',
      holdout: input.holdout,
      origin: taskWanted ? 'automatic' : null,
      trigger,
    });
    if (taskWanted) plan.tasksRequested++;
  }

  for (const latest of input.latest.values()) {
    if (!recommended.has(latest.playId) && (latest.status === 'recommended' || latest.status === 'holdout')) plan.expirations.push(latest.id);
  }
  return plan;
}

function refreshOf(
  latest: Intervention,
  content: InterventionContent,
  holdout: boolean,
  escalated: boolean,
  taskWanted: boolean,
  trigger: Record<string, unknown>,
): InterventionRefresh | undefined {
  let status = latest.status;
  if (taskWanted && (status === 'recommended' || status === 'holdout')) status = 'pending';
  else if (escalated && status === 'recommended') status = 'holdout';
  const bump = taskWanted && latest.status === 'open';
  // Without an escalation the due date stays where it was set; an escalation resets it from today.
  const next: InterventionContent = escalated ? content : { ...content, dueDate: latest.dueDate };
  if (status === latest.status && !bump && !escalated && latest.holdout === holdout && sameContent(latest, next)) return undefined;
  return {
    ...next,
    id: latest.id,
    expectedStatus: latest.status,
    status,
    holdout,
    origin: status === 'pending' && latest.status !== 'pending' ? 'automatic' : latest.origin,
    trigger: escalated ? trigger : null,
    bumpTaskRevision: bump,
  };
}

function isLive(intervention: Intervention): boolean {
  return intervention.status === 'recommended' || intervention.status === 'holdout' || intervention.status === 'pending' || intervention.status === 'open';
}

/** The stored content of a recommendation. */
export function contentOf(rec: Recommendation, state: AccountState): InterventionContent {
  return {
    title: rec.title,
    details: { kind: rec.kind, why: rec.why, steps: rec.steps, success: rec.success },
    ownerRole: rec.ownerRole,
    ownerId: state.ownerId,
    priority: rec.priority,
    window: rec.window,
    dueDate: rec.dueDate,
  };
}

function triggerOf(input: AccountPlanInput, escalations: Escalation[]): Record<string, unknown> {
  const { state } = input;
  return {
    asOf: state.asOf,
    previous: input.previous,
    current: input.current,
    escalations,
    churn: { probability: state.churn.probability, riskScore: state.churn.riskScore, band: state.churn.band },
    expansion: state.expansion ? { window: state.expansion.window, p30: state.expansion.p30, p90: state.expansion.p90 } : null,
    health: state.health ? { score: state.health.score, trajectory: state.health.trajectory, confidence: state.health.confidence } : null,
    daysToRenewal: state.daysToRenewal,
  };
}

function sameContent(a: InterventionContent, b: InterventionContent): boolean {
  return (
    a.title === b.title &&
    a.ownerRole === b.ownerRole &&
    a.ownerId === b.ownerId &&
    a.priority === b.priority &&
    a.window === b.window &&
    a.dueDate === b.dueDate &&
    canonicalJson(a.details) === canonicalJson(b.details)
  );
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
