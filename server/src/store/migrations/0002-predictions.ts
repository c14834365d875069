/** Stored model predictions: one row per account, model and scoring time, with its explanation. */
export const sql = `
create table predictions (
  tenant_id text not null references tenants(id) on delete cascade,
  account_id text not null,
  model text not null,
  model_version text not null,
  feature_set_version text not null,
  scored_at timestamptz not null,
  as_of date not null,
  probability double precision not null check (probability >= 0 and probability <= 1),
  risk_score smallint not null check (risk_score between 0 and 100),
  band text not null check (band in ('low', 'medium', 'high')),
  low_confidence boolean not null default false,
  drivers jsonb,
  baseline double precision,
  what_if jsonb,
  primary key (tenant_id, account_id, model, scored_at)
);

-- The latest prediction per account and model is the first row of this index.
create index predictions_latest on predictions (tenant_id, model, account_id, scored_at desc);
`;
