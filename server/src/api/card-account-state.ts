/** One account's stored predictions as the card API works with them, and as the playbooks read them. */
import type { AccountState } from '../actions/account-state.js';
import { accountStateOf as stateFromPredictions } from '../actions/scored-accounts.js';
import type { AccountFacts } from '../store/account-facts.js';
import type { AccountScoring } from '../store/account-scoring.js';

export { expansionHorizons } from '../actions/scored-accounts.js';

/** The latest prediction of each of the three models. */
export type CompleteScoring = { [K in 'churn' | 'expansion' | 'health']: NonNullable<AccountScoring[K]> };

/** All three models' predictions, or undefined when any is missing (never scored, or scored before a model existed). */
export function completeScoring(scoring: AccountScoring | undefined): CompleteScoring | undefined {
  if (!scoring?.churn || !scoring.expansion || !scoring.health) return undefined;
  return { churn: scoring.churn, expansion: scoring.expansion, health: scoring.health };
}

/** What the playbooks read about the account: the same state write-back builds (actions/scored-accounts.ts). */
export function accountStateOf(tenantId: string, account: AccountFacts, { churn, expansion, health }: CompleteScoring): AccountState {
  return stateFromPredictions(tenantId, account, churn, expansion, health);
}
