/** One account's stored predictions as the card API works with them, and as the playbooks read them. */
import type { AccountState } from '../actions/account-state.js';
import type { AccountFacts } from '../store/account-facts.js';
import type { AccountScoring } from '../store/account-scoring.js';
import type { ExpansionPrediction } from '../store/expansion-predictions.js';
import { isSignalGroup } from './card-drivers.js';

const DAY_MS = 86_400_000;

/** The latest prediction of each of the three models. */
export type CompleteScoring = { [K in 'churn' | 'expansion' | 'health']: NonNullable<AccountScoring[K]> };

/** All three models' predictions, or undefined when any is missing (never scored, or scored before a model existed). */
export function completeScoring(scoring: AccountScoring | undefined): CompleteScoring | undefined {
  if (!scoring?.churn || !scoring.expansion || !scoring.health) return undefined;
  return { churn: scoring.churn, expansion: scoring.expansion, health: scoring.health };
}

/** The expansion heads by horizon (the explained 90-day head stands in for a missing p_90d). */
export function expansionHorizons(expansion: Pick<ExpansionPrediction, 'probabilities' | 'probability'>): { p30: number; p90: number; p365: number } {
  return { p30: expansion.probabilities.p_30d ?? 0, p90: expansion.probabilities.p_90d ?? expansion.probability, p365: expansion.probabilities.p_365d ?? 0 };
}

/** What the playbooks read about the account, built as actions/scored-accounts.ts builds it for write-back. */
export function accountStateOf(tenantId: string, account: AccountFacts, { churn, expansion, health }: CompleteScoring): AccountState {
  const daysToRenewal = account.renewalDate ? Math.round((Date.parse(`${account.renewalDate}T00:00:00Z`) - Date.parse(`${churn.asOf}T00:00:00Z`)) / DAY_MS) : null;
  return {
    tenantId,
    accountId: account.id,
    accountName: account.name,
    ownerId: account.ownerId,
    arr: account.arr,
    daysToRenewal: daysToRenewal !== null && daysToRenewal >= 0 ? daysToRenewal : null,
    asOf: churn.asOf,
    churn: {
      probability: churn.probability,
      riskScore: churn.riskScore,
      band: churn.band,
      drivers: (churn.drivers ?? []).flatMap((d) =>
        isSignalGroup(d.group) ? [{ group: d.group, points: d.points, text: d.text ?? null, topFeatures: (d.topFeatures ?? []).map((f) => f.text) }] : [],
      ),
      whatIf: (churn.whatIf ?? []).flatMap((w) => (isSignalGroup(w.group) ? [{ group: w.group, deltaPoints: w.deltaPoints }] : [])),
    },
    expansion: { ...expansionHorizons(expansion), expectedAmount: expansion.expectedAmount, window: expansion.window },
    health: { score: health.score, forecast: health.forecast, trajectory: health.trajectory, confidence: health.trajectoryConfidence },
  };
}
