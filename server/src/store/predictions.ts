import { upsertRows } from './bulk.js';
import type { Queryable } from './database.js';

/** One stored prediction: a model's output for an account at one scoring time, with its explanation. */
export interface Prediction {
  tenantId: string;
  accountId: string;
  model: string;
  modelVersion: string;
  /** Version of manifests/features.json the inputs were built with. */
  featureSetVersion: string;
  scoredAt: Date;
  /** The date the features were built as of ('YYYY-MM-DD'). */
  asOf: string;
  probability: number;
  riskScore: number;
  band: 'low' | 'medium' | 'high';
  lowConfidence: boolean;
  /** Group Shapley values in probability points; they sum to 100 × (probability − baseline). */
  drivers: Array<{ group: string; points: number }> | null;
  baseline: number | null;
  whatIf: Array<{ group: string; deltaPoints: number }> | null;
}

/** Writes predictions in bulk; re-writing the same (account, model, scored_at) replaces it. */
export function insertPredictions(db: Queryable, predictions: readonly Prediction[]): Promise<number> {
  return upsertRows(db, predictions, {
    table: 'predictions',
    key: ['tenant_id', 'account_id', 'model', 'scored_at'],
    columns: [
      { name: 'tenant_id', type: 'text', value: (p) => p.tenantId },
      { name: 'account_id', type: 'text', value: (p) => p.accountId },
      { name: 'model', type: 'text', value: (p) => p.model },
      { name: 'model_version', type: 'text', value: (p) => p.modelVersion },
      { name: 'feature_set_version', type: 'text', value: (p) => p.featureSetVersion },
      { name: 'scored_at', type: 'timestamptz', value: (p) => p.scoredAt },
      { name: 'as_of', type: 'date', value: (p) => p.asOf },
      { name: 'probability', type: 'numeric', value: (p) => p.probability },
      { name: 'risk_score', type: 'smallint', value: (p) => p.riskScore },
      { name: 'band', type: 'text', value: (p) => p.band },
      { name: 'low_confidence', type: 'boolean', value: (p) => p.lowConfidence },
      { name: 'drivers', type: 'jsonb', value: (p) => p.drivers },
      { name: 'baseline', type: 'numeric', value: (p) => p.baseline },
      { name: 'what_if', type: 'jsonb', value: (p) => p.whatIf },
    ],
  });
}

interface PredictionRow {
  tenant_id: string;
  account_id: string;
  model: string;
  model_version: string;
  feature_set_version: string;
  scored_at: Date;
  as_of: string;
  probability: number;
  risk_score: number;
  band: Prediction['band'];
  low_confidence: boolean;
  drivers: Prediction['drivers'];
  baseline: number | null;
  what_if: Prediction['whatIf'];
}

/** The latest prediction of each of the tenant's accounts (per model; `model` narrows to one). */
export async function latestPredictions(db: Queryable, tenantId: string, model?: string): Promise<Prediction[]> {
  const { rows } = await db.query<PredictionRow>(
    `select distinct on (model, account_id) tenant_id, account_id, model, model_version, feature_set_version, scored_at,
       as_of::text as as_of, probability, risk_score, band, low_confidence, drivers, baseline, what_if
     from predictions
     where tenant_id = $1 and ($2::text is null or model = $2)
     order by model, account_id, scored_at desc`,
    [tenantId, model ?? null],
  );
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    accountId: r.account_id,
    model: r.model,
    modelVersion: r.model_version,
    featureSetVersion: r.feature_set_version,
    scoredAt: r.scored_at,
    asOf: r.as_of,
    probability: Number(r.probability),
    riskScore: Number(r.risk_score),
    band: r.band,
    lowConfidence: r.low_confidence,
    drivers: r.drivers,
    baseline: r.baseline === null ? null : Number(r.baseline),
    whatIf: r.what_if,
  }));
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
