import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptWithTasks } from '../../../server/src/api/card-intervention-actions.js';
import { acceptInterventionResponseSchema, dismissInterventionResponseSchema, portfolioResponseSchema, scoredInsightsSchema } from '../../../server/src/api/card-schemas.js';
import { applyInterventions } from '../../../server/src/actions/apply-interventions.js';
import type { CrmTaskGateway } from '../../../server/src/actions/crm-task-gateway.js';
import { scoredAccounts } from '../../../server/src/actions/scored-accounts.js';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { getIntervention, listAccountInterventions, setHoldoutShare, type Intervention } from '../../../server/src/store/interventions.js';
import type { Tenant } from '../../../server/src/store/tenants.js';
import { DATABASE_KINDS } from '../../support/test-databases.js';
import { actionsSuite, hubSpotTasks, taskPortal, telltaleTasks } from '../actions/task-harness.js';
import { newTenant, startSandbox } from '../connector-hubspot/harness.js';
import { cardRequest, startCardApp, type CardApp, type CardCall } from './card-routes-harness.js';
import { EXPECTED_PORTFOLIO, SEED_ACCOUNTS, TODAY, seedDeal, seedPortfolio } from './card-routes-portfolio-seed.js';

const PORTAL = '5001';
const OTHER_PORTAL = '5002';
const NOW = Date.parse(`${TODAY}T15:00:00Z`);
const clock = fixedClock(new Date(NOW));

describe.each(DATABASE_KINDS)('card API actions and portfolio on %s', (kind) => {
  const suite = actionsSuite(kind);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let app: CardApp;
  let tenant: Tenant;
  let other: Tenant;
  let tasksRequested = 0;
  let tasks: CrmTaskGateway;
  /** What the app uses as the tenant's HubSpot tasks (a test may swap in a failing one). */
  let gateway: CrmTaskGateway;
  const call = (c: Omit<CardCall, 'portalId'> & { portalId?: string }) => cardRequest(app, { portalId: PORTAL, ...c }, NOW);
  const post = (path: string, body?: unknown, portalId = PORTAL) =>
    call({ method: 'POST', path: `/api/v1/hubspot${path}`, portalId, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const play = async (accountId: string, playId: string, tenantId = tenant.id): Promise<Intervention> => {
    const found = (await listAccountInterventions(suite.db, tenantId, accountId)).find((i) => i.playId === playId);
    if (!found) throw new Error(`no ${playId} for ${accountId}`);
    return found;
  };
  /** The real HubSpot tasks, but creating them as `createTasks` says. */
  const withCreate = (createTasks: CrmTaskGateway['createTasks']): CrmTaskGateway => ({
    batchLimit: tasks.batchLimit,
    createTasks,
    updateTasks: (updates) => tasks.updateTasks(updates),
    readTaskStates: (ids) => tasks.readTaskStates(ids),
    findTasksByKey: (refs) => tasks.findTasksByKey(refs),
  });
  const portfolio = async () => portfolioResponseSchema.parse((await call({ method: 'GET', path: '/api/v1/hubspot/portfolio' })).body);

  beforeAll(async () => {
    sandbox = await startSandbox(taskPortal(6));
    tenant = await newTenant(suite.db, PORTAL);
    other = await newTenant(suite.db, OTHER_PORTAL);
    await setHoldoutShare(suite.db, tenant.id, 0);
    await seedPortfolio(suite.db, tenant.id);
    // The other portal has a company with the same HubSpot id, and no CRM credentials.
    await seedPortfolio(suite.db, other.id, [{ ...SEED_ACCOUNTS[2]!, id: '1001' }]);
    for (const t of [tenant, other]) {
      const report = await applyInterventions({ db: suite.db, tenantId: t.id, clock }, (await scoredAccounts(suite.db, t.id)).map((s) => s.state));
      if (t === tenant) tasksRequested = report.tasksRequested;
    }
    tasks = hubSpotTasks(suite.redis, sandbox.basePath, tenant.id, suite.prefix);
    gateway = tasks;
    app = await startCardApp({
      db: suite.db,
      clock,
      logger: createLogger('silent'),
      tasksFor: async (t) => (t.id === tenant.id ? gateway : undefined),
      enqueueSync: async () => undefined,
      scoreAccountsNow: async () => undefined,
    });
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('answers the portfolio with the numbers of the stored predictions, leaving out archived companies', async () => {
    expect(tasksRequested).toBeGreaterThan(0);
    expect(await portfolio()).toEqual({ ...EXPECTED_PORTFOLIO, interventions: { open: tasksRequested, accepted: 0, dismissed: 0, holdout: 0 } });
  });

  it("answers each portal its own company of the same HubSpot id", async () => {
    const mine = scoredInsightsSchema.parse((await call({ method: 'GET', path: '/api/v1/hubspot/companies/1001/insights' })).body);
    const theirs = scoredInsightsSchema.parse((await call({ method: 'GET', path: '/api/v1/hubspot/companies/1001/insights', portalId: OTHER_PORTAL })).body);
    expect([mine.churn.riskScore, mine.churn.band]).toEqual([86, 'high']);
    expect([theirs.churn.riskScore, theirs.churn.band]).toEqual([20, 'low']);
    expect(theirs.interventions.map((i) => i.id)).not.toContain((await play('1001', 'executive_escalation')).id);
    expect(mine.interventions.find((i) => i.play === 'executive_escalation')).toMatchObject({ status: 'open', taskId: null, priority: 'high', ownerRole: 'Customer success leader' });
  });

  it("creates an accepted recommendation's CRM task at once, and refuses to accept it twice with 409", async () => {
    const monitoring = await play('1003', 'standard_monitoring');
    expect(monitoring.status).toBe('recommended');
    const { status, body } = await post(`/interventions/${monitoring.id}/accept`);
    expect(status).toBe(200);
    const { intervention } = acceptInterventionResponseSchema.parse(body);
    expect(intervention).toMatchObject({ id: monitoring.id, play: 'standard_monitoring', status: 'accepted', dueDate: monitoring.dueDate });
    const written = telltaleTasks(sandbox.sandbox).filter((t) => t.key === monitoring.id);
    expect(written.map((t) => [t.task.id, t.companyIds])).toEqual([[intervention.taskId, ['1003']]]);

    const again = await post(`/interventions/${monitoring.id}/accept`);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(String(intervention.taskId));
    expect(telltaleTasks(sandbox.sandbox).filter((t) => t.key === monitoring.id)).toHaveLength(1);
  });

  it('creates the task of an escalation whose task was still queued', async () => {
    const escalation = await play('1001', 'executive_escalation');
    expect([escalation.status, escalation.crmTaskId]).toEqual(['pending', null]);
    const { status, body } = await post(`/interventions/${escalation.id}/accept`);
    expect(status).toBe(200);
    expect(acceptInterventionResponseSchema.parse(body).intervention).toMatchObject({ status: 'open', taskId: expect.any(String) });
    expect((await getIntervention(suite.db, tenant.id, escalation.id))?.status).toBe('open');
  });

  it('dismisses a recommendation with its reason, answers a second dismissal unchanged, and refuses to accept it', async () => {
    const discovery = await play('1003', 'expansion_discovery');
    const { status, body } = await post(`/interventions/${discovery.id}/dismiss`, { reason: '  Customer is in a budget freeze. ' });
    expect(status).toBe(200);
    expect(dismissInterventionResponseSchema.parse(body).intervention).toMatchObject({ id: discovery.id, status: 'dismissed' });
    expect(await getIntervention(suite.db, tenant.id, discovery.id)).toMatchObject({ status: 'dismissed', dismissedReason: 'Customer is in a budget freeze.' });

    expect((await post(`/interventions/${discovery.id}/dismiss`, { reason: 'again' })).status).toBe(200);
    expect((await getIntervention(suite.db, tenant.id, discovery.id))?.dismissedReason).toBe('Customer is in a budget freeze.');
    expect((await post(`/interventions/${discovery.id}/accept`)).status).toBe(409);
  });

  it.each([
    ['no body', undefined, /reason/],
    ['an empty reason', { reason: '   ' }, /reason: a reason is required/],
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }, /at most 500 characters/],
    ['a reason that is not text', { reason: 42 }, /reason/],
    ['a body that is not JSON', '{reason:', /not JSON/],
  ])('refuses a dismissal with %s with 400 and changes nothing', async (_label, body, message) => {
    const monitoring = await play('1005', 'standard_monitoring');
    const answer = await post(`/interventions/${monitoring.id}/dismiss`, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'bad_request', message: expect.stringMatching(message) });
    expect((await getIntervention(suite.db, tenant.id, monitoring.id))?.status).toBe('recommended');
  });

  it('refuses to dismiss an intervention whose task is open with 409', async () => {
    const open = await play('1001', 'executive_escalation');
    const answer = await post(`/interventions/${open.id}/dismiss`, { reason: 'not needed' });
    expect(answer.status).toBe(409);
    expect((await getIntervention(suite.db, tenant.id, open.id))?.status).toBe('open');
  });

  it("answers 404 for another portal's intervention and an unknown one, and 503 without CRM credentials", async () => {
    const mine = await play('1005', 'standard_monitoring');
    const theirs = await play('1001', 'standard_monitoring', other.id);
    expect((await post(`/interventions/${mine.id}/accept`, undefined, OTHER_PORTAL)).status).toBe(404);
    expect((await post(`/interventions/${mine.id}/dismiss`, { reason: 'not ours' }, OTHER_PORTAL)).status).toBe(404);
    expect((await post(`/interventions/${theirs.id}/accept`)).status).toBe(404);
    expect((await post('/interventions/6b1f8e0e-1111-4222-8333-944455556666/accept')).status).toBe(404);
    expect((await post('/interventions/not-a-uuid/accept')).status).toBe(404);
    const noCredentials = await post(`/interventions/${theirs.id}/accept`, undefined, OTHER_PORTAL);
    expect(noCredentials).toMatchObject({ status: 503, body: { error: 'crm_not_connected' } });
    expect((await getIntervention(suite.db, other.id, theirs.id))?.status).toBe('recommended');
    expect((await getIntervention(suite.db, tenant.id, mine.id))?.status).toBe('recommended');
  });

  it('creates the upsell task from the recommended upsell conversation, and refuses a second one with 409', async () => {
    const upsell = await play('1004', 'upsell_conversation');
    const { status, body } = await post('/companies/1004/upsell-task', {});
    expect(status).toBe(200);
    const { intervention } = acceptInterventionResponseSchema.parse(body);
    expect(intervention).toMatchObject({ id: upsell.id, play: 'upsell_conversation', ownerRole: 'Sales owner', taskId: expect.any(String) });
    expect(telltaleTasks(sandbox.sandbox).filter((t) => t.key === upsell.id).map((t) => t.companyIds)).toEqual([['1004']]);
    expect((await post('/companies/1004/upsell-task', {})).status).toBe(409);
  });

  it('records and accepts an upsell conversation the playbooks did not recommend when a rep asks for it', async () => {
    expect((await listAccountInterventions(suite.db, tenant.id, '1005')).map((i) => i.playId)).not.toContain('upsell_conversation');
    const { status, body } = await post('/companies/1005/upsell-task', { dealId: '777001' });
    expect(status).toBe(200);
    const { intervention } = acceptInterventionResponseSchema.parse(body);
    expect(intervention).toMatchObject({ play: 'upsell_conversation', status: 'accepted', window: 'timely', title: 'Upsell conversation with Company 4 ($0 expected)' });
    expect(intervention.why).toMatch(/^Requested from the expansion card \(Telltale's outlook: expansion not expected, low churn risk\)\./);
    const stored = await getIntervention(suite.db, tenant.id, intervention.id);
    expect(stored).toMatchObject({ origin: 'accepted', ownerId: '101', trigger: { requestedFrom: 'expansion_card', recommendedByPlaybook: false, dealId: '777001', hubspotUserId: '5150' } });
    expect(telltaleTasks(sandbox.sandbox).filter((t) => t.key === intervention.id).map((t) => t.companyIds)).toEqual([['1005']]);
  });

  it("refuses an upsell task for another company's deal, an unknown company, or a malformed deal id, and records nothing", async () => {
    await seedDeal(suite.db, tenant.id, '888001', '1003');
    const before = await listAccountInterventions(suite.db, tenant.id, '1002');
    expect(await post('/companies/1002/upsell-task', { dealId: '888001' })).toMatchObject({ status: 404, body: { message: 'deal 888001 is not a deal of company 1002' } });
    expect((await post('/companies/9999/upsell-task', {})).status).toBe(404);
    expect(await post('/companies/1002/upsell-task', { dealId: 'abc' })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/dealId/) } });
    expect(await listAccountInterventions(suite.db, tenant.id, '1002')).toEqual(before);
  });

  it('answers 502 when HubSpot does not answer, keeps the task queued, and creates it when accepted again', async () => {
    const monitoring = await play('1005', 'standard_monitoring');
    gateway = withCreate(() => Promise.reject(new Error('socket hang up')));
    try {
      expect(await post(`/interventions/${monitoring.id}/accept`)).toMatchObject({ status: 502, body: { error: 'crm_unavailable' } });
    } finally {
      gateway = tasks;
    }
    expect(await getIntervention(suite.db, tenant.id, monitoring.id)).toMatchObject({ status: 'pending', origin: 'accepted', crmTaskId: null });
    const retried = await post(`/interventions/${monitoring.id}/accept`);
    expect(retried.status).toBe(200);
    expect(acceptInterventionResponseSchema.parse(retried.body).intervention).toMatchObject({ status: 'accepted', taskId: expect.any(String) });
    expect(telltaleTasks(sandbox.sandbox).filter((t) => t.key === monitoring.id)).toHaveLength(1);
  });

  it('answers 502 with HubSpot\'s reason when it refuses the task, and lets the card accept it again', async () => {
    const training = await play('1002', 'training_adoption_support');
    // Medium risk at its first evaluation: a recommendation on the card, no task queued.
    expect(training.status).toBe('recommended');
    gateway = withCreate(async (drafts) => ({ created: new Map(), refused: new Map(drafts.map((d) => [d.key, 'Owner 101 is not active'])) }));
    try {
      expect(await post(`/interventions/${training.id}/accept`)).toMatchObject({ status: 502, body: { error: 'task_refused', message: 'HubSpot refused the task: Owner 101 is not active' } });
    } finally {
      gateway = tasks;
    }
    expect((await getIntervention(suite.db, tenant.id, training.id))?.status).toBe('failed');
    const insights = scoredInsightsSchema.parse((await call({ method: 'GET', path: '/api/v1/hubspot/companies/1002/insights' })).body);
    expect(insights.interventions.find((i) => i.id === training.id)).toMatchObject({ status: 'recommended', taskId: null });
    expect(acceptInterventionResponseSchema.parse((await post(`/interventions/${training.id}/accept`)).body).intervention).toMatchObject({ status: 'accepted', taskId: expect.any(String) });
  });

  it('counts the decisions made on the cards in the portfolio', async () => {
    const counts = (await portfolio()).interventions;
    // Asked for by a person, beyond what the playbooks queued: the check-ins of 1003 and 1005, 1005's
    // requested upsell and 1002's training (a Medium-risk recommendation, accepted again after HubSpot
    // refused it). The escalation of 1001 and the upsell of 1004 had their tasks queued by the playbooks
    // already: the cards only sent them sooner.
    expect(counts).toEqual({ open: tasksRequested + 4, accepted: 4, dismissed: 1, holdout: 0 });
  });

  // Every state an intervention can be in: how the card lists it, and what the API answers to each action.
  let stateTarget: Intervention | undefined;
  it.each([
    ['recommended', { listed: 'recommended', allowedActions: ['accept', 'dismiss'], accept: 200, dismiss: 200 }],
    ['holdout', { listed: 'holdout', allowedActions: ['accept', 'dismiss'], accept: 200, dismiss: 200 }],
    ['failed', { listed: 'recommended', allowedActions: ['accept', 'dismiss'], accept: 200, dismiss: 200 }],
    ['pending', { listed: 'accepted', allowedActions: ['accept'], accept: 200, dismiss: 409, says: /asked for and is being created in HubSpot/ }],
    ['open', { listed: 'accepted', allowedActions: [], accept: 409, dismiss: 409, says: /already in HubSpot \(task task-of-the-test\)/ }],
    // Dismissing twice answers the dismissal unchanged; the card no longer lists it.
    ['dismissed', { listed: null, allowedActions: [], accept: 409, dismiss: 200, says: /it was dismissed \("Handled by phone"\)/ }],
    ['completed', { listed: null, allowedActions: [], accept: 409, dismiss: 409, says: /task task-of-the-test\) was completed/ }],
    ['deleted', { listed: null, allowedActions: [], accept: 409, dismiss: 409, says: /task task-of-the-test\) was deleted/ }],
    ['expired', { listed: null, allowedActions: [], accept: 409, dismiss: 409, says: /the latest scores no longer recommend it/ }],
  ] as const)('lists a %s intervention with the actions the API then takes, and refuses the others with 409 saying why', async (status, expected) => {
    // One intervention put in each state in turn (found once: a dismissed one is no longer listed).
    const target = (stateTarget ??= await play('1003', 'standard_monitoring'));
    const taskId = ['open', 'completed', 'deleted'].includes(status) ? 'task-of-the-test' : null;
    const setState = () =>
      suite.db.query(
        `update interventions set status = $2, crm_task_id = $3, origin = 'accepted', dismissed_reason = $4, claim_token = null, claimed_until = null where id = $1`,
        [target.id, status, taskId, status === 'dismissed' ? 'Handled by phone' : null],
      );
    await setState();
    const insights = scoredInsightsSchema.parse((await call({ method: 'GET', path: '/api/v1/hubspot/companies/1003/insights' })).body);
    const listed = insights.interventions.find((i) => i.id === target.id);
    expect(listed ? { status: listed.status, allowedActions: listed.allowedActions } : null).toEqual(expected.listed ? { status: expected.listed, allowedActions: expected.allowedActions } : null);

    for (const action of ['accept', 'dismiss'] as const) {
      await setState();
      const answer = await post(`/interventions/${target.id}/${action}`, action === 'dismiss' ? { reason: 'Not needed' } : undefined);
      expect(answer.status, action).toBe(expected[action]);
      if (expected[action] !== 409) continue;
      const said = `Telltale cannot ${action === 'accept' ? 'create a task for' : 'dismiss'} "${target.title}": `;
      expect(answer.body).toEqual({ error: 'conflict', message: expect.stringContaining(said) });
      expect(String(answer.body.message).indexOf(said)).toBe(0);
      if ('says' in expected) expect(answer.body.message).toMatch(expected.says);
      expect((await getIntervention(suite.db, tenant.id, target.id))?.status).toBe(status);
    }
  });

  it('says where an intervention stands when it moved on between the check and the write', async () => {
    const target = stateTarget!;
    await suite.db.query(`update interventions set status = 'dismissed', dismissed_reason = 'Moved on' where id = $1`, [target.id]);
    // Past the route's check, as when another user's dismissal lands first: the write itself is refused.
    const refused = await acceptWithTasks({ db: suite.db, tenant, tasksFor: async () => gateway, logger: createLogger('silent') }, target.id, gateway).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 409, code: 'conflict', message: `Telltale cannot create a task for "${target.title}": it was dismissed ("Moved on").` });
    expect(telltaleTasks(sandbox.sandbox).filter((t) => t.key === target.id)).toHaveLength(1);
  });
});
