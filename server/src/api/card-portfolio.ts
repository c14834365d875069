/**
 * GET /api/v1/hubspot/portfolio: the app home page of the verified portal, from three set-based
 * queries (store/card-reads.ts): totals by band, trajectory and expansion window; the accounts whose
 * risk rose most in 7 days; the intervention counts.
 */
import type { PortfolioResponse } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import type { Clock } from '../clock/clock.js';
import { interventionCounts, portfolioTotals, risingRiskAccounts } from '../store/card-reads.js';
import type { Queryable } from '../store/database.js';

/** "Rose most this week": each account's latest risk against its latest prediction at least this many days older. */
export const RISING_RISK_DAYS = 7;
export const RISING_RISK_LIMIT = 10;

export async function portfolioOf(context: { db: Queryable; tenantId: string; clock: Clock }): Promise<PortfolioResponse> {
  const today = context.clock.now().toISOString().slice(0, 10);
  const [totals, risers, interventions] = await Promise.all([
    portfolioTotals(context.db, context.tenantId, today),
    risingRiskAccounts(context.db, context.tenantId, today, RISING_RISK_DAYS, RISING_RISK_LIMIT),
    interventionCounts(context.db, context.tenantId),
  ]);
  return {
    accounts: totals.accounts,
    scoredAt: totals.lastScoredAt?.toISOString() ?? null,
    arrAtRisk: totals.arrByBand,
    accountsByBand: totals.accountsByBand,
    accountsByTrajectory: totals.accountsByTrajectory,
    risingRisk: risers.map((r) => ({ id: r.id, name: r.name, arr: r.arr, renewalDate: r.renewalDate, riskScore: r.riskScore, change7d: r.change, band: r.band })),
    expansionPipeline: totals.expansion,
    interventions,
  };
}
