import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { loadActionStates, saveActionStates } from '../store/account-action-states.js';
import type { Database } from '../store/database.js';
import { expireInterventions, getHoldoutShare, insertInterventions, latestInterventions, refreshInterventions, type Intervention, type InterventionRefresh, type NewIntervention } from '../store/interventions.js';
import { validateAccountStates, type AccountState } from './account-state.js';
import type { CrmTaskGateway } from './crm-task-gateway.js';
import { sameSnapshot, snapshotOf, type AccountSnapshot } from './escalation.js';
import { isInHoldout } from './holdout.js';
import { planAccount } from './plan-interventions.js';
import { loadPlaybook, type Playbook } from './playbook-manifest.js';
import { recommendInterventions } from './recommend.js';
import { syncInterventionTasks, type TaskSyncReport } from './sync-intervention-tasks.js';

/** Accounts evaluated and written per transaction. */
const CHUNK = 500;

export interface ApplyInterventionsOptions {
  db: Database;
  tenantId: string;
  /** The CRM's tasks. Without one, task work stays queued in the store for the next run that has one. */
  tasks?: CrmTaskGateway | null | undefined;
  /** Default: manifests/playbooks.json. */
  playbook?: Playbook | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** Claim lease for task work (see syncInterventionTasks). */
  leaseSeconds?: number | undefined;
}

/** What one evaluation of a tenant's accounts did. */
export interface InterventionCycleReport {
  accounts: number;
  /** Accounts whose state escalated since their last evaluation. */
  escalatedAccounts: number;
  holdoutAccounts: number;
  holdoutShare: number;
  inserted: number;
  refreshed: number;
  expired: number;
  /** Tasks to create or update because of this evaluation (outside the holdout). */
  tasksRequested: number;
  /** Escalations whose task the holdout withheld. */
  suppressedByHoldout: number;
  /** What was sent to the CRM (all of the tenant's queued task work), or null without a task gateway. */
  tasks: TaskSyncReport | null;
}

/**
 * Applies the playbooks to freshly scored accounts of one tenant: records the recommendations,
 * compares each account with its last evaluated state, queues a CRM task only where the state
 * escalated (never for holdout accounts), stores the new state, then sends the queued task work.
 * States are validated first: one bad state fails the call before anything is written. Safe to run
 * again with the same states: the second run finds no escalation and changes nothing.
 */
export async function applyInterventions(options: ApplyInterventionsOptions, states: readonly AccountState[]): Promise<InterventionCycleReport> {
  const { db, tenantId } = options;
  const valid = validateAccountStates(states, tenantId);
  const playbook = options.playbook ?? loadPlaybook();
  const clock = options.clock ?? systemClock;
  const holdoutShare = (await getHoldoutShare(db, tenantId)) ?? playbook.holdout.defaultShare;
  const report: InterventionCycleReport = {
    accounts: valid.length,
    escalatedAccounts: 0,
    holdoutAccounts: 0,
    holdoutShare,
    inserted: 0,
    refreshed: 0,
    expired: 0,
    tasksRequested: 0,
    suppressedByHoldout: 0,
    tasks: null,
  };

  for (let start = 0; start < valid.length; start += CHUNK) {
    await applyChunk(options, playbook, holdoutShare, valid.slice(start, start + CHUNK), clock.now(), report);
  }
  if (options.tasks) {
    report.tasks = await syncInterventionTasks({ db, tenantId, tasks: options.tasks, logger: options.logger, leaseSeconds: options.leaseSeconds });
  }
  options.logger?.info({ tenantId, ...report, tasks: report.tasks ?? undefined }, 'interventions applied');
  return report;
}

async function applyChunk(
  options: ApplyInterventionsOptions,
  playbook: Playbook,
  holdoutShare: number,
  chunk: AccountState[],
  now: Date,
  report: InterventionCycleReport,
): Promise<void> {
  const { db, tenantId } = options;
  const ids = chunk.map((s) => s.accountId);
  const previous = await loadActionStates(db, tenantId, ids);
  const latestByAccount = groupByAccount(await latestInterventions(db, tenantId, ids));
  const inserts: NewIntervention[] = [];
  const refreshes: InterventionRefresh[] = [];
  const expirations: string[] = [];
  const snapshots: Array<{ accountId: string; state: AccountSnapshot }> = [];
  for (const state of chunk) {
    const holdout = isInHoldout(tenantId, state.accountId, holdoutShare);
    const current = snapshotOf(state, playbook.windows);
    const before = previous.get(state.accountId) ?? null;
    const plan = planAccount({
      state,
      recommendations: recommendInterventions(state, playbook),
      previous: before,
      current,
      holdout,
      latest: latestByAccount.get(state.accountId) ?? new Map(),
      newId: randomUUID,
    });
    inserts.push(...plan.inserts);
    refreshes.push(...plan.refreshes);
    expirations.push(...plan.expirations);
    if (!sameSnapshot(before, current)) snapshots.push({ accountId: state.accountId, state: current });
    if (holdout) report.holdoutAccounts++;
    if (plan.escalations.length > 0) report.escalatedAccounts++;
    report.tasksRequested += plan.tasksRequested;
    report.suppressedByHoldout += plan.suppressedByHoldout;
  }
  // Intents and the new state land together: a crash after this leaves queued task work, never a lost escalation.
  await db.transaction(async (tx) => {
    report.expired += await expireInterventions(tx, expirations);
    report.inserted += await insertInterventions(tx, inserts);
    report.refreshed += await refreshInterventions(tx, refreshes);
    await saveActionStates(tx, tenantId, snapshots, now);
  });
}

function groupByAccount(interventions: Intervention[]): Map<string, Map<string, Intervention>> {
  const out = new Map<string, Map<string, Intervention>>();
  for (const intervention of interventions) {
    let plays = out.get(intervention.accountId);
    if (!plays) out.set(intervention.accountId, (plays = new Map()));
    plays.set(intervention.playId, intervention);
  }
  return out;
}
