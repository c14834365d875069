/**
 * From stored predictions to what the Act side works with: the playbooks' AccountState per account
 * and the catalogue's field values (manifests/fields.json) for the CRM write-back. One bulk read per
 * prediction table; accounts without a churn prediction are left out (nothing to act on yet).
 */
import type { Queryable } from '../store/database.js';
import { accountFacts, type AccountFacts } from '../store/account-facts.js';
import { latestExpansionPredictions, type ExpansionPrediction } from '../store/expansion-predictions.js';
import { latestHealthPredictions, type HealthPrediction } from '../store/health-predictions.js';
import { churnRiskScoresAsOf, latestPredictions, type Prediction } from '../store/predictions.js';
import { actionFields } from './action-fields.js';
import { SIGNAL_GROUPS, type AccountState, type ChurnDriver, type SignalGroup } from './account-state.js';
import type { Playbook } from './playbook-manifest.js';
import type { FieldValue } from './field-values.js';
import type { AccountFieldValues } from './plan-field-writes.js';

const DAY_MS = 86_400_000;
const CHANGE_WINDOW_DAYS = 30;

export interface ScoredAccount {
  state: AccountState;
  fields: AccountFieldValues;
}

const dayOffset = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const KNOWN_GROUPS: ReadonlySet<string> = new Set(SIGNAL_GROUPS);
const isSignalGroup = (group: string): group is SignalGroup => KNOWN_GROUPS.has(group);

function churnDrivers(prediction: Pick<Prediction, 'drivers'>): ChurnDriver[] {
  return (prediction.drivers ?? []).flatMap((d) =>
    isSignalGroup(d.group) ? [{ group: d.group, points: d.points, text: d.text ?? null, topFeatures: (d.topFeatures ?? []).map((f) => f.text) }] : [],
  );
}

/** The expansion heads by horizon (the explained 90-day head stands in for a missing p_90d). */
export function expansionHorizons(expansion: Pick<ExpansionPrediction, 'probabilities' | 'probability'>): { p30: number; p90: number; p365: number } {
  return { p30: expansion.probabilities.p_30d ?? 0, p90: expansion.probabilities.p_90d ?? expansion.probability, p365: expansion.probabilities.p_365d ?? 0 };
}

/**
 * What the playbooks read about one account, from its latest predictions and CRM facts (write-back
 * and the card API both build it here, so the card's next best action is the CRM field's).
 */
export function accountStateOf(
  tenantId: string,
  account: AccountFacts,
  churn: Omit<Prediction, 'tenantId' | 'accountId'>,
  expansion: Omit<ExpansionPrediction, 'tenantId' | 'accountId'> | undefined,
  health: Omit<HealthPrediction, 'tenantId' | 'accountId'> | undefined,
): AccountState {
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
      drivers: churnDrivers(churn),
      whatIf: (churn.whatIf ?? []).flatMap((w) => (isSignalGroup(w.group) ? [{ group: w.group, deltaPoints: w.deltaPoints }] : [])),
    },
    expansion: expansion ? { ...expansionHorizons(expansion), expectedAmount: expansion.expectedAmount, window: expansion.window } : null,
    health: health ? { score: health.score, forecast: health.forecast, trajectory: health.trajectory, confidence: health.trajectoryConfidence } : null,
  };
}

const round = (value: number) => Math.round(value);
const clampScore = (value: number) => Math.min(100, Math.max(0, Math.round(value)));

/** The latest scored state and CRM field values of the tenant's accounts (or of `accountIds`). */
export async function scoredAccounts(db: Queryable, tenantId: string, options: { accountIds?: readonly string[]; playbook?: Playbook } = {}): Promise<ScoredAccount[]> {
  const wanted = options.accountIds ? new Set(options.accountIds) : undefined;
  const churn = (await latestPredictions(db, tenantId, 'churn')).filter((p) => !wanted || wanted.has(p.accountId));
  if (churn.length === 0) return [];
  const ids = churn.map((p) => p.accountId);
  const [expansion, health, facts] = await Promise.all([latestExpansionPredictions(db, tenantId, ids), latestHealthPredictions(db, tenantId, ids), accountFacts(db, tenantId, ids)]);
  const expansionOfAccount = new Map(expansion.map((p) => [p.accountId, p]));
  const healthOfAccount = new Map(health.map((p) => [p.accountId, p]));
  const asOf = churn.reduce((latest, p) => (p.asOf > latest ? p.asOf : latest), churn[0]!.asOf);
  const before = await churnRiskScoresAsOf(db, tenantId, dayOffset(asOf, -CHANGE_WINDOW_DAYS), ids);

  const result: ScoredAccount[] = [];
  for (const prediction of churn) {
    const account = facts.get(prediction.accountId);
    if (!account) continue; // archived or gone from the CRM: nothing to write or task
    const exp = expansionOfAccount.get(prediction.accountId);
    const hp = healthOfAccount.get(prediction.accountId);
    const state = accountStateOf(tenantId, account, prediction, exp, hp);
    const action = actionFields(state, options.playbook);
    const values: Record<string, FieldValue> = {
      churn_risk_score: prediction.riskScore,
      churn_risk_band: prediction.band,
      churn_risk_drivers: prediction.driversText ?? '',
      next_best_action: action.nextBestAction,
      intervention_window: action.interventionWindow,
      model_version: prediction.modelVersion,
    };
    const previous = before.get(prediction.accountId);
    if (previous !== undefined) values.churn_risk_change_30d = prediction.riskScore - previous;
    if (exp) {
      values.expansion_probability = round(exp.probability * 100);
      values.expansion_window = exp.window;
      values.expansion_potential = Math.round(exp.expectedAmount);
    }
    if (hp) {
      values.health_score = clampScore(hp.score);
      values.health_forecast_90d = clampScore(hp.forecast90d);
      values.health_trajectory = hp.trajectory;
      values.trajectory_confidence = clampScore(hp.trajectoryConfidence);
    }
    result.push({ state, fields: { accountId: prediction.accountId, values } });
  }
  return result;
}
