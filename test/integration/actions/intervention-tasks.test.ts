import { describe, expect, it } from 'vitest';
import { applyInterventions } from '../../../server/src/actions/apply-interventions.js';
import { isInHoldout } from '../../../server/src/actions/holdout.js';
import { setHoldoutShare } from '../../../server/src/store/interventions.js';
import { DATABASE_KINDS, type DatabaseKind } from '../../support/test-databases.js';
import { actionsSuite, FIRST_EVALUATION_TASKS, interventionRows, portfolioKind, portfolioStates, startScenario, telltaleTasks } from './task-harness.js';

const COMPANIES = 300;

describe.each<DatabaseKind>(DATABASE_KINDS)('intervention tasks in HubSpot on %s', (kind) => {
  const suite = actionsSuite(kind);

  async function scenario(name: string, companies = COMPANIES) {
    const started = await startScenario(suite, `${kind}-${name}`, companies);
    const run = (states: Parameters<typeof applyInterventions>[1]) => applyInterventions({ db: suite.db, tenantId: started.tenant.id, tasks: started.tasks }, states);
    return { ...started, run };
  }

  it('creates one task per escalated account and trigger kind outside the holdout, in batches of 100, and none on an unchanged second cycle', async () => {
    const { server, sandbox, tenant, run } = await scenario('escalation');
    try {
      await setHoldoutShare(suite.db, tenant.id, 0.2);
      const states = portfolioStates(tenant.id, COMPANIES);
      const first = await run(states);
      const created = first.tasks?.created ?? 0;
      const written = telltaleTasks(sandbox);
      expect(created).toBeGreaterThan(100);
      expect(written).toHaveLength(created);
      expect(sandbox.stats().requests['POST /crm/v3/objects/{objectType}/batch/create']).toBe(Math.ceil(created / 100));

      const rows = await interventionRows(suite.db, tenant.id);
      const open = rows.filter((r) => r.status === 'open');
      // One task per open intervention and the other way round: no duplicates, nothing untracked.
      expect(new Set(written.map((w) => w.task.id))).toEqual(new Set(open.map((r) => r.crm_task_id)));
      expect(new Set(open.map((r) => `${r.account_id}/${r.play_id}`)).size).toBe(open.length);

      // One task per escalated trigger kind, for its top-ranked play; a first evaluation escalates only High risk and a 30-day expansion.
      for (const state of states) {
        const held = isInHoldout(tenant.id, state.accountId, 0.2);
        const mine = written.filter((w) => w.companyIds.includes(state.accountId));
        const tasked = open.filter((r) => r.account_id === state.accountId).map((r) => r.play_id);
        expect(tasked, `account ${state.accountId}`).toEqual(held ? [] : FIRST_EVALUATION_TASKS[portfolioKind(Number(state.accountId) - 1001)]);
        expect(mine).toHaveLength(tasked.length);
        expect(mine.every((w) => w.companyIds.length === 1 && w.task.properties.hubspot_owner_id === state.ownerId)).toBe(true);
        if (state.churn.band === 'high' && !held) {
          expect(mine[0]?.task.properties).toMatchObject({ hs_task_priority: 'HIGH', hs_task_status: 'NOT_STARTED', hs_task_type: 'TODO', hs_timestamp: '2025-07-03T12:00:00.000Z' });
          expect(mine[0]?.task.properties.hs_task_body).toContain('Churn risk 86/100 (high), renewal in 200 days.');
        }
      }
      const support = written.filter((w) => portfolioKind(Number(w.companyIds[0]) - 1001) === 'high_support');
      expect(support.length).toBeGreaterThan(0);
      expect(support[0]?.task.properties.hs_task_body).toContain('Support raises churn risk by +16.0 pts: 5 escalated tickets in 30 days. Back to typical: -12.8 pts.');
      // The High accounts' other plays stay recommendations a person can accept.
      const high = new Set(states.filter((s) => s.churn.band === 'high').map((s) => s.accountId));
      const otherHighPlays = rows.filter((r) => high.has(r.account_id) && r.play_id !== 'executive_escalation');
      expect(otherHighPlays.length).toBeGreaterThan(0);
      expect(new Set(otherHighPlays.map((r) => r.status))).toEqual(new Set(['recommended']));
      const heldHigh = [...high].filter((id) => isInHoldout(tenant.id, id, 0.2));
      expect(heldHigh.length).toBeGreaterThan(0);
      expect(rows.filter((r) => heldHigh.includes(r.account_id) && r.play_id === 'executive_escalation').map((r) => r.status)).toEqual(heldHigh.map(() => 'holdout'));
      expect(first.suppressedByHoldout).toBeGreaterThan(0);

      sandbox.resetStats();
      const second = await run(states);
      expect(second).toMatchObject({ escalatedAccounts: 0, tasksRequested: 0, inserted: 0, refreshed: 0, expired: 0, tasks: { created: 0, updated: 0, reconciled: 0, replaced: 0, failed: 0 } });
      expect(sandbox.stats().total).toBe(0);
      expect(telltaleTasks(sandbox)).toHaveLength(created);
    } finally {
      await server.close();
    }
  });

  it('applies the playbook default of a 10% holdout when the tenant sets none', async () => {
    const { server, sandbox, tenant, run } = await scenario('default-holdout', 60);
    try {
      const states = portfolioStates(tenant.id, 60, () => ({ band: 'high', drivers: { support: 12 } }));
      const report = await run(states);
      const held = states.filter((s) => isInHoldout(tenant.id, s.accountId, 0.1)).map((s) => s.accountId);
      expect(report).toMatchObject({ holdoutShare: 0.1, holdoutAccounts: held.length });
      const withTasks = new Set(telltaleTasks(sandbox).flatMap((w) => w.companyIds));
      expect(withTasks.size).toBe(60 - held.length);
      expect(held.some((id) => withTasks.has(id))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('updates the open task instead of creating a second one when the account escalates again', async () => {
    const { server, sandbox, tenant, run } = await scenario('update', 5);
    try {
      await setHoldoutShare(suite.db, tenant.id, 0);
      const reactive = portfolioStates(tenant.id, 5, () => ({ band: 'high', daysToRenewal: 200, drivers: { support: 12 } }));
      await run(reactive);
      const before = telltaleTasks(sandbox);
      sandbox.resetStats();
      const emergency = portfolioStates(tenant.id, 5, () => ({ band: 'high', daysToRenewal: 60, drivers: { support: 14 } }));
      const report = await run(emergency);
      expect(report.tasks).toMatchObject({ created: 0, updated: before.length, replaced: 0 });
      expect(sandbox.stats().requests['POST /crm/v3/objects/{objectType}/batch/update']).toBe(1);
      const after = telltaleTasks(sandbox);
      expect(after.map((w) => w.task.id)).toEqual(before.map((w) => w.task.id));
      expect(after.every((w) => w.task.properties.hs_timestamp === '2025-07-02T12:00:00.000Z')).toBe(true);
      expect(after.every((w) => w.task.properties.hs_task_body?.includes('+14.0 pts'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('replaces a task completed in HubSpot with a new one when the account escalates again', async () => {
    const { server, sandbox, tenant, run } = await scenario('completed', 1);
    try {
      await setHoldoutShare(suite.db, tenant.id, 0);
      const high = (days: number) => portfolioStates(tenant.id, 1, () => ({ band: 'high', daysToRenewal: days, drivers: { support: 12 } }));
      await run(high(200));
      const first = telltaleTasks(sandbox);
      for (const w of first) sandbox.store.updateRecord('tasks', w.task.id, { hs_task_status: 'COMPLETED' });
      const report = await run(high(60));
      expect(report.tasks).toMatchObject({ replaced: first.length, created: first.length, updated: 0 });
      const rows = await interventionRows(suite.db, tenant.id);
      expect(rows.filter((r) => r.status === 'completed').map((r) => r.crm_task_id).sort()).toEqual(first.map((w) => w.task.id).sort());
      expect(rows.filter((r) => r.status === 'open')).toHaveLength(first.length);
      expect(telltaleTasks(sandbox)).toHaveLength(2 * first.length);
    } finally {
      await server.close();
    }
  });

  it('creates tasks only for accounts whose state escalated', async () => {
    const { server, sandbox, tenant, run } = await scenario('selective', 10);
    try {
      await setHoldoutShare(suite.db, tenant.id, 0);
      const quiet = { band: 'low' as const, drivers: { support: 1 }, expansionWindow: 'unlikely' as const };
      const calm = portfolioStates(tenant.id, 10, () => quiet);
      expect((await run(calm)).tasks?.created).toBe(0);
      const oneWorse = portfolioStates(tenant.id, 10, (i) => (i === 3 ? { ...quiet, band: 'medium', drivers: { stakeholder_engagement: 7 } } : quiet));
      const report = await run(oneWorse);
      expect(report.escalatedAccounts).toBe(1);
      expect(new Set(telltaleTasks(sandbox).flatMap((w) => w.companyIds))).toEqual(new Set(['1004']));
      // Back down, then up again: the open tasks are updated, not duplicated.
      await run(calm);
      const again = await run(oneWorse);
      expect(again.tasks).toMatchObject({ created: 0, updated: report.tasks?.created });
      expect(telltaleTasks(sandbox)).toHaveLength(report.tasks?.created ?? -1);
    } finally {
      await server.close();
    }
  });
});
