/**
 * GET /api/v1/hubspot/companies/:id/insights: one account's stored predictions, explanations,
 * health history and interventions as the shared contract's InsightsResponse. Read with a few indexed
 * queries: the account, its latest prediction of each model and its health days (run together), then
 * its churn risk of 30 days before; nothing per driver or per day.
 */
import type { AccountSummary, InsightsResponse, ScoredInsights, UnscoredInsights } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import { actionFields } from '../actions/action-fields.js';
import { addDays } from '../actions/action-text.js';
import { isInHoldout } from '../actions/holdout.js';
import { loadPlaybook } from '../actions/playbook-manifest.js';
import type { Clock } from '../clock/clock.js';
import { readHistoryChunks } from '../features/history-chunks.js';
import { indexAccountHistory } from '../features/indexed-history.js';
import { isActiveCustomerAt } from '../features/point-in-time.js';
import { HEALTH_HISTORY_DAYS } from '../scoring/health-history.js';
import { accountFacts, type AccountFacts } from '../store/account-facts.js';
import { accountScoring } from '../store/account-scoring.js';
import type { Queryable } from '../store/database.js';
import { getHoldoutShare, listAccountInterventions, type Intervention } from '../store/interventions.js';
import { churnRiskScoresAsOf } from '../store/predictions.js';
import { hasSucceededSync } from '../store/sync-state.js';
import type { Tenant } from '../store/tenants.js';
import { accountStateOf, completeScoring, expansionHorizons, type CompleteScoring } from './card-account-state.js';
import { cardDrivers, cardWhatIfs } from './card-drivers.js';
import { cardIntervention } from './card-intervention-view.js';

/** churn.change30d compares with the latest prediction at least this many days older (as the CRM field does). */
const CHANGE_WINDOW_DAYS = 30;
const FORECAST_HORIZONS = [30, 60, 90] as const;

export interface InsightsContext {
  db: Queryable;
  tenant: Tenant;
  clock: Clock;
}

const UNSCORED_MESSAGES: Record<UnscoredInsights['reason'], string> = {
  not_synced: 'Telltale has not finished its first sync of this portal; the company is scored as soon as it has.',
  not_a_customer: 'This company is not an active customer (no started contract or customer stage, or it has churned), so there is no churn to predict.',
  pending_first_score: 'This company is synced and gets its first scores in the next scoring run; Refresh scores it now.',
};

/** The account's insights, or undefined when the tenant has no such live account (the route's 404). */
export async function accountInsights(context: InsightsContext, accountId: string): Promise<InsightsResponse | undefined> {
  const { db, tenant } = context;
  const now = context.clock.now();
  const historyFrom = addDays(now.toISOString().slice(0, 10), -(HEALTH_HISTORY_DAYS - 1));
  const [facts, scoring, interventions, holdoutShare] = await Promise.all([
    accountFacts(db, tenant.id, [accountId]),
    accountScoring(db, tenant.id, accountId, historyFrom),
    listAccountInterventions(db, tenant.id, accountId),
    getHoldoutShare(db, tenant.id),
  ]);
  const account = facts.get(accountId);
  if (!account) return undefined;
  const summary: AccountSummary = { id: account.id, name: account.name, arr: account.arr, renewalDate: account.renewalDate };
  const complete = completeScoring(scoring);
  if (!complete) {
    const reason = await unscoredReason(context, accountId, now);
    return { status: 'not_scored', account: summary, reason, message: UNSCORED_MESSAGES[reason] };
  }
  const before = await churnRiskScoresAsOf(db, tenant.id, addDays(complete.churn.asOf, -CHANGE_WINDOW_DAYS), [accountId]);
  const share = holdoutShare ?? loadPlaybook().holdout.defaultShare;
  return scoredInsights({ tenantId: tenant.id, summary, account, scoring: complete, riskBefore: before.get(accountId), interventions, holdout: isInHoldout(tenant.id, accountId, share) });
}

function scoredInsights(input: {
  tenantId: string;
  summary: AccountSummary;
  account: AccountFacts;
  scoring: CompleteScoring;
  riskBefore: number | undefined;
  interventions: Intervention[];
  holdout: boolean;
}): ScoredInsights {
  const { churn, expansion, health } = input.scoring;
  const drivers = cardDrivers(churn.drivers);
  const driverSum = drivers.reduce((sum, d) => sum + d.points, 0);
  const action = actionFields(accountStateOf(input.tenantId, input.account, input.scoring));
  const horizons = expansionHorizons(expansion);
  return {
    status: 'scored',
    account: input.summary,
    churn: {
      probability: churn.probability,
      riskScore: churn.riskScore,
      band: churn.band,
      change30d: input.riskBefore === undefined ? null : churn.riskScore - input.riskBefore,
      baselinePoints: churn.baseline !== null ? churn.baseline * 100 : churn.probability * 100 - driverSum,
      drivers,
      whatIf: cardWhatIfs(churn.whatIf),
      lowConfidence: churn.lowConfidence,
    },
    expansion: {
      p30d: horizons.p30,
      p90d: horizons.p90,
      p365d: horizons.p365,
      window: expansion.window,
      expectedAmount: expansion.expectedAmount,
      signals: cardDrivers(expansion.drivers),
    },
    health: {
      score: health.scoreImputed ? null : health.score,
      source: health.scoreSource,
      history: health.history.flatMap((d) => (d.score === null ? [] : [{ date: d.day, score: d.score }])),
      forecast: health.forecast.flatMap((f) => {
        const horizon = FORECAST_HORIZONS.find((h) => h === f.horizonDays);
        return horizon ? [{ horizonDays: horizon, date: addDays(health.asOf, horizon), p10: f.p10, p50: f.p50, p90: f.p90 }] : [];
      }),
      trajectory: health.trajectory,
      confidence: health.trajectoryConfidence,
    },
    interventions: input.interventions.map(cardIntervention),
    nextBestAction: action.nextBestAction,
    interventionWindow: action.interventionWindow,
    holdout: input.holdout,
    models: { churn: churn.modelVersion, expansion: expansion.modelVersion, health: health.modelVersion },
    scoredAt: churn.scoredAt.toISOString(),
  };
}

/**
 * Why a live account has no scores: the portal's first sync has not finished; the account is not an
 * active customer now (the feature builder's own rule, on its stored history); or it is waiting for
 * its first scoring.
 */
async function unscoredReason(context: InsightsContext, accountId: string, now: Date): Promise<UnscoredInsights['reason']> {
  // Sync runs are recorded per source, named like the CRM ('hubspot').
  if (!(await hasSucceededSync(context.db, context.tenant.id, context.tenant.crm))) return 'not_synced';
  for await (const chunk of readHistoryChunks({ db: context.db, tenantId: context.tenant.id, accountIds: [accountId], before: now })) {
    const bundle = chunk[0];
    if (bundle && !isActiveCustomerAt(indexAccountHistory(bundle), now.getTime())) return 'not_a_customer';
  }
  return 'pending_first_score';
}
