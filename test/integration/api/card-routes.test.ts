import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoredInsightsSchema, unscoredInsightsSchema } from '../../../server/src/api/card-schemas.js';
import { applyInterventions } from '../../../server/src/actions/apply-interventions.js';
import { isInHoldout } from '../../../server/src/actions/holdout.js';
import { scoredAccounts } from '../../../server/src/actions/scored-accounts.js';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { createScoreJob } from '../../../server/src/jobs/score-job.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { ModelRegistry } from '../../../server/src/scoring/model-registry.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import { accountScoring } from '../../../server/src/store/account-scoring.js';
import { listAccountInterventions } from '../../../server/src/store/interventions.js';
import { latestAccountPrediction } from '../../../server/src/store/predictions.js';
import { finishSyncRun, startSyncRun } from '../../../server/src/store/sync-state.js';
import { ensureTenant, setTenantStatus } from '../../../server/src/store/tenants.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';
import { insertRows } from '../features/small-tenant.js';
import { TENANT_ID, scoreAt, smallTenantDatabase } from '../scoring/tenant-scoring.js';
import { CARD_SECRET, cardRequest, hubspotQuery, startCardApp, type CardApp, type CardCall } from './card-routes-harness.js';

/** The small tenant is HubSpot portal 777; portal 888 is another tenant, connected but never synced. */
const PORTAL = '777';
const OTHER_PORTAL = '888';
/** A tenant whose sync is paused (e.g. access revoked): its cards get nothing. */
const PAUSED_PORTAL = '666';
const NOW = Date.parse('2024-07-01T18:00:00Z');
const insightsPath = (id: string) => `/api/v1/hubspot/companies/${id}/insights`;

describe.each(DATABASE_KINDS)('card API insights on %s', (kind) => {
  let test: TestDatabase;
  let pool: OnnxPool;
  let app: CardApp;
  const syncsQueued: string[] = [];
  const scoredNow: Array<[string, string[]]> = [];
  const call = (c: Omit<CardCall, 'portalId'> & { portalId?: string | null }) => cardRequest(app, { portalId: PORTAL, ...c }, NOW);

  beforeAll(async () => {
    test = await smallTenantDatabase(kind);
    pool = new OnnxPool({ threads: 2 });
    // Two real scorings 30 days apart (acc-a and acc-c are active customers; acc-b churned in March).
    await scoreAt(test.db, pool, '2024-06-01T12:00:00Z', { reason: 'nightly' });
    await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'nightly' });
    const run = await startSyncRun(test.db, { tenantId: TENANT_ID, source: 'hubspot', mode: 'full' });
    await finishSyncRun(test.db, run, { status: 'succeeded', records: 3, requests: 3 });
    // Synced after the scorings: an active customer waiting for its first score.
    await insertRows(test.db, 'accounts', ['tenant_id', 'id'], { tenant_id: 'text', id: 'text', name: 'text', arr: 'numeric', contract_start: 'date', renewal_date: 'date', lifecycle: 'text' }, [
      { tenant_id: TENANT_ID, id: 'acc-d', name: 'D', arr: 12000, contract_start: '2024-01-01', renewal_date: '2025-01-01', lifecycle: 'customer' },
    ]);
    const other = await ensureTenant(test.db, { crm: 'hubspot', externalId: OTHER_PORTAL, name: 'Other portal' });
    await insertRows(test.db, 'accounts', ['tenant_id', 'id'], { tenant_id: 'text', id: 'text', name: 'text' }, [{ tenant_id: other.id, id: 'acc-x', name: 'X' }]);
    const paused = await ensureTenant(test.db, { crm: 'hubspot', externalId: PAUSED_PORTAL, name: 'Paused portal' });
    await insertRows(test.db, 'accounts', ['tenant_id', 'id'], { tenant_id: 'text', id: 'text', name: 'text' }, [{ tenant_id: paused.id, id: 'acc-p', name: 'P' }]);
    await setTenantStatus(test.db, paused.id, 'paused', 'HubSpot access revoked');
    await applyInterventions({ db: test.db, tenantId: TENANT_ID, clock: fixedClock(new Date(NOW)) }, (await scoredAccounts(test.db, TENANT_ID)).map((s) => s.state));

    const models = new ModelRegistry({ pool });
    const scoreJob = createScoreJob({ db: test.db, pool, models, logger: createLogger('silent'), clock: fixedClock(new Date(NOW)) });
    app = await startCardApp({
      db: test.db,
      clock: fixedClock(new Date(NOW)),
      logger: createLogger('silent'),
      tasksFor: async () => undefined,
      enqueueSync: async (tenantId) => {
        syncsQueued.push(tenantId);
      },
      scoreAccountsNow: async (tenantId, accountIds) => {
        scoredNow.push([tenantId, accountIds]);
        return scoreJob({ tenantId, reason: 'manual', accountIds });
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await pool?.close();
    await test?.drop();
  });

  it("answers a signed request with the account's stored scores, explanations, history and interventions in the contract's shape", async () => {
    const { status, body } = await call({ method: 'GET', path: insightsPath('acc-a') });
    expect(status).toBe(200);
    const insights = scoredInsightsSchema.parse(body);
    const stored = (await accountScoring(test.db, TENANT_ID, 'acc-a', '2024-04-03'))!;
    const monthBefore = (await test.db.query<{ risk_score: number }>("select risk_score from predictions where tenant_id = $1 and account_id = 'acc-a' and as_of = '2024-06-01'", [TENANT_ID])).rows[0]!;

    expect(insights.account).toEqual({ id: 'acc-a', name: 'A', arr: 30000, renewalDate: '2025-05-16' });
    expect(insights.churn).toMatchObject({ probability: stored.churn!.probability, riskScore: stored.churn!.riskScore, band: stored.churn!.band });
    expect(insights.churn.change30d).toBe(stored.churn!.riskScore - Number(monthBefore.risk_score));
    expect(insights.churn.drivers.map((d) => d.group)).toEqual(stored.churn!.drivers!.map((d) => d.group));
    // The drivers start from the baseline and add up to the prediction (points are probability points).
    const driverSum = insights.churn.drivers.reduce((sum, d) => sum + d.points, 0);
    expect(insights.churn.baselinePoints + driverSum).toBeCloseTo(insights.churn.probability * 100, 6);
    // Groups already at the healthy reference have nothing to bring back.
    expect(insights.churn.whatIf.map((w) => [w.group, w.deltaPoints])).toEqual(stored.churn!.whatIf!.filter((w) => w.deltaPoints !== 0).map((w) => [w.group, w.deltaPoints]));
    expect(insights.churn.whatIf.every((w) => w.text.startsWith('Bring '))).toBe(true);
    expect(insights.expansion).toMatchObject({ p30d: stored.expansion!.probabilities.p_30d, p90d: stored.expansion!.probabilities.p_90d, window: stored.expansion!.window, expectedAmount: stored.expansion!.expectedAmount });
    expect(insights.health.history).toEqual(stored.health!.history.filter((d) => d.score !== null).map((d) => ({ date: d.day, score: d.score })));
    expect(insights.health.history.at(-1)?.date).toBe('2024-07-01');
    expect(insights.health.history.length).toBeLessThanOrEqual(90);
    expect(insights.health.forecast.map((f) => [f.horizonDays, f.date])).toEqual([
      [30, '2024-07-31'],
      [60, '2024-08-30'],
      [90, '2024-09-29'],
    ]);
    expect(insights.health).toMatchObject({ trajectory: stored.health!.trajectory, confidence: stored.health!.trajectoryConfidence, source: stored.health!.scoreSource });
    expect(insights.models).toEqual({ churn: stored.churn!.modelVersion, expansion: stored.expansion!.modelVersion, health: stored.health!.modelVersion });
    expect(insights.scoredAt).toBe('2024-07-01T12:00:00.000Z');
    expect(insights.holdout).toBe(isInHoldout(TENANT_ID, 'acc-a', 0.1));

    // The card shows what the CRM fields say: the same next best action and window as the write-back.
    const fields = (await scoredAccounts(test.db, TENANT_ID, { accountIds: ['acc-a'] }))[0]!.fields.values;
    expect(insights.nextBestAction).toBe(fields.next_best_action);
    expect(insights.interventionWindow).toBe(fields.intervention_window);
    const interventions = await listAccountInterventions(test.db, TENANT_ID, 'acc-a');
    expect(interventions.length).toBeGreaterThan(0);
    expect(insights.interventions.map((i) => [i.id, i.play, i.dueDate])).toEqual(interventions.map((i) => [i.id, i.playId, i.dueDate]));
  });

  it.each([
    ['acc-b', PORTAL, 'not_a_customer', { id: 'acc-b', name: 'B', arr: 0, renewalDate: '2024-06-01' }],
    ['acc-d', PORTAL, 'pending_first_score', { id: 'acc-d', name: 'D', arr: 12000, renewalDate: '2025-01-01' }],
    ['acc-x', OTHER_PORTAL, 'not_synced', { id: 'acc-x', name: 'X', arr: null, renewalDate: null }],
  ] as const)('answers %s of portal %s as not scored (%s)', async (id, portalId, reason, account) => {
    const { status, body } = await call({ method: 'GET', path: insightsPath(id), portalId });
    expect(status).toBe(200);
    const insights = unscoredInsightsSchema.parse(body);
    expect(insights).toMatchObject({ status: 'not_scored', reason, account });
    expect(insights.message.length).toBeGreaterThan(20);
  });

  it("answers 404 for another portal's company, a portal without an active tenant and an unknown company", async () => {
    for (const [portalId, id] of [
      [PORTAL, 'acc-x'],
      [OTHER_PORTAL, 'acc-a'],
      ['999', 'acc-a'],
      [PAUSED_PORTAL, 'acc-p'],
      [PORTAL, 'acc-zzz'],
    ] as const) {
      const { status, body } = await call({ method: 'GET', path: insightsPath(id), portalId });
      expect(status, `${portalId}/${id}`).toBe(404);
      expect(body).toMatchObject({ error: 'not_found' });
      expect(JSON.stringify(body)).not.toContain('"churn"');
    }
  });

  it('refuses a signed request that names no portal with 400', async () => {
    const { status, body } = await call({ method: 'GET', path: insightsPath('acc-a'), portalId: null });
    expect(status).toBe(400);
    expect(body.message).toMatch(/portalId/);
  });

  it.each<[string, () => Partial<CardCall>]>([
    ['no signature', () => ({ signature: null })],
    ['a bad signature', () => ({ signature: 'c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ==' })],
    ['a signature made with another secret', () => ({ signed: { secret: `${CARD_SECRET}-not` } })],
    ['a stale timestamp', () => ({ signed: { timestamp: NOW - 5 * 60_000 - 1 } })],
    ['a timestamp from the future', () => ({ signed: { timestamp: NOW + 6 * 60_000 } })],
    // Signed for portal 777, sent for portal 888: the signature covers the query string.
    ['a tampered query (another portalId)', () => ({ portalId: OTHER_PORTAL, signed: { url: `${app.origin}${insightsPath('acc-x')}?${hubspotQuery(PORTAL)}` } })],
  ])('refuses %s with 401', async (_label, change) => {
    const { status, body } = await call({ method: 'GET', path: insightsPath('acc-x'), ...change() });
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_signature' });
  });

  it('refuses a tampered body with 401', async () => {
    const { status } = await call({ method: 'POST', path: '/api/v1/hubspot/interventions/00000000-0000-4000-8000-000000000000/dismiss', body: '{"reason":"not relevant"}', signed: { body: '{"reason":"ok"}' } });
    expect(status).toBe(401);
  });

  it('rescores an account now, queues a sync of its portal and answers its fresh insights', async () => {
    const before = await latestAccountPrediction(test.db, TENANT_ID, 'acc-d', 'churn');
    expect(before).toBeUndefined();
    const { status, body } = await call({ method: 'POST', path: '/api/v1/hubspot/companies/acc-d/rescore' });
    expect(status).toBe(200);
    const insights = scoredInsightsSchema.parse(body);
    expect(insights.scoredAt).toBe(new Date(NOW).toISOString());
    expect(insights.churn.riskScore).toBe((await latestAccountPrediction(test.db, TENANT_ID, 'acc-d', 'churn'))!.riskScore);
    expect(scoredNow).toEqual([[TENANT_ID, ['acc-d']]]);
    expect(syncsQueued).toEqual([TENANT_ID]);

    const notCustomer = await call({ method: 'POST', path: '/api/v1/hubspot/companies/acc-b/rescore' });
    expect(notCustomer.body).toMatchObject({ status: 'not_scored', reason: 'not_a_customer' });
  });

  it("rescores nothing for another portal's company", async () => {
    const runs = scoredNow.length;
    const { status } = await call({ method: 'POST', path: '/api/v1/hubspot/companies/acc-x/rescore' });
    expect(status).toBe(404);
    expect(scoredNow).toHaveLength(runs);
  });
});
