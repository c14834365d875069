/**
 * A tenant's own trained model versions (`telltale train`). A row is written once training has been
 * judged: `active` (beat the model that was active), `rejected` (did not, or scoring refused it), or
 * `retired` (was active until a better version replaced it). At most one active version per tenant
 * and model; with none, the tenant is scored by the committed starter model.
 */
export const sql = `
create table tenant_model_versions (
  tenant_id text not null references tenants(id) on delete cascade,
  model text not null,
  version integer not null check (version > 0),
  model_version text,
  dir text not null,
  status text not null check (status in ('active', 'rejected', 'retired')),
  reason text not null,
  compared_with text,
  comparison jsonb,
  outcomes jsonb not null,
  trained_at timestamptz not null,
  decided_at timestamptz not null,
  retired_at timestamptz,
  primary key (tenant_id, model, version)
);

create unique index tenant_model_versions_one_active on tenant_model_versions (tenant_id, model) where status = 'active';
`;
