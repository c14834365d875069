/**
 * A small scored portfolio written through the store functions, with known numbers: five live
 * companies (1001–1005, the ids of the task sandbox's portal), one archived (1006), predictions today
 * and 7 days ago. The expected portfolio answer is spelled out next to it.
 */
import type { PortfolioResponse } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import { upsertAccounts, upsertDeals, type AccountRow } from '../../../server/src/store/crm-records.js';
import type { Queryable } from '../../../server/src/store/database.js';
import { upsertExpansionPredictions, type ExpansionPrediction } from '../../../server/src/store/expansion-predictions.js';
import { upsertHealthPredictions, type HealthPrediction } from '../../../server/src/store/health-predictions.js';
import { insertPredictions, type Prediction, type StoredDriver } from '../../../server/src/store/predictions.js';

export const TODAY = '2025-06-30';
export const WEEK_AGO = '2025-06-23';

interface SeedAccount {
  id: string;
  arr: number | null;
  archived?: boolean;
  risk: number;
  band: Prediction['band'];
  /** Risk score a week ago; undefined: not scored then. */
  riskWeekAgo?: number;
  driver: StoredDriver['group'];
  driverPoints: number;
  trajectory: HealthPrediction['trajectory'];
  expansion: { window: ExpansionPrediction['window']; p30: number; p90: number; p365: number; amount: number };
}

export const SEED_ACCOUNTS: SeedAccount[] = [
  { id: '1001', arr: 100_000, risk: 86, band: 'high', riskWeekAgo: 60, driver: 'support', driverPoints: 16, trajectory: 'declining', expansion: { window: 'unlikely', p30: 0.01, p90: 0.03, p365: 0.1, amount: 0 } },
  { id: '1002', arr: 50_000, risk: 62, band: 'medium', riskWeekAgo: 62, driver: 'product_usage', driverPoints: 8, trajectory: 'stable', expansion: { window: '90_days', p30: 0.1, p90: 0.55, p365: 0.7, amount: 12_000 } },
  { id: '1003', arr: 30_000, risk: 20, band: 'low', riskWeekAgo: 30, driver: 'support', driverPoints: 1, trajectory: 'improving', expansion: { window: '12_months', p30: 0.05, p90: 0.2, p365: 0.6, amount: 5_000 } },
  { id: '1004', arr: 40_000, risk: 15, band: 'low', riskWeekAgo: 5, driver: 'feature_adoption', driverPoints: 1, trajectory: 'stable', expansion: { window: '30_days', p30: 0.62, p90: 0.7, p365: 0.85, amount: 20_000 } },
  { id: '1005', arr: null, risk: 10, band: 'low', driver: 'support', driverPoints: 1, trajectory: 'stable', expansion: { window: 'unlikely', p30: 0.01, p90: 0.02, p365: 0.05, amount: 0 } },
  { id: '1006', arr: 70_000, archived: true, risk: 90, band: 'high', riskWeekAgo: 10, driver: 'support', driverPoints: 20, trajectory: 'declining', expansion: { window: '30_days', p30: 0.7, p90: 0.8, p365: 0.9, amount: 9_000 } },
];

/** What GET /portfolio answers for the seed (interventions aside). */
export const EXPECTED_PORTFOLIO: Omit<PortfolioResponse, 'interventions'> = {
  accounts: 5,
  scoredAt: `${TODAY}T06:00:00.000Z`,
  arrAtRisk: { low: 70_000, medium: 50_000, high: 100_000 },
  accountsByBand: { low: 3, medium: 1, high: 1 },
  accountsByTrajectory: { improving: 1, stable: 3, declining: 1 },
  risingRisk: [
    { id: '1001', name: 'Company 0', arr: 100_000, renewalDate: '2025-12-01', riskScore: 86, change7d: 26, band: 'high' },
    { id: '1004', name: 'Company 3', arr: 40_000, renewalDate: '2025-12-01', riskScore: 15, change7d: 10, band: 'low' },
  ],
  expansionPipeline: {
    '30_days': { accounts: 1, expectedAmount: 20_000 },
    '90_days': { accounts: 1, expectedAmount: 12_000 },
    '12_months': { accounts: 1, expectedAmount: 5_000 },
  },
};

function accountRow(tenantId: string, account: SeedAccount, index: number): AccountRow {
  return {
    tenantId,
    id: account.id,
    name: `Company ${index}`,
    domain: null,
    ownerId: String(100 + (index % 3)),
    industry: null,
    segment: 'mid_market',
    arr: account.arr,
    seats: 20,
    contractStart: '2024-01-01',
    renewalDate: '2025-12-01',
    lifecycle: 'customer',
    churnedAt: null,
    crmCreatedAt: new Date('2023-12-01T00:00:00Z'),
    crmUpdatedAt: new Date('2025-06-29T00:00:00Z'),
    archived: account.archived ?? false,
    properties: {},
  };
}

const stamp = (tenantId: string, accountId: string, asOf: string, model: string) => ({
  tenantId,
  accountId,
  asOf,
  scoredAt: new Date(`${asOf}T06:00:00Z`),
  modelVersion: `${model}-test-1`,
  featureSetVersion: '1.1.0',
  lowConfidence: false,
  missingFeatures: [],
  imputedFeatures: [],
});

function churnPrediction(tenantId: string, account: SeedAccount, asOf: string, risk: number): Prediction {
  const driver: StoredDriver = {
    group: account.driver,
    label: account.driver === 'support' ? 'Support' : account.driver === 'product_usage' ? 'Product usage' : 'Feature adoption',
    points: account.driverPoints,
    direction: 'raises',
    topFeatures: [{ feature: 'escalations_90d', value: 5, points: account.driverPoints * 0.7, text: '5 escalations in 90 days' }],
    text: `${account.driver}: +${account.driverPoints} pts`,
  };
  return {
    ...stamp(tenantId, account.id, asOf, 'churn'),
    model: 'churn',
    probability: risk / 100,
    riskScore: risk,
    band: account.band,
    drivers: [driver],
    driversText: driver.text ?? null,
    baseline: (risk - account.driverPoints) / 100,
    whatIf: [{ group: account.driver, deltaPoints: -0.8 * account.driverPoints }],
  };
}

/** Writes the seed's accounts and predictions for `tenantId` (names "Company <index>", owners 100–102). */
export async function seedPortfolio(db: Queryable, tenantId: string, accounts: readonly SeedAccount[] = SEED_ACCOUNTS): Promise<void> {
  await upsertAccounts(db, accounts.map((a, i) => accountRow(tenantId, a, i)));
  const churn = accounts.flatMap((a) => [churnPrediction(tenantId, a, TODAY, a.risk), ...(a.riskWeekAgo === undefined ? [] : [churnPrediction(tenantId, a, WEEK_AGO, a.riskWeekAgo)])]);
  await insertPredictions(db, churn);
  await upsertExpansionPredictions(db, accounts.map((a) => ({
    ...stamp(tenantId, a.id, TODAY, 'expansion'),
    probabilities: { p_30d: a.expansion.p30, p_90d: a.expansion.p90, p_365d: a.expansion.p365 },
    explainedOutput: 'p_90d',
    probability: a.expansion.p90,
    expectedAmount: a.expansion.amount,
    window: a.expansion.window,
    baseline: 0.1,
    drivers: [],
    whatIf: [],
  })));
  await upsertHealthPredictions(db, accounts.map((a) => {
    const score = 100 - a.risk;
    return {
      ...stamp(tenantId, a.id, TODAY, 'health'),
      score,
      scoreSource: 'pulse' as const,
      scoreImputed: false,
      forecast: [30, 60, 90].map((horizonDays) => ({ horizonDays, p10: Math.max(0, score - 15), p50: score, p90: Math.min(100, score + 10) })),
      forecast90d: score,
      trajectory: a.trajectory,
      trajectoryConfidence: 80,
    };
  }));
}

/** A deal of company `accountId`. */
export async function seedDeal(db: Queryable, tenantId: string, id: string, accountId: string): Promise<void> {
  await upsertDeals(db, [{ tenantId, id, accountId, name: 'Expansion', kind: 'upsell', pipeline: null, stage: null, isClosed: false, isWon: false, amount: 10_000, closeDate: null, crmCreatedAt: null, crmUpdatedAt: null, archived: false }]);
}
