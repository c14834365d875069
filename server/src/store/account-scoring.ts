import type { Queryable } from './database.js';
import { latestExpansionPredictions, type ExpansionPrediction } from './expansion-predictions.js';
import { healthHistory, type HealthDay } from './health-daily.js';
import { latestHealthPredictions, type HealthPrediction } from './health-predictions.js';
import { latestAccountPrediction, type Prediction } from './predictions.js';

/** Everything scoring stored about one account: its latest predictions and its daily health score. */
export interface AccountScoring {
  tenantId: string;
  accountId: string;
  churn: Omit<Prediction, 'tenantId' | 'accountId'> | null;
  expansion: Omit<ExpansionPrediction, 'tenantId' | 'accountId'> | null;
  health: (Omit<HealthPrediction, 'tenantId' | 'accountId'> & { history: Array<Omit<HealthDay, 'accountId'>> }) | null;
}

function own<T extends { tenantId: string; accountId: string }>(row: T | undefined): Omit<T, 'tenantId' | 'accountId'> | null {
  if (!row) return null;
  const { tenantId: _tenantId, accountId: _accountId, ...rest } = row;
  return rest;
}

/** The account's latest churn, expansion and health predictions and its health days from `historyFrom` on; undefined when it was never scored. */
export async function accountScoring(db: Queryable, tenantId: string, accountId: string, historyFrom: string): Promise<AccountScoring | undefined> {
  const [churn, [expansion], [health], history] = await Promise.all([
    latestAccountPrediction(db, tenantId, accountId, 'churn'),
    latestExpansionPredictions(db, tenantId, [accountId]),
    latestHealthPredictions(db, tenantId, [accountId]),
    healthHistory(db, tenantId, accountId, historyFrom),
  ]);
  if (!churn && !expansion && !health) return undefined;
  const healthOwn = own(health);
  return {
    tenantId,
    accountId,
    churn: own(churn),
    expansion: own(expansion),
    health: healthOwn && { ...healthOwn, history: history.map(({ accountId: _accountId, ...day }) => day) },
  };
}
