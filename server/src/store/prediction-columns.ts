import type { BulkColumn } from './bulk.js';

/** What every stored prediction carries besides its model's own outputs. */
export interface PredictionStamp {
  tenantId: string;
  accountId: string;
  /** 'YYYY-MM-DD': one row per account (and model) and as-of day. */
  asOf: string;
  scoredAt: Date;
  modelVersion: string;
  /** Version of manifests/features.json the inputs were built with. */
  featureSetVersion: string;
  lowConfidence: boolean;
  /** Every missing input, and those of them filled from the card (see scoring/impute.ts). */
  missingFeatures: string[];
  imputedFeatures: string[];
}

/** The bulk-write columns of a PredictionStamp (same column names in every prediction table). */
export function predictionStampColumns<Row extends PredictionStamp>(): BulkColumn<Row>[] {
  return [
    { name: 'tenant_id', type: 'text', value: (p) => p.tenantId },
    { name: 'account_id', type: 'text', value: (p) => p.accountId },
    { name: 'as_of', type: 'date', value: (p) => p.asOf },
    { name: 'scored_at', type: 'timestamptz', value: (p) => p.scoredAt },
    { name: 'model_version', type: 'text', value: (p) => p.modelVersion },
    { name: 'feature_set_version', type: 'text', value: (p) => p.featureSetVersion },
    { name: 'low_confidence', type: 'boolean', value: (p) => p.lowConfidence },
    { name: 'missing_features', type: 'jsonb', value: (p) => p.missingFeatures },
    { name: 'imputed_features', type: 'jsonb', value: (p) => p.imputedFeatures },
  ];
}

/** The stamp columns as selected (as_of as text). */
export const PREDICTION_STAMP_SELECT = 'tenant_id, account_id, as_of::text as as_of, scored_at, model_version, feature_set_version, low_confidence, missing_features, imputed_features';

export interface PredictionStampRow {
  tenant_id: string;
  account_id: string;
  as_of: string;
  scored_at: Date;
  model_version: string;
  feature_set_version: string;
  low_confidence: boolean;
  missing_features: string[];
  imputed_features: string[];
}

/** A selected row's stamp. */
export function toPredictionStamp(r: PredictionStampRow): PredictionStamp {
  return {
    tenantId: r.tenant_id,
    accountId: r.account_id,
    asOf: r.as_of,
    scoredAt: new Date(r.scored_at),
    modelVersion: r.model_version,
    featureSetVersion: r.feature_set_version,
    lowConfidence: r.low_confidence,
    missingFeatures: r.missing_features,
    imputedFeatures: r.imputed_features,
  };
}
