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
  it('queues a task per automatic play when a new account starts high', () => {
    const result = plan(high, null);
    expect(result.escalations).toEqual(['band_up', 'window_up']);
    expect(result.inserts.map((i) => [i.playId, i.status, i.origin])).toEqual([
      ['executive_escalation', 'pending', 'automatic'],
      ['technical_support_escalation', 'pending', 'automatic'],
    ]);
    expect(result.tasksRequested).toBe(2);
    expect(result.inserts[0]?.trigger).toMatchObject({ escalations: ['band_up', 'window_up'], previous: null, churn: { band: 'high' } });
  });

  it('plans nothing when a recalculation changed nothing', () => {
    const latest = [stored(high, 'executive_escalation', 'open'), stored(high, 'technical_support_escalation', 'pending')];
    const result = plan(high, snapshot(high), latest);
    expect(result).toEqual({ escalations: [], inserts: [], refreshes: [], expirations: [], tasksRequested: 0, suppressedByHoldout: 0 });
  });

  it('records a holdout account’s escalation without asking for a task', () => {
    const result = plan(high, null, [], true);
    expect(result.inserts.map((i) => [i.status, i.holdout, i.origin])).toEqual([
      ['holdout', true, null],
      ['holdout', true, null],
    ]);
    expect(result.tasksRequested).toBe(0);
    expect(result.suppressedByHoldout).toBe(2);
  });

  it('updates the open task instead of creating another when the account escalates again', () => {
    const reactive = accountState({ band: 'high', daysToRenewal: 200, drivers: { support: 15 } });
    const emergency = accountState({ band: 'high', daysToRenewal: 60, drivers: { support: 15 } });
    const open = stored(reactive, 'executive_escalation', 'open');
    const result = plan(emergency, snapshot(reactive), [open, stored(reactive, 'technical_support_escalation', 'open')]);
    expect(result.escalations).toEqual(['window_up']);
    expect(result.inserts).toEqual([]);
    expect(result.refreshes.map((r) => [r.id, r.status, r.bumpTaskRevision, r.window])).toEqual([
      [open.id, 'open', true, 'emergency'],
      [expect.any(String), 'open', true, 'emergency'],
    ]);
    expect(result.tasksRequested).toBe(2);
  });

  it('keeps a dismissed play dismissed until the account escalates', () => {
    const medium = accountState({ band: 'medium', drivers: { stakeholder_engagement: 6 } });
    const dismissed = stored(medium, 'sponsor_reengagement', 'dismissed');
    const calm = plan(medium, snapshot(medium), [dismissed]);
    expect(calm.inserts.map((i) => i.playId)).not.toContain('sponsor_reengagement');
    const worse = accountState({ band: 'high', drivers: { stakeholder_engagement: 14 } });
    const escalated = plan(worse, snapshot(medium), [dismissed]);
    expect(escalated.inserts.map((i) => i.playId)).toContain('dedicated_csm_attention');
    const backToMedium = plan(accountState({ band: 'medium', daysToRenewal: 20, drivers: { stakeholder_engagement: 6 } }), snapshot(medium), [dismissed]);
    expect(backToMedium.escalations).toEqual(['window_up']);
    expect(backToMedium.inserts.find((i) => i.playId === 'sponsor_reengagement')?.status).toBe('pending');
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
