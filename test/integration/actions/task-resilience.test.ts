import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { applyInterventions } from '../../../server/src/actions/apply-interventions.js';
import { syncInterventionTasks } from '../../../server/src/actions/sync-intervention-tasks.js';
import { DATABASE_KINDS, type DatabaseKind } from '../../support/test-databases.js';
import { SANDBOX_TOKEN } from '../connector-hubspot/harness.js';
import { actionsSuite, gatewayWithCreate, hubSpotTasks, interventionRows, portfolioStates, startScenario, telltaleTasks } from './task-harness.js';

const COMPANIES = 20;

/**
 * A proxy in front of the sandbox that lets the first `count` task batch creates reach HubSpot and
 * then answers them 502, as a gateway that lost the answer would: the tasks exist, the caller does not know.
 */
async function lossyProxy(target: string, count: number): Promise<{ basePath: string; dropped: () => number; close: () => Promise<void> }> {
  let dropped = 0;
  const app = express();
  app.use(express.raw({ type: '*/*', limit: '20mb' }));
  app.use(async (req, res) => {
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, 'content-type': req.get('content-type') ?? 'application/json' },
      ...(req.method === 'GET' ? {} : { body: new Uint8Array(req.body as Buffer) }),
    });
    const body = await upstream.text();
    if (req.method === 'POST' && req.path.endsWith('/tasks/batch/create') && dropped < count) {
      dropped++;
      res.status(502).type('text/html').send('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    res.status(upstream.status).type(upstream.headers.get('content-type') ?? 'application/json').send(body);
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    basePath: `http://127.0.0.1:${port}`,
    dropped: () => dropped,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

describe.each<DatabaseKind>(DATABASE_KINDS)('intervention task resilience on %s', (kind) => {
  const suite = actionsSuite(kind);

  async function scenario(name: string) {
    const started = await startScenario(suite, `${kind}-${name}`, COMPANIES, 0);
    return { ...started, states: portfolioStates(started.tenant.id, COMPANIES) };
  }

  /** Every open intervention has its own task, and every Telltale task belongs to one open intervention. */
  async function expectOneTaskPerIntervention(tenantId: string, sandbox: Awaited<ReturnType<typeof scenario>>['sandbox'], expected: number) {
    const written = telltaleTasks(sandbox);
    const open = (await interventionRows(suite.db, tenantId)).filter((r) => r.status === 'open');
    expect(written).toHaveLength(expected);
    expect(open).toHaveLength(expected);
    expect(new Set(written.map((w) => w.key))).toEqual(new Set(open.map((r) => r.id)));
    expect(new Set(written.map((w) => w.task.id))).toEqual(new Set(open.map((r) => r.crm_task_id)));
  }

  it('does not duplicate tasks when the process fails between the CRM create and recording it', async () => {
    const { server, sandbox, tenant, states, tasks } = await scenario('crash');
    try {
      const crashing = gatewayWithCreate(tasks, () => Promise.reject(new Error('worker lost before recording')));
      await expect(applyInterventions({ db: suite.db, tenantId: tenant.id, tasks: crashing }, states)).rejects.toThrow(/worker lost before recording/);
      const created = telltaleTasks(sandbox).length;
      expect(created).toBeGreaterThan(0);
      expect((await interventionRows(suite.db, tenant.id)).filter((r) => r.status === 'pending')).toHaveLength(created);

      const recovered = await syncInterventionTasks({ db: suite.db, tenantId: tenant.id, tasks });
      expect(recovered).toMatchObject({ reconciled: created, created: 0 });
      await expectOneTaskPerIntervention(tenant.id, sandbox, created);
      // The retried job (same states) changes nothing.
      expect((await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, states)).tasks).toMatchObject({ created: 0, reconciled: 0 });
      await expectOneTaskPerIntervention(tenant.id, sandbox, created);
    } finally {
      await server.close();
    }
  });

  it('leaves a killed worker’s claimed batch alone until its lease expires, then finds its tasks', async () => {
    const { server, sandbox, tenant, states, tasks } = await scenario('killed');
    try {
      // The worker sends the batch and then never returns (killed): its claim stays in the store.
      const hanging = gatewayWithCreate(tasks, () => new Promise<never>(() => undefined));
      void applyInterventions({ db: suite.db, tenantId: tenant.id, tasks: hanging, leaseSeconds: 600 }, states);
      await expect.poll(() => telltaleTasks(sandbox).length, { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await interventionRows(suite.db, tenant.id)).filter((r) => r.status === 'pending').length).toBeGreaterThan(0);
      const created = telltaleTasks(sandbox).length;

      const meanwhile = await syncInterventionTasks({ db: suite.db, tenantId: tenant.id, tasks });
      expect(meanwhile).toEqual({ created: 0, reconciled: 0, updated: 0, replaced: 0, failed: 0 });
      expect(telltaleTasks(sandbox)).toHaveLength(created);

      await suite.db.query(`update interventions set claimed_until = now() - interval '1 second' where tenant_id = $1 and claim_token is not null`, [tenant.id]);
      const takeover = await syncInterventionTasks({ db: suite.db, tenantId: tenant.id, tasks });
      expect(takeover).toMatchObject({ reconciled: created, created: 0 });
      await expectOneTaskPerIntervention(tenant.id, sandbox, created);
    } finally {
      await server.close();
    }
  });

  it('looks tasks up instead of sending them again when a create answer is lost (502 after HubSpot made them)', async () => {
    const { server, sandbox, tenant, states } = await scenario('lost-answer');
    const proxy = await lossyProxy(server.basePath, 1);
    try {
      const tasks = hubSpotTasks(suite.redis, proxy.basePath, tenant.id, suite.prefix);
      const report = await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, states);
      expect(proxy.dropped()).toBe(1);
      const created = report.tasks?.created ?? 0;
      expect(created).toBeGreaterThan(0);
      expect(sandbox.stats().requests['POST /crm/v3/objects/{objectType}/batch/create']).toBe(1);
      await expectOneTaskPerIntervention(tenant.id, sandbox, created);
    } finally {
      await proxy.close();
      await server.close();
    }
  });

  it('rides out a 429 storm and 5xx answers with every task created once', async () => {
    const { server, sandbox, tenant, states, tasks } = await scenario('storm');
    try {
      sandbox.injectFaults({ status: 429, count: 5, route: '/tasks/batch/create' });
      sandbox.injectFaults({ status: 503, count: 2, route: '/tasks/batch/create' });
      sandbox.injectFaults({ status: 429, count: 3, route: '/crm/v4/associations' });
      const report = await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, states);
      expect(sandbox.stats().faults).toBe(10);
      const created = report.tasks?.created ?? 0;
      expect(created).toBeGreaterThan(0);
      await expectOneTaskPerIntervention(tenant.id, sandbox, created);

      // An escalation of the accounts that have tasks, under a storm on updates: their tasks updated, none created.
      sandbox.injectFaults({ status: 429, count: 4, route: '/tasks/batch' });
      const closer = states.map((s) => (s.churn.band === 'high' ? { ...s, daysToRenewal: 30 } : s));
      const second = await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, closer);
      expect(second.tasks).toMatchObject({ created: 0, replaced: 0 });
      expect(second.tasks?.updated).toBeGreaterThan(0);
      await expectOneTaskPerIntervention(tenant.id, sandbox, created);
    } finally {
      await server.close();
    }
  });

  it('records a task HubSpot refuses as failed and still creates the rest of its batch', async () => {
    const { server, sandbox, tenant, states, tasks } = await scenario('refused');
    try {
      // A company HubSpot does not have: its task's association is invalid, which fails the whole batch.
      const ghost = { ...states[0]!, accountId: '999999', accountName: 'Gone' };
      const report = await applyInterventions({ db: suite.db, tenantId: tenant.id, tasks }, [...states, ghost]);
      const rows = await interventionRows(suite.db, tenant.id);
      const failed = rows.filter((r) => r.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((r) => r.account_id === '999999')).toBe(true);
      expect(report.tasks?.failed).toBe(failed.length);
      await expectOneTaskPerIntervention(tenant.id, sandbox, report.tasks?.created ?? -1);
      const { rows: errors } = await suite.db.query<{ last_error: string }>(`select last_error from interventions where tenant_id = $1 and status = 'failed'`, [tenant.id]);
      expect(errors[0]?.last_error).toMatch(/rejected the request \(400\).*Invalid association/);
    } finally {
      await server.close();
    }
  });
});
