import { describe, expect, it } from 'vitest';
import { contentOf } from '../../../server/src/actions/plan-interventions.js';
import { loadPlaybook } from '../../../server/src/actions/playbook-manifest.js';
import { recommendInterventions } from '../../../server/src/actions/recommend.js';
import { taskDraftOf } from '../../../server/src/actions/task-content.js';
import { taskKeyOf, taskProperties } from '../../../server/src/connectors/hubspot/tasks.js';
import type { Intervention } from '../../../server/src/store/interventions.js';
import { accountState } from './account-states.js';

const state = accountState({ band: 'high', daysToRenewal: 150, drivers: { support: 18 }, driverText: { support: '4 escalated tickets in 30 days' } });
const rec = recommendInterventions(state, loadPlaybook()).find((r) => r.playId === 'technical_support_escalation');
if (!rec) throw new Error('fixture: support escalation not recommended');
const intervention = {
  ...contentOf(rec, state),
  id: '3f1c1a52-8d0e-4c55-9a61-2b8a1e0f4c11',
  accountId: state.accountId,
} as Intervention;

describe('task content', () => {
  it('puts the why with the drivers in points, the steps and the success criterion in the body', () => {
    const draft = taskDraftOf(intervention);
    expect(draft).toMatchObject({ key: intervention.id, companyId: '1001', ownerId: '101', subject: 'Technical support escalation for Acme', priority: 'HIGH', dueDate: '2025-07-02' });
    expect(draft.bodyLines).toEqual([
      'Churn risk 86/100 (high), renewal in 150 days.',
      'Support raises churn risk by +18.0 pts: 4 escalated tickets in 30 days. Back to typical: -14.4 pts.',
      'ARR at stake: $48,000.',
      'For: Support lead. Intervention window: reactive (risk has materialised; act now).',
      'Steps:',
      '1. Review open, escalated and reopened tickets with the support lead.',
      '2. Assign a named engineer and share a fix plan with dates.',
      '3. Follow up on satisfaction once the issues are closed.',
      'Success: health score up 15 points within 30 days (from 14 to 29).',
    ]);
  });

  it('writes HubSpot task properties with escaped paragraphs, a noon-UTC due time and a findable reference', () => {
    const properties = taskProperties({ ...taskDraftOf(intervention), bodyLines: ['Risk <high> & rising'] });
    expect(properties).toEqual({
      hs_task_subject: 'Technical support escalation for Acme',
      hs_task_body: `<p>Risk &lt;high&gt; &amp; rising</p><p>Telltale reference: telltale-ref:${intervention.id}</p>`,
      hs_timestamp: '2025-07-02T12:00:00.000Z',
      hs_task_priority: 'HIGH',
    });
    expect(taskKeyOf(properties.hs_task_body)).toBe(intervention.id);
    expect(taskKeyOf('<p>Call the customer</p>')).toBeUndefined();
    expect(taskKeyOf(null)).toBeUndefined();
  });
});
