import { describe, expect, it } from 'vitest';
import { allowedActions, isAllowed, refusalMessage } from '../../../server/src/api/card-intervention-allowed-actions.js';
import type { Intervention, InterventionStatus } from '../../../server/src/store/interventions.js';

function stored(status: InterventionStatus, changes: Partial<Intervention> = {}): Intervention {
  const at = new Date('2026-03-02T09:00:00Z');
  return {
    id: '6b1f8e0e-1111-4222-8333-944455556666',
    tenantId: 'hubspot-5001',
    accountId: '1001',
    playId: 'executive_escalation',
    status,
    holdout: false,
    origin: null,
    trigger: {},
    taskRevision: 1,
    taskSyncedRevision: null,
    crmTaskId: null,
    createAttemptedAt: null,
    lastError: null,
    dismissedReason: null,
    createdAt: at,
    updatedAt: at,
    acceptedAt: null,
    dismissedAt: null,
    taskCreatedAt: null,
    title: 'Executive escalation call',
    details: { kind: 'risk', why: { summary: 'Support: 6 escalations', lines: [], drivers: [] }, steps: [], success: '' },
    ownerRole: 'cs_leader',
    ownerId: '101',
    priority: 'HIGH',
    window: 'reactive',
    dueDate: '2026-03-09',
    ...changes,
  };
}

describe('the card actions an intervention allows', () => {
  it.each([
    ['recommended', ['accept', 'dismiss']],
    ['holdout', ['accept', 'dismiss']],
    ['failed', ['accept', 'dismiss']],
    ['pending', ['accept']],
    ['open', []],
    ['dismissed', []],
    ['completed', []],
    ['deleted', []],
    ['expired', []],
  ] as const)('lets a %s intervention be asked %j', (status, expected) => {
    expect(allowedActions(stored(status))).toEqual(expected);
    expect(isAllowed(stored(status), 'accept')).toBe(expected.some((action) => action === 'accept'));
    expect(isAllowed(stored(status), 'dismiss')).toBe(expected.some((action) => action === 'dismiss'));
  });

  it('hands out a copy, so a caller cannot change the rule', () => {
    const listed = allowedActions(stored('recommended'));
    listed.pop();
    expect(allowedActions(stored('recommended'))).toEqual(['accept', 'dismiss']);
  });

  it('names the intervention, the refused action and its task in a refusal', () => {
    expect(refusalMessage(stored('open', { crmTaskId: '98765' }), 'dismiss')).toBe(
      'Telltale cannot dismiss "Executive escalation call": its task is already in HubSpot (task 98765); complete or delete the task there instead.',
    );
    expect(refusalMessage(stored('open', { crmTaskId: '98765' }), 'accept')).toBe(
      'Telltale cannot create a task for "Executive escalation call": its task is already in HubSpot (task 98765); there is nothing more to create.',
    );
  });

  it('quotes the dismissal reason when there is one, and leaves out what is unknown', () => {
    expect(refusalMessage(stored('dismissed', { dismissedReason: 'Already handled' }), 'accept')).toBe('Telltale cannot create a task for "Executive escalation call": it was dismissed ("Already handled").');
    expect(refusalMessage(stored('dismissed'), 'accept')).toBe('Telltale cannot create a task for "Executive escalation call": it was dismissed.');
    expect(refusalMessage(stored('deleted'), 'dismiss')).toBe('Telltale cannot dismiss "Executive escalation call": its HubSpot task was deleted.');
  });

  it('never puts the internal intervention id in a refusal', () => {
    const statuses: InterventionStatus[] = ['recommended', 'holdout', 'pending', 'open', 'completed', 'deleted', 'dismissed', 'expired', 'failed'];
    for (const status of statuses) {
      for (const action of ['accept', 'dismiss'] as const) expect(refusalMessage(stored(status), action)).not.toContain('6b1f8e0e');
    }
  });
});
