import { describe, expect, it } from 'vitest';
import { applyInterventions } from '../../../server/src/actions/apply-interventions.js';
import { acceptIntervention, dismissIntervention, InterventionRequestError } from '../../../server/src/actions/intervention-feedback.js';
import { listAccountInterventions } from '../../../server/src/store/interventions.js';
import { DATABASE_KINDS, type DatabaseKind } from '../../support/test-databases.js';
import { newTenant } from '../connector-hubspot/harness.js';
import { actionsSuite, portfolioStates, startScenario, telltaleTasks } from './task-harness.js';

describe.each<DatabaseKind>(DATABASE_KINDS)('accepting and dismissing interventions on %s', (kind) => {
  const suite = actionsSuite(kind);
  const scenario = (name: string, holdoutShare: number) => startScenario(suite, `${kind}-${name}`, 5, holdoutShare);

  const errorOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(InterventionRequestError);
      return error as InterventionRequestError;
    }
    throw new Error('expected the request to fail');
  };

  it('creates the task of an accepted recommendation at once, also for a holdout account', async () => {
    const { server, sandbox, tenant, tasks } = await scenario('accept', 1);
    try {
      const states = portfolioStates(tenant.id, 5, () => ({ band: 'high', drivers: { support: 12 } }));
      await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, states);
      expect(telltaleTasks(sandbox)).toEqual([]);
      const listed = await listAccountInterventions(suite.db, tenant.id, '1003');
      // The top-ranked play carries the withheld escalation; the next one is a recommendation.
      expect(listed.find((i) => i.playId === 'executive_escalation')).toMatchObject({ status: 'holdout', holdout: true, crmTaskId: null });
      const held = listed.find((i) => i.playId === 'technical_support_escalation');
      expect(held).toMatchObject({ status: 'recommended', holdout: true, crmTaskId: null });

      const accepted = await acceptIntervention({ db: suite.db, tenantId: tenant.id, tasks }, held!.id);
      expect(accepted).toMatchObject({ status: 'open', origin: 'accepted', holdout: true });
      expect(accepted.acceptedAt).toBeInstanceOf(Date);
      const written = telltaleTasks(sandbox);
      expect(written.map((w) => [w.task.id, w.key, w.companyIds])).toEqual([[accepted.crmTaskId, held!.id, ['1003']]]);

      // Accepting again is harmless.
      expect((await acceptIntervention({ db: suite.db, tenantId: tenant.id, tasks }, held!.id)).crmTaskId).toBe(accepted.crmTaskId);
      expect(telltaleTasks(sandbox)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('gives a High account one automatic task, for its top-ranked play, and creates another play’s task when it is accepted', async () => {
    const { server, sandbox, tenant, tasks } = await scenario('accept-second', 0);
    try {
      const states = portfolioStates(tenant.id, 5, () => ({ band: 'high', drivers: { support: 12 } }));
      await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, states);
      const byPlay = new Map((await listAccountInterventions(suite.db, tenant.id, '1002')).map((i) => [i.playId, i]));
      expect(byPlay.get('executive_escalation')).toMatchObject({ status: 'open', origin: 'automatic', holdout: false });
      const support = byPlay.get('technical_support_escalation');
      expect(support).toMatchObject({ status: 'recommended', origin: null, crmTaskId: null });
      expect(telltaleTasks(sandbox).filter((w) => w.companyIds.includes('1002')).map((w) => w.key)).toEqual([byPlay.get('executive_escalation')!.id]);

      const accepted = await acceptIntervention({ db: suite.db, tenantId: tenant.id, tasks }, support!.id);
      expect(accepted).toMatchObject({ status: 'open', origin: 'accepted', holdout: false });
      const mine = telltaleTasks(sandbox).filter((w) => w.companyIds.includes('1002'));
      expect(mine.map((w) => w.key).sort()).toEqual([byPlay.get('executive_escalation')!.id, support!.id].sort());
      expect(mine.find((w) => w.key === support!.id)?.task.id).toBe(accepted.crmTaskId);
    } finally {
      await server.close();
    }
  });

  it('records a dismissal with its reason and does not recommend the play again until the account escalates', async () => {
    const { server, sandbox, tenant, tasks } = await scenario('dismiss', 0);
    try {
      const quiet = portfolioStates(tenant.id, 5, () => ({ band: 'low', drivers: { support: 1 }, expansionWindow: 'unlikely' }));
      await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, quiet);
      const monitoring = (await listAccountInterventions(suite.db, tenant.id, '1002')).find((i) => i.playId === 'standard_monitoring');
      expect(monitoring?.status).toBe('recommended');

      const dismissed = await dismissIntervention({ db: suite.db, tenantId: tenant.id }, monitoring!.id, '  Customer asked for quarterly contact only. ');
      expect(dismissed).toMatchObject({ status: 'dismissed', dismissedReason: 'Customer asked for quarterly contact only.' });
      expect(dismissed.dismissedAt).toBeInstanceOf(Date);
      await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, quiet);
      expect((await listAccountInterventions(suite.db, tenant.id, '1002')).map((i) => i.playId)).not.toContain('standard_monitoring');
      expect(telltaleTasks(sandbox)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses what it cannot do with a reason, and changes nothing', async () => {
    const { server, tenant, tasks } = await scenario('refuse', 0);
    const other = await newTenant(suite.db, `${kind}-refuse-other`);
    try {
      await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, portfolioStates(tenant.id, 5, () => ({ band: 'high', drivers: { support: 12 } })));
      const [open] = (await listAccountInterventions(suite.db, tenant.id, '1001')).filter((i) => i.status === 'open');
      expect(open).toBeDefined();

      expect((await errorOf(dismissIntervention({ db: suite.db, tenantId: tenant.id }, open!.id, 'no'))).code).toBe('CONFLICT');
      expect((await errorOf(dismissIntervention({ db: suite.db, tenantId: tenant.id }, open!.id, '   '))).code).toBe('INVALID');
      expect((await errorOf(dismissIntervention({ db: suite.db, tenantId: tenant.id }, open!.id, 'x'.repeat(1001)))).message).toMatch(/1001 characters; at most 1000/);
      expect((await errorOf(dismissIntervention({ db: suite.db, tenantId: other.id }, open!.id, 'not ours'))).code).toBe('NOT_FOUND');
      expect((await errorOf(acceptIntervention({ db: suite.db, tenantId: other.id, tasks }, open!.id))).code).toBe('NOT_FOUND');
      expect((await errorOf(acceptIntervention({ db: suite.db, tenantId: tenant.id, tasks }, 'not-a-uuid'))).code).toBe('NOT_FOUND');

      const after = (await listAccountInterventions(suite.db, tenant.id, '1001')).find((i) => i.id === open!.id);
      expect(after).toMatchObject({ status: 'open', dismissedReason: null, crmTaskId: open!.crmTaskId });
    } finally {
      await server.close();
    }
  });
});
