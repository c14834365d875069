import { upsertRows } from './bulk.js';
import type { Queryable } from './database.js';
import { PREDICTION_STAMP_SELECT, predictionStampColumns, toPredictionStamp, type PredictionStamp, type PredictionStampRow } from './prediction-columns.js';
import type { StoredDriver } from './predictions.js';

/** One stored expansion prediction of an account as of one day (a rescoring the same day replaces it). */
export interface ExpansionPrediction extends PredictionStamp {
  /** Each probability head by its card output name (e.g. { p_30d, p_90d, p_365d }), 0–1. */
  probabilities: Record<string, number>;
  /** The head the drivers explain (the CRM's expansion_probability), and its probability. */
  explainedOutput: string;
  probability: number;
  expectedAmount: number;
  window: '30_days' | '90_days' | '12_months' | 'unlikely';
  baseline: number | null;
  drivers: StoredDriver[] | null;
  whatIf: Array<{ group: string; deltaPoints: number }> | null;
}

/** Writes expansion predictions in bulk; one row per account and as-of day. */
export function upsertExpansionPredictions(db: Queryable, rows: readonly ExpansionPrediction[]): Promise<number> {
  return upsertRows(db, rows, {
    table: 'expansion_predictions',
    key: ['tenant_id', 'account_id', 'as_of'],
    columns: [
      ...predictionStampColumns<ExpansionPrediction>(),
      { name: 'probabilities', type: 'jsonb', value: (p) => p.probabilities },
      { name: 'explained_output', type: 'text', value: (p) => p.explainedOutput },
      { name: 'probability', type: 'numeric', value: (p) => p.probability },
      { name: 'expected_amount', type: 'numeric', value: (p) => p.expectedAmount },
      { name: 'expansion_window', type: 'text', value: (p) => p.window },
      { name: 'baseline', type: 'numeric', value: (p) => p.baseline },
      { name: 'drivers', type: 'jsonb', value: (p) => p.drivers },
      { name: 'what_if', type: 'jsonb', value: (p) => p.whatIf },
    ],
  });
}

interface ExpansionRow extends PredictionStampRow {
  probabilities: Record<string, number>;
  explained_output: string;
  probability: number;
  expected_amount: number;
  expansion_window: ExpansionPrediction['window'];
  baseline: number | null;
  drivers: StoredDriver[] | null;
  what_if: ExpansionPrediction['whatIf'];
}

/** The latest expansion prediction of each given account (all of the tenant's when `accountIds` is omitted). */
export async function latestExpansionPredictions(db: Queryable, tenantId: string, accountIds?: readonly string[]): Promise<ExpansionPrediction[]> {
  // Given accounts: one index probe each (the primary key's newest as_of); all of them: one pass in key order.
  const sql = accountIds
    ? `select x.* from (select distinct unnest($2::text[]) as id) ids cross join lateral (
         select ${PREDICTION_STAMP_SELECT}, probabilities, explained_output, probability, expected_amount, expansion_window, baseline, drivers, what_if from expansion_predictions t
          where t.tenant_id = $1 and t.account_id = ids.id order by t.as_of desc limit 1) x`
    : `select distinct on (account_id) ${PREDICTION_STAMP_SELECT}, probabilities, explained_output, probability, expected_amount, expansion_window, baseline, drivers, what_if from expansion_predictions
        where tenant_id = $1 order by account_id, expansion_predictions.as_of desc`;
  const { rows } = await db.query<ExpansionRow>(sql, accountIds ? [tenantId, [...accountIds]] : [tenantId]);
  return rows.map((r) => ({
    ...toPredictionStamp(r),
    probabilities: r.probabilities,
    explainedOutput: r.explained_output,
    probability: Number(r.probability),
    expectedAmount: Number(r.expected_amount),
    window: r.expansion_window,
    baseline: r.baseline === null ? null : Number(r.baseline),
    drivers: r.drivers,
    whatIf: r.what_if,
  }));
}
