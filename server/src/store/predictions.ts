import { upsertRows } from './bulk.js';
import type { Queryable } from './database.js';
import { PREDICTION_STAMP_SELECT, predictionStampColumns, toPredictionStamp, type PredictionStamp, type PredictionStampRow } from './prediction-columns.js';

/** One signal group's share of a prediction, with what moved inside it (scoring/driver-text.ts). */
export interface StoredDriver {
  group: string;
  /** Points of the explained output; a prediction's drivers sum to 100 × (prediction − baseline). */
  points: number;
  label?: string;
  direction?: 'raises' | 'lowers';
  topFeatures?: Array<{ feature: string; value: number | null; points: number; text: string }>;
  text?: string;
}

/**
 * One stored churn prediction: the model's output for an account as of one day, with its explanation.
 * One row per account, model and as-of day: a rescoring the same day replaces it.
 */
export interface Prediction extends PredictionStamp {
  model: string;
  probability: number;
  riskScore: number;
  band: 'low' | 'medium' | 'high';
  /** Group Shapley values in probability points; they sum to 100 × (probability − baseline). */
  drivers: StoredDriver[] | null;
  /** The drivers in one line (the CRM's churn_risk_drivers). */
  driversText: string | null;
  baseline: number | null;
  whatIf: Array<{ group: string; deltaPoints: number }> | null;
}

/** Writes predictions in bulk; re-writing the same (account, model, as-of day) replaces it. */
export function insertPredictions(db: Queryable, predictions: readonly Prediction[]): Promise<number> {
  return upsertRows(db, predictions, {
    table: 'predictions',
    key: ['tenant_id', 'account_id', 'model', 'as_of'],
    columns: [
      ...predictionStampColumns<Prediction>(),
      { name: 'model', type: 'text', value: (p) => p.model },
      { name: 'probability', type: 'numeric', value: (p) => p.probability },
      { name: 'risk_score', type: 'smallint', value: (p) => p.riskScore },
      { name: 'band', type: 'text', value: (p) => p.band },
      { name: 'drivers', type: 'jsonb', value: (p) => p.drivers },
      { name: 'drivers_text', type: 'text', value: (p) => p.driversText },
      { name: 'baseline', type: 'numeric', value: (p) => p.baseline },
      { name: 'what_if', type: 'jsonb', value: (p) => p.whatIf },
    ],
  });
}

interface PredictionRow extends PredictionStampRow {
  model: string;
  probability: number;
  risk_score: number;
  band: Prediction['band'];
  drivers: Prediction['drivers'];
  drivers_text: string | null;
  baseline: number | null;
  what_if: Prediction['whatIf'];
}

const PREDICTION_COLUMNS = `${PREDICTION_STAMP_SELECT}, model, probability, risk_score, band, drivers, drivers_text, baseline, what_if`;

/** The latest prediction of each of the tenant's accounts (per model; `model` narrows to one). */
export async function latestPredictions(db: Queryable, tenantId: string, model?: string): Promise<Prediction[]> {
  const { rows } = await db.query<PredictionRow>(
    `select distinct on (model, account_id) ${PREDICTION_COLUMNS}
     from predictions
     where tenant_id = $1 and ($2::text is null or model = $2)
     order by model, account_id, scored_at desc`,
    [tenantId, model ?? null],
  );
  return rows.map(toPrediction);
}

/** One account's latest prediction of `model`, if it was ever scored. */
export async function latestAccountPrediction(db: Queryable, tenantId: string, accountId: string, model: string): Promise<Prediction | undefined> {
  const { rows } = await db.query<PredictionRow>(
    `select ${PREDICTION_COLUMNS} from predictions where tenant_id = $1 and account_id = $2 and model = $3 order by predictions.as_of desc limit 1`,
    [tenantId, accountId, model],
  );
  return rows[0] && toPrediction(rows[0]);
}

function toPrediction(r: PredictionRow): Prediction {
  return {
    ...toPredictionStamp(r),
    model: r.model,
    probability: Number(r.probability),
    riskScore: Number(r.risk_score),
    band: r.band,
    drivers: r.drivers,
    driversText: r.drivers_text,
    baseline: r.baseline === null ? null : Number(r.baseline),
    whatIf: r.what_if,
  };
}

/** Counts over the latest prediction of each account for one model (the portfolio view). */
export interface PredictionSummary {
  accounts: number;
  lastScoredAt: string | null;
  bands: { low: number; medium: number; high: number };
}

/** Summarises the tenant's latest predictions of `model` in one query (no rows leave the database). */
export async function latestPredictionSummary(db: Queryable, tenantId: string, model: string): Promise<PredictionSummary> {
  const { rows } = await db.query<{ accounts: number; last_scored_at: Date | null; low: number; medium: number; high: number }>(
    `select count(*)::int as accounts, max(scored_at) as last_scored_at,
       count(*) filter (where band = 'low')::int as low,
       count(*) filter (where band = 'medium')::int as medium,
       count(*) filter (where band = 'high')::int as high
     from (select distinct on (account_id) account_id, scored_at, band
           from predictions where tenant_id = $1 and model = $2
           order by account_id, scored_at desc) latest`,
    [tenantId, model],
  );
  const row = rows[0];
  return {
    accounts: row?.accounts ?? 0,
    lastScoredAt: row?.last_scored_at ? new Date(row.last_scored_at).toISOString() : null,
    bands: { low: row?.low ?? 0, medium: row?.medium ?? 0, high: row?.high ?? 0 },
  };
}

/** Each account's churn risk score as of `day` or before (its latest prediction then): for 30-day changes. */
export async function churnRiskScoresAsOf(db: Queryable, tenantId: string, day: string, accountIds?: readonly string[]): Promise<Map<string, number>> {
  // Given accounts: one index probe each; all of them: one pass in key order.
  const sql = accountIds
    ? `select ids.id as account_id, x.risk_score from (select distinct unnest($3::text[]) as id) ids cross join lateral (
         select p.risk_score from predictions p where p.tenant_id = $1 and p.account_id = ids.id and p.model = 'churn' and p.as_of <= $2::date
          order by p.as_of desc limit 1) x`
    : `select distinct on (account_id) account_id, risk_score from predictions
        where tenant_id = $1 and model = 'churn' and as_of <= $2::date order by account_id, as_of desc`;
  const { rows } = await db.query<{ account_id: string; risk_score: number }>(sql, accountIds ? [tenantId, day, [...accountIds]] : [tenantId, day]);
  return new Map(rows.map((r) => [r.account_id, Number(r.risk_score)]));
}
