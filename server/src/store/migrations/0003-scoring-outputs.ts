/**
 * Scoring outputs: one churn prediction per account, model and as-of day (a rescoring the same day
 * replaces it), expansion and health predictions, the daily health score, per-tenant scoring settings,
 * and the per-tenant change marker that after-sync scoring starts from.
 */
export const sql = `
delete from predictions p using predictions q
  where p.tenant_id = q.tenant_id and p.account_id = q.account_id and p.model = q.model
    and p.as_of = q.as_of and p.scored_at < q.scored_at;

alter table predictions drop constraint predictions_pkey;

alter table predictions add primary key (tenant_id, account_id, model, as_of);

alter table predictions
  add column missing_features jsonb not null default '[]'::jsonb,
  add column imputed_features jsonb not null default '[]'::jsonb,
  add column drivers_text text;

create table expansion_predictions (
  tenant_id text not null references tenants(id) on delete cascade,
  account_id text not null,
  as_of date not null,
  scored_at timestamptz not null,
  model_version text not null,
  feature_set_version text not null,
  probabilities jsonb not null,
  explained_output text not null,
  probability double precision not null check (probability >= 0 and probability <= 1),
  expected_amount double precision not null check (expected_amount >= 0),
  expansion_window text not null check (expansion_window in ('30_days', '90_days', '12_months', 'unlikely')),
  low_confidence boolean not null,
  missing_features jsonb not null,
  imputed_features jsonb not null,
  baseline double precision,
  drivers jsonb,
  what_if jsonb,
  primary key (tenant_id, account_id, as_of)
);

create table health_predictions (
  tenant_id text not null references tenants(id) on delete cascade,
  account_id text not null,
  as_of date not null,
  scored_at timestamptz not null,
  model_version text not null,
  feature_set_version text not null,
  score double precision not null check (score >= 0 and score <= 100),
  score_source text not null check (score_source in ('crm', 'pulse')),
  score_imputed boolean not null,
  forecast jsonb not null,
  forecast_90d double precision not null check (forecast_90d >= 0 and forecast_90d <= 100),
  trajectory text not null check (trajectory in ('improving', 'stable', 'declining')),
  trajectory_confidence smallint not null check (trajectory_confidence between 0 and 100),
  low_confidence boolean not null,
  missing_features jsonb not null,
  imputed_features jsonb not null,
  primary key (tenant_id, account_id, as_of)
);

create table health_daily (
  tenant_id text not null references tenants(id) on delete cascade,
  account_id text not null,
  day date not null,
  score double precision,
  source text not null check (source in ('crm', 'pulse')),
  computed_at timestamptz not null,
  primary key (tenant_id, account_id, day)
);

alter table tenants add column scoring_settings jsonb not null default '{}'::jsonb;

create table scoring_state (
  tenant_id text primary key references tenants(id) on delete cascade,
  changes_through timestamptz,
  last_scored_at timestamptz not null
);

create index accounts_changed on accounts (tenant_id, synced_at);
create index contacts_changed on contacts (tenant_id, synced_at);
create index deals_changed on deals (tenant_id, synced_at);
create index tickets_changed on tickets (tenant_id, synced_at);
create index engagements_changed on engagements (tenant_id, synced_at);
create index usage_daily_changed on usage_daily (tenant_id, updated_at);
`;
