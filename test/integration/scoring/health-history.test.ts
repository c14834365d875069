import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildFeatureRows } from '../../../server/src/features/build-features.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import { HEALTH_SCORE_FEATURE } from '../../../server/src/scoring/score-health.js';
import { loadFeatureManifest } from '../../../server/src/features/features-manifest.js';
import { healthHistory } from '../../../server/src/store/health-daily.js';
import { latestHealthPredictions } from '../../../server/src/store/health-predictions.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';
import { insertHistory, insertTickets } from '../features/small-tenant.js';
import { TENANT_ID, scoreAt, smallTenantDatabase } from './tenant-scoring.js';

let pool: OnnxPool;
beforeAll(() => {
  pool = new OnnxPool({ threads: 2 });
});
afterAll(async () => pool?.close());

const scoreAtIndex = loadFeatureManifest().features.findIndex((f) => f.name === HEALTH_SCORE_FEATURE);

async function healthAsOf(test: TestDatabase, accountId: string, asOf: string): Promise<number> {
  for await (const row of buildFeatureRows({ db: test.db, tenantId: TENANT_ID, accountIds: [accountId], asOfDates: [new Date(asOf)] })) return row.values[scoreAtIndex]!;
  throw new Error(`${accountId} is not a customer at ${asOf}`);
}

describe.each(DATABASE_KINDS)('daily health score on %s', (kind) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await smallTenantDatabase(kind);
  });
  afterEach(async () => test?.drop());

  it('fills the 90 days before a first scoring from history, each day as known at its end, and stores today as scored', async () => {
    // An escalation in the middle of the window: the days before it must not see it.
    await insertTickets(test.db, [{ id: 't-esc', account_id: 'acc-a', priority: 'urgent', status: 'open', escalated: true, created_at: '2024-06-15T10:00:00Z' }]);
    const report = await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'manual' });
    expect(report.healthDaysFilled).toBe(180);
    const days = await healthHistory(test.db, TENANT_ID, 'acc-a', '2000-01-01');
    expect(days).toHaveLength(91);
    expect(days[0]!.day).toBe('2024-04-02');
    expect(days.at(-1)!.day).toBe('2024-07-01');
    expect(new Set(days.map((d) => d.source))).toEqual(new Set(['pulse']));
    const byDay = new Map(days.map((d) => [d.day, d.score]));
    expect(byDay.get('2024-06-14')).toBeCloseTo(await healthAsOf(test, 'acc-a', '2024-06-15T00:00:00Z'), 9);
    expect(byDay.get('2024-06-15')).toBeCloseTo(await healthAsOf(test, 'acc-a', '2024-06-16T00:00:00Z'), 9);
    expect(byDay.get('2024-06-15')!).toBeLessThan(byDay.get('2024-06-14')!);
    expect(byDay.get('2024-07-01')).toBeCloseTo(await healthAsOf(test, 'acc-a', '2024-07-01T12:00:00Z'), 9);
    const [prediction] = await latestHealthPredictions(test.db, TENANT_ID, ['acc-a']);
    expect(prediction!.score).toBeCloseTo(byDay.get('2024-07-01')!, 9);
    expect(await healthHistory(test.db, TENANT_ID, 'acc-c', '2000-01-01')).toHaveLength(91);
  });

  it('fills nothing when yesterday is stored, and only the missing days after a gap', async () => {
    await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'nightly' });
    expect((await scoreAt(test.db, pool, '2024-07-02T03:00:00Z', { reason: 'nightly' })).healthDaysFilled).toBe(0);
    const afterGap = await scoreAt(test.db, pool, '2024-07-06T03:00:00Z', { reason: 'nightly' });
    expect(afterGap.healthDaysFilled).toBe(2 * 3);
    const days = (await healthHistory(test.db, TENANT_ID, 'acc-a', '2024-07-01')).map((d) => d.day);
    expect(days).toEqual(['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-04', '2024-07-05', '2024-07-06']);
    expect((await healthHistory(test.db, TENANT_ID, 'acc-a', '2000-01-01')).length).toBe(96);
  });

  it('records the mapped CRM health property as the score, unknown before its first value', async () => {
    await insertHistory(test.db, [
      ['acc-a', 'health_score', '2024-06-10T09:00:00Z', '72'],
      ['acc-a', 'health_score', '2024-06-20T09:00:00Z', '55'],
    ]);
    await scoreAt(test.db, pool, '2024-07-01T12:00:00Z', { reason: 'manual' });
    const days = new Map((await healthHistory(test.db, TENANT_ID, 'acc-a', '2024-06-01')).map((d) => [d.day, d]));
    expect(days.get('2024-06-09')).toEqual({ accountId: 'acc-a', day: '2024-06-09', score: null, source: 'crm' });
    expect(days.get('2024-06-10')!.score).toBe(72);
    expect(days.get('2024-06-19')!.score).toBe(72);
    expect(days.get('2024-06-20')!.score).toBe(55);
    expect(days.get('2024-07-01')!.score).toBe(55);
    const [prediction] = await latestHealthPredictions(test.db, TENANT_ID, ['acc-a']);
    expect([prediction!.score, prediction!.scoreSource, prediction!.scoreImputed]).toEqual([55, 'crm', false]);
    // acc-c has no CRM score at all: its forecast starts from the card's median and says so.
    const [unmapped] = await latestHealthPredictions(test.db, TENANT_ID, ['acc-c']);
    expect(unmapped!.scoreImputed).toBe(true);
    expect(unmapped!.lowConfidence).toBe(true);
    expect(unmapped!.imputedFeatures).toContain(HEALTH_SCORE_FEATURE);
  });
});
