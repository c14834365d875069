/**
 * From stored predictions to what the Act side works with: the playbooks' AccountState per account
 * and the catalogue's field values (manifests/fields.json) for the CRM write-back. One bulk read per
 * prediction table; accounts without a churn prediction are left out (nothing to act on yet).
 */
import type { Queryable } from '../store/database.js';
import { accountFacts } from '../store/account-facts.js';
import { latestExpansionPredictions, type ExpansionPrediction } from '../store/expansion-predictions.js';
import { latestHealthPredictions, type HealthPrediction } from '../store/health-predictions.js';
import { churnRiskScoresAsOf, latestPredictions, type Prediction } from '../store/predictions.js';
import { actionFields } from './action-fields.js';
import type { AccountState, ChurnDriver, SignalGroup } from './account-state.js';
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

function churnDrivers(prediction: Prediction): ChurnDriver[] {
  return (prediction.drivers ?? []).map((d) => ({
    group: d.group as SignalGroup,
    points: d.points,
    text: d.text ?? null,
    topFeatures: (d.topFeatures ?? []).map((f) => f.text),
  }));
}

function expansionOf(p: ExpansionPrediction | undefined): AccountState['expansion'] {
  if (!p) return null;
  return { p30: p.probabilities.p_30d ?? 0, p90: p.probabilities.p_90d ?? p.probability, p365: p.probabilities.p_365d ?? 0, expectedAmount: p.expectedAmount, window: p.window };
}

function healthOf(p: HealthPrediction | undefined): AccountState['health'] {
  if (!p) return null;
  return { score: p.score, forecast: p.forecast, trajectory: p.trajectory, confidence: p.trajectoryConfidence };
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
    const daysToRenewal = account.renewalDate ? Math.round((Date.parse(`${account.renewalDate}T00:00:00Z`) - Date.parse(`${prediction.asOf}T00:00:00Z`)) / DAY_MS) : null;
    const exp = expansionOfAccount.get(prediction.accountId);
    const hp = healthOfAccount.get(prediction.accountId);
    const state: AccountState = {
      tenantId,
      accountId: prediction.accountId,
      accountName: account.name,
      ownerId: account.ownerId,
      arr: account.arr,
      daysToRenewal: daysToRenewal !== null && daysToRenewal >= 0 ? daysToRenewal : null,
      asOf: prediction.asOf,
      churn: {
        probability: prediction.probability,
        riskScore: prediction.riskScore,
        band: prediction.band,
        drivers: churnDrivers(prediction),
        whatIf: (prediction.whatIf ?? []).map((w) => ({ group: w.group as SignalGroup, deltaPoints: w.deltaPoints })),
      },
      expansion: expansionOf(exp),
      health: healthOf(hp),
    };
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
