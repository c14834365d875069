import { upsertRows } from './bulk.js';
import type { Queryable } from './database.js';
import { PREDICTION_STAMP_SELECT, predictionStampColumns, toPredictionStamp, type PredictionStamp, type PredictionStampRow } from './prediction-columns.js';

/** One stored health forecast of an account as of one day (a rescoring the same day replaces it). */
export interface HealthPrediction extends PredictionStamp {
  /** Today's health score (0–100) as the forecast used it; imputed from the card when missing. */
  score: number;
  /** 'crm' when the tenant maps a CRM health property, else Telltale's 'pulse'. */
  scoreSource: 'crm' | 'pulse';
  scoreImputed: boolean;
  /** Percentiles per horizon, ascending. */
  forecast: Array<{ horizonDays: number; p10: number; p50: number; p90: number }>;
  /** The median at the longest horizon (the CRM's health_forecast_90d). */
  forecast90d: number;
  trajectory: 'improving' | 'stable' | 'declining';
  trajectoryConfidence: number;
}

/** Writes health predictions in bulk; one row per account and as-of day. */
export function upsertHealthPredictions(db: Queryable, rows: readonly HealthPrediction[]): Promise<number> {
  return upsertRows(db, rows, {
    table: 'health_predictions',
    key: ['tenant_id', 'account_id', 'as_of'],
    columns: [
      ...predictionStampColumns<HealthPrediction>(),
      { name: 'score', type: 'numeric', value: (p) => p.score },
      { name: 'score_source', type: 'text', value: (p) => p.scoreSource },
      { name: 'score_imputed', type: 'boolean', value: (p) => p.scoreImputed },
      { name: 'forecast', type: 'jsonb', value: (p) => p.forecast },
      { name: 'forecast_90d', type: 'numeric', value: (p) => p.forecast90d },
      { name: 'trajectory', type: 'text', value: (p) => p.trajectory },
      { name: 'trajectory_confidence', type: 'smallint', value: (p) => p.trajectoryConfidence },
    ],
  });
}

interface HealthRow extends PredictionStampRow {
  score: number;
  score_source: HealthPrediction['scoreSource'];
  score_imputed: boolean;
  forecast: HealthPrediction['forecast'];
  forecast_90d: number;
  trajectory: HealthPrediction['trajectory'];
  trajectory_confidence: number;
}

/** The latest health prediction of each given account (all of the tenant's when `accountIds` is omitted). */
export async function latestHealthPredictions(db: Queryable, tenantId: string, accountIds?: readonly string[]): Promise<HealthPrediction[]> {
  // Given accounts: one index probe each (the primary key's newest as_of); all of them: one pass in key order.
  const sql = accountIds
    ? `select x.* from (select distinct unnest($2::text[]) as id) ids cross join lateral (
         select ${PREDICTION_STAMP_SELECT}, score, score_source, score_imputed, forecast, forecast_90d, trajectory, trajectory_confidence from health_predictions t
          where t.tenant_id = $1 and t.account_id = ids.id order by t.as_of desc limit 1) x`
    : `select distinct on (account_id) ${PREDICTION_STAMP_SELECT}, score, score_source, score_imputed, forecast, forecast_90d, trajectory, trajectory_confidence from health_predictions
        where tenant_id = $1 order by account_id, health_predictions.as_of desc`;
  const { rows } = await db.query<HealthRow>(sql, accountIds ? [tenantId, [...accountIds]] : [tenantId]);
  return rows.map((r) => ({
    ...toPredictionStamp(r),
    score: Number(r.score),
    scoreSource: r.score_source,
    scoreImputed: r.score_imputed,
    forecast: r.forecast,
    forecast90d: Number(r.forecast_90d),
    trajectory: r.trajectory,
    trajectoryConfidence: Number(r.trajectory_confidence),
  }));
}
