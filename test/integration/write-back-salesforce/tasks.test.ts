import { describe, expect, it } from 'vitest';
import type { AccountState } from '../../../server/src/actions/account-state.js';
import { applyInterventions } from '../../../server/src/actions/apply-interventions.js';
import { isInHoldout } from '../../../server/src/actions/holdout.js';
import { syncInterventionTasks } from '../../../server/src/actions/sync-intervention-tasks.js';
import { SalesforceTasks, TASK_KEY_FIELD } from '../../../server/src/connectors/salesforce/tasks.js';
import type { OrgRecord } from '../../../server/src/sandbox/salesforce/org-data.js';
import { setHoldoutShare } from '../../../server/src/store/interventions.js';
import { DATABASE_KINDS, type DatabaseKind } from '../../support/test-databases.js';
import { actionsSuite, FIRST_EVALUATION_TASKS, gatewayWithCreate, portfolioKind, portfolioStates } from '../actions/task-harness.js';
import { collectionCreatesServed, idAt, newSalesforceTenant, orgApi, startOrg, type RunningOrg } from './harness.js';

const PRIORITY = { HIGH: 'High', MEDIUM: 'Normal', LOW: 'Low' } as const;

/** The HubSpot suite's portfolio of account kinds, on the org's Accounts and their owners. */
function orgStates(org: RunningOrg, tenantId: string, count: number, change?: Parameters<typeof portfolioStates>[2]): AccountState[] {
  return portfolioStates(tenantId, count, change).map((state, i) => {
    const accountId = idAt(org.accountIds, i);
    return { ...state, accountId, ownerId: org.ownerOf.get(accountId) ?? null };
  });
}

/** The live Tasks Telltale created in the org (they carry an intervention key). */
function telltaleTasks(org: RunningOrg): OrgRecord[] {
  return org.sandbox.org.all('Task').filter((task) => task.IsDeleted !== true && typeof task[TASK_KEY_FIELD] === 'string');
}

describe.each<DatabaseKind>(DATABASE_KINDS)('intervention tasks in Salesforce on %s', (kind) => {
  const suite = actionsSuite(kind);

  async function scenario(name: string, accounts: number, options: Parameters<typeof startOrg>[1] = {}) {
    const org = await startOrg(accounts, options);
    const tenantId = await newSalesforceTenant(suite.db, `${kind}-${name}`);
    const tasks = new SalesforceTasks(orgApi(org, { tenantId, redis: suite.redis, prefix: suite.prefix }), { lockedRows: { delayMs: 5 } });
    const interventions = async () => {
      const { rows } = await suite.db.query<{ id: string; account_id: string; play_id: string; status: string; crm_task_id: string | null; title: string; priority: 'HIGH' | 'MEDIUM' | 'LOW'; due_date: string; owner_id: string | null }>(
        `select id::text as id, account_id, play_id, status, crm_task_id, title, priority, due_date::text as due_date, owner_id
         from interventions where tenant_id = $1 order by account_id, play_id, created_at`,
        [tenantId],
      );
      return rows;
    };
    /** Every open intervention has its own Task, and every open Telltale Task belongs to one open intervention. */
    const expectOneTaskPerIntervention = async (expected: number) => {
      const written = telltaleTasks(org).filter((t) => t.IsClosed !== true);
      const open = (await interventions()).filter((r) => r.status === 'open');
      expect(written).toHaveLength(expected);
      expect(open).toHaveLength(expected);
      expect(new Set(written.map((t) => t[TASK_KEY_FIELD]))).toEqual(new Set(open.map((r) => r.id)));
      expect(new Set(written.map((t) => t.Id))).toEqual(new Set(open.map((r) => r.crm_task_id)));
    };
    return { org, tenantId, tasks, interventions, expectOneTaskPerIntervention };
  }

  it('creates one Task per escalated account and trigger kind outside the holdout, in collections of at most 200, and none on an unchanged second cycle', async () => {
    // A first evaluation gives three accounts in five one task each (FIRST_EVALUATION_TASKS): about 240 outside a 20% holdout.
    const { org, tenantId, tasks, interventions, expectOneTaskPerIntervention } = await scenario('escalation', 500);
    try {
      await setHoldoutShare(suite.db, tenantId, 0.2);
      const states = orgStates(org, tenantId, 500);
      const first = await applyInterventions({ db: suite.db, tenantId, tasks }, states);
      const created = first.tasks?.created ?? 0;
      expect(created).toBeGreaterThan(200);
      expect(collectionCreatesServed(org)).toBe(Math.ceil(created / 200));
      expect(org.creates.every((c) => c.allOrNone === false && c.records.every((r) => r.attributes.type === 'Task'))).toBe(true);
      await expectOneTaskPerIntervention(created);

      const rows = await interventions();
      const open = rows.filter((r) => r.status === 'open');
      expect(new Set(open.map((r) => `${r.account_id}/${r.play_id}`)).size).toBe(open.length);
      const taskOf = new Map(telltaleTasks(org).map((t) => [t.Id, t]));
      for (const row of open) {
        expect(taskOf.get(row.crm_task_id ?? '')).toMatchObject({
          WhatId: row.account_id,
          OwnerId: org.ownerOf.get(row.account_id),
          Subject: row.title,
          ActivityDate: row.due_date,
          Priority: PRIORITY[row.priority],
          Status: 'Not Started',
          IsClosed: false,
          [TASK_KEY_FIELD]: row.id,
        });
      }
      const kindOf = new Map(states.map((state, i) => [state.accountId, portfolioKind(i)]));
      const support = telltaleTasks(org).find((t) => kindOf.get(String(t.WhatId)) === 'high_support');
      expect(String(support?.Subject)).toMatch(/^Executive escalation: /);
      expect(String(support?.Description).split('\n')).toContain('Support raises churn risk by +16.0 pts: 5 escalated tickets in 30 days. Back to typical: -12.8 pts.');

      for (const [i, state] of states.entries()) {
        const tasked = open.filter((r) => r.account_id === state.accountId).map((r) => r.play_id);
        expect(tasked, `account ${state.accountId}`).toEqual(isInHoldout(tenantId, state.accountId, 0.2) ? [] : FIRST_EVALUATION_TASKS[portfolioKind(i)]);
      }
      // The High accounts' other plays stay recommendations a person can accept.
      const high = new Set(states.filter((s) => s.churn.band === 'high').map((s) => s.accountId));
      const otherHighPlays = rows.filter((r) => high.has(r.account_id) && r.play_id !== 'executive_escalation');
      expect(otherHighPlays.length).toBeGreaterThan(0);
      expect(new Set(otherHighPlays.map((r) => r.status))).toEqual(new Set(['recommended']));
      expect(first.suppressedByHoldout).toBeGreaterThan(0);

      org.sandbox.resetStats();
      const second = await applyInterventions({ db: suite.db, tenantId, tasks }, states);
      expect(second).toMatchObject({ escalatedAccounts: 0, tasksRequested: 0, tasks: { created: 0, updated: 0, reconciled: 0, replaced: 0, failed: 0 } });
      expect(org.sandbox.stats().total).toBe(0);
      expect(telltaleTasks(org)).toHaveLength(created);
    } finally {
      await org.close();
    }
  });

  it('creates no second Task when the process fails between the create and recording it', async () => {
    const { org, tenantId, tasks, interventions, expectOneTaskPerIntervention } = await scenario('crash', 20);
    try {
      await setHoldoutShare(suite.db, tenantId, 0);
      const states = orgStates(org, tenantId, 20);
      const crashing = gatewayWithCreate(tasks, () => Promise.reject(new Error('worker lost before recording')));
      await expect(applyInterventions({ db: suite.db, tenantId, tasks: crashing }, states)).rejects.toThrow(/worker lost before recording/);
      const created = telltaleTasks(org).length;
      expect(created).toBeGreaterThan(0);
      expect((await interventions()).filter((r) => r.status === 'pending')).toHaveLength(created);

      const recovered = await syncInterventionTasks({ db: suite.db, tenantId, tasks });
      expect(recovered).toMatchObject({ reconciled: created, created: 0 });
      await expectOneTaskPerIntervention(created);
      expect((await applyInterventions({ db: suite.db, tenantId, tasks }, states)).tasks).toMatchObject({ created: 0, reconciled: 0 });
      expect(org.sandbox.stats().tasksCreated).toBe(created);
      await expectOneTaskPerIntervention(created);
    } finally {
      await org.close();
    }
  });

  it('looks the keys up instead of creating the Tasks again when a create answer is lost after Salesforce made them', async () => {
    const { org, tenantId, tasks, expectOneTaskPerIntervention } = await scenario('lost-answer', 20, { loseCreateAnswers: 1 });
    try {
      await setHoldoutShare(suite.db, tenantId, 0);
      const report = await applyInterventions({ db: suite.db, tenantId, tasks }, orgStates(org, tenantId, 20));
      const created = report.tasks?.created ?? 0;
      expect(created).toBeGreaterThan(0);
      expect(collectionCreatesServed(org)).toBe(1);
      expect(org.sandbox.stats().tasksCreated).toBe(created);
      expect(org.sandbox.stats().byStatus['502']).toBe(1);
      await expectOneTaskPerIntervention(created);
    } finally {
      await org.close();
    }
  });

  it('updates open Tasks when their accounts escalate again, through a locked row, and replaces one completed in Salesforce', async () => {
    const { org, tenantId, tasks, interventions, expectOneTaskPerIntervention } = await scenario('update', 5);
    try {
      await setHoldoutShare(suite.db, tenantId, 0);
      const high = (days: number, support: number) => orgStates(org, tenantId, 5, () => ({ band: 'high', daysToRenewal: days, drivers: { support } }));
      await applyInterventions({ db: suite.db, tenantId, tasks }, high(200, 12));
      const before = telltaleTasks(org).map((t) => ({ ...t }));
      const [completed, locked] = before as [OrgRecord, OrgRecord];
      org.sandbox.org.update('Task', completed.Id, { Status: 'Completed' });
      org.sandbox.injectFaults({ recordErrors: [{ id: locked.Id, statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }] });
      org.sandbox.resetStats();

      const report = await applyInterventions({ db: suite.db, tenantId, tasks }, high(60, 14));
      expect(report.tasks).toMatchObject({ updated: before.length - 1, replaced: 1, created: 1 });
      expect(org.sandbox.stats().requests['PATCH /services/data/vXX.X/composite/sobjects']).toBe(2);
      const after = new Map(telltaleTasks(org).map((t) => [t.Id, t]));
      for (const task of before.filter((t) => t.Id !== completed.Id)) {
        expect(after.get(task.Id)).toMatchObject({ ActivityDate: '2025-07-02', Status: 'Not Started' });
        expect(String(after.get(task.Id)?.Description)).toContain('+14.0 pts');
      }
      expect(org.sandbox.org.get('Task', completed.Id)).toMatchObject({ IsClosed: true, Description: completed.Description });
      const rows = await interventions();
      expect(rows.filter((r) => r.status === 'completed').map((r) => r.crm_task_id)).toEqual([completed.Id]);
      await expectOneTaskPerIntervention(before.length);
    } finally {
      await org.close();
    }
  });

  it('records a Task Salesforce refuses (its Account deleted) as failed and creates the rest of its collection', async () => {
    const { org, tenantId, tasks, interventions, expectOneTaskPerIntervention } = await scenario('refused', 20);
    try {
      await setHoldoutShare(suite.db, tenantId, 0);
      const states = orgStates(org, tenantId, 20);
      const gone = idAt(org.accountIds, 0);
      org.sandbox.org.delete('Account', gone);
      const report = await applyInterventions({ db: suite.db, tenantId, tasks }, states);
      const failed = (await interventions()).filter((r) => r.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((r) => r.account_id === gone)).toBe(true);
      expect(report.tasks?.failed).toBe(failed.length);
      expect(collectionCreatesServed(org)).toBe(1);
      await expectOneTaskPerIntervention(report.tasks?.created ?? -1);
      const { rows } = await suite.db.query<{ last_error: string }>(`select last_error from interventions where tenant_id = $1 and status = 'failed'`, [tenantId]);
      expect(rows[0]?.last_error).toBe('ENTITY_IS_DELETED: entity is deleted (fields: WhatId)');
    } finally {
      await org.close();
    }
  });
});
