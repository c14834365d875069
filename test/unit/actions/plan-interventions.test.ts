import { describe, expect, it } from 'vitest';
import type { AccountState } from '../../../server/src/actions/account-state.js';
import { snapshotOf, type AccountSnapshot } from '../../../server/src/actions/escalation.js';
import { contentOf, planAccount } from '../../../server/src/actions/plan-interventions.js';
import { loadPlaybook } from '../../../server/src/actions/playbook-manifest.js';
import { recommendInterventions } from '../../../server/src/actions/recommend.js';
import type { Intervention, InterventionStatus } from '../../../server/src/store/interventions.js';
import { accountState } from './account-states.js';

const playbook = loadPlaybook();
let counter = 0;
const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/** What the store would hold for `playId` after `state` was recorded with `status`. */
function stored(state: AccountState, playId: string, status: InterventionStatus, extra: Partial<Intervention> = {}): Intervention {
  const rec = recommendInterventions(state, playbook).find((r) => r.playId === playId);
  if (!rec) throw new Error(`${playId} is not recommended for this state`);
  return {
    ...contentOf(rec, state),
    id: newId(),
    tenantId: state.tenantId,
    accountId: state.accountId,
    playId,
    status,
    holdout: false,
    origin: status === 'pending' || status === 'open' ? 'automatic' : null,
    trigger: {},
    taskRevision: 1,
    taskSyncedRevision: status === 'open' ? 1 : null,
    crmTaskId: status === 'open' ? '7001' : null,
    createAttemptedAt: null,
    lastError: null,
    dismissedReason: status === 'dismissed' ? 'not now' : null,
    createdAt: new Date('2025-06-01T00:00:00Z'),
    updatedAt: new Date('2025-06-01T00:00:00Z'),
    acceptedAt: null,
    dismissedAt: null,
    taskCreatedAt: null,
    ...extra,
  };
}

function plan(state: AccountState, previous: AccountSnapshot | null, latest: Intervention[] = [], holdout = false) {
  return planAccount({
    state,
    recommendations: recommendInterventions(state, playbook),
    previous,
    current: snapshotOf(state, playbook.windows),
    holdout,
    latest: new Map(latest.map((i) => [i.playId, i])),
    newId,
  });
}

const high = accountState({ band: 'high', drivers: { support: 15 } });
const snapshot = (state: AccountState) => snapshotOf(state, playbook.windows);

describe('planAccount', () => {
  it('queues one churn task, for the top-ranked play, when a new account starts high, and keeps its other plays recommended', () => {
    const result = plan(high, null);
    expect(result.escalations).toEqual(['band_up', 'window_up']);
    expect(result.inserts.map((i) => [i.playId, i.status, i.origin])).toEqual([
      ['executive_escalation', 'pending', 'automatic'],
      ['technical_support_escalation', 'recommended', null],
    ]);
    expect(result.tasksRequested).toBe(1);
    expect(result.inserts[0]?.trigger).toMatchObject({ escalations: ['band_up', 'window_up'], previous: null, churn: { band: 'high' } });
  });

  it('queues one task per escalated trigger kind, each for the kind’s top-ranked play', () => {
    const before = accountState({ band: 'medium', drivers: { support: 4, product_usage: 6 } });
    const after = accountState({ band: 'medium', drivers: { support: 4, product_usage: 6 }, trajectory: 'declining', expansionWindow: '30_days' });
    const result = plan(after, snapshot(before));
    expect(result.escalations).toEqual(['window_up', 'trajectory_declining', 'expansion_opened']);
    expect(result.inserts.map((i) => [i.playId, i.details.kind, i.status])).toEqual([
      ['technical_support_escalation', 'churn', 'pending'],
      ['proactive_outreach', 'churn', 'recommended'],
      ['training_adoption_support', 'churn', 'recommended'],
      ['root_cause_review', 'declining', 'pending'],
      ['upsell_conversation', 'expansion', 'pending'],
    ]);
    expect(result.tasksRequested).toBe(3);
  });

  it('plans nothing when a recalculation changed nothing', () => {
    const latest = [stored(high, 'executive_escalation', 'open'), stored(high, 'technical_support_escalation', 'pending')];
    const result = plan(high, snapshot(high), latest);
    expect(result).toEqual({ escalations: [], inserts: [], refreshes: [], expirations: [], tasksRequested: 0, suppressedByHoldout: 0 });
  });

  it('records a holdout account’s escalation without asking for a task', () => {
    const result = plan(high, null, [], true);
    expect(result.inserts.map((i) => [i.playId, i.status, i.holdout, i.origin])).toEqual([
      ['executive_escalation', 'holdout', true, null],
      ['technical_support_escalation', 'recommended', true, null],
    ]);
    expect(result.tasksRequested).toBe(0);
    expect(result.suppressedByHoldout).toBe(1);
  });

  it('updates the open task instead of creating another when the account escalates again', () => {
    const reactive = accountState({ band: 'high', daysToRenewal: 200, drivers: { support: 15 } });
    const emergency = accountState({ band: 'high', daysToRenewal: 60, drivers: { support: 15 } });
    const open = stored(reactive, 'executive_escalation', 'open');
    const other = stored(reactive, 'technical_support_escalation', 'recommended');
    const result = plan(emergency, snapshot(reactive), [open, other]);
    expect(result.escalations).toEqual(['window_up']);
    expect(result.inserts).toEqual([]);
    expect(result.refreshes.map((r) => [r.id, r.status, r.bumpTaskRevision, r.window])).toEqual([
      [open.id, 'open', true, 'emergency'],
      [other.id, 'recommended', false, 'emergency'],
    ]);
    expect(result.tasksRequested).toBe(1);
  });

  it('keeps a dismissed play dismissed until the account escalates', () => {
    const medium = accountState({ band: 'medium', drivers: { stakeholder_engagement: 6 } });
    // The top-ranked Medium play, so an escalation gives it the account's churn task.
    const dismissed = stored(medium, 'proactive_outreach', 'dismissed');
    const calm = plan(medium, snapshot(medium), [dismissed]);
    expect(calm.inserts.map((i) => i.playId)).not.toContain('proactive_outreach');
    const worse = accountState({ band: 'high', drivers: { stakeholder_engagement: 14 } });
    const escalated = plan(worse, snapshot(medium), [dismissed]);
    expect(escalated.inserts.map((i) => i.playId)).toContain('dedicated_csm_attention');
    const backToMedium = plan(accountState({ band: 'medium', daysToRenewal: 20, drivers: { stakeholder_engagement: 6 } }), snapshot(medium), [dismissed]);
    expect(backToMedium.escalations).toEqual(['window_up']);
    expect(backToMedium.inserts.find((i) => i.playId === 'proactive_outreach')?.status).toBe('pending');
  });

  it('expires recommendations that no longer apply, never an intervention with a task', () => {
    const medium = accountState({ band: 'medium', drivers: { product_usage: 6 } });
    const low = accountState({ band: 'low', drivers: { product_usage: 6 } });
    const recommended = stored(medium, 'training_adoption_support', 'recommended');
    const open = stored(medium, 'proactive_outreach', 'open');
    const result = plan(low, snapshot(medium), [recommended, open]);
    expect(result.expirations).toEqual([recommended.id]);
    expect(result.inserts.map((i) => [i.playId, i.status])).toEqual([
      ['standard_monitoring', 'recommended'],
      ['expansion_discovery', 'recommended'],
    ]);
  });

  it('lets an expansion window opening create the expansion task only', () => {
    const before = accountState({ band: 'medium', drivers: { support: 4 } });
    const after = accountState({ band: 'medium', drivers: { support: 4 }, expansionWindow: '90_days' });
    const latest = [stored(before, 'proactive_outreach', 'open'), stored(before, 'technical_support_escalation', 'open')];
    const result = plan(after, snapshot(before), latest);
    expect(result.escalations).toEqual(['expansion_opened']);
    expect(result.inserts.map((i) => [i.playId, i.status])).toEqual([['account_plan_upgrade', 'pending']]);
    expect(result.refreshes).toEqual([]);
  });

  it('keeps a recommendation’s due date on later days and refreshes its text when the drivers move', () => {
    const first = accountState({ band: 'low', asOf: '2025-06-30', drivers: { support: 3 } });
    const latest = [stored(first, 'standard_monitoring', 'recommended'), stored(first, 'expansion_discovery', 'recommended')];
    const nextDay = accountState({ band: 'low', asOf: '2025-07-01', drivers: { support: 3 } });
    expect(plan(nextDay, snapshot(first), latest).refreshes).toEqual([]);
    const moved = accountState({ band: 'low', asOf: '2025-07-01', drivers: { support: 5 } });
    const refreshes = plan(moved, snapshot(first), latest).refreshes;
    expect(refreshes).toHaveLength(2);
    expect(refreshes.every((r) => r.dueDate === latest[0]?.dueDate && !r.bumpTaskRevision && r.trigger === null)).toBe(true);
  });
});
