/**
 * Interventions: what the playbooks recommended per account and play, the CRM task each became (or
 * why not: holdout, dismissed), the account state each evaluation saw, and the tenant's holdout share.
 */
export const sql = `
create table intervention_settings (
  tenant_id text primary key references tenants(id) on delete cascade,
  holdout_share double precision not null check (holdout_share >= 0 and holdout_share <= 1),
  updated_at timestamptz not null default now()
);

create table account_action_states (
  tenant_id text not null references tenants(id) on delete cascade,
  account_id text not null,
  churn_band text not null check (churn_band in ('low', 'medium', 'high')),
  intervention_window text not null check (intervention_window in ('early', 'timely', 'reactive', 'emergency')),
  declining boolean not null,
  expansion_window text not null check (expansion_window in ('unlikely', '12_months', '90_days', '30_days')),
  evaluated_at timestamptz not null,
  primary key (tenant_id, account_id)
);

create table interventions (
  id uuid primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  account_id text not null,
  play_id text not null,
  status text not null check (status in ('recommended', 'holdout', 'pending', 'open', 'completed', 'deleted', 'dismissed', 'expired', 'failed')),
  holdout boolean not null,
  origin text check (origin in ('automatic', 'accepted')),
  title text not null,
  details jsonb not null,
  owner_role text not null,
  owner_id text,
  priority text not null check (priority in ('LOW', 'MEDIUM', 'HIGH')),
  intervention_window text not null check (intervention_window in ('early', 'timely', 'reactive', 'emergency')),
  due_date date not null,
  trigger jsonb not null,
  task_revision integer not null default 1,
  task_synced_revision integer,
  crm_task_id text,
  create_attempted_at timestamptz,
  claim_token text,
  claimed_until timestamptz,
  last_error text,
  dismissed_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  accepted_at timestamptz,
  dismissed_at timestamptz,
  task_created_at timestamptz
);

-- At most one live intervention (and so one open task) per account and play.
create unique index interventions_one_live on interventions (tenant_id, account_id, play_id)
  where status in ('recommended', 'holdout', 'pending', 'open');
create index interventions_by_account on interventions (tenant_id, account_id, play_id, created_at desc);
create index interventions_task_work on interventions (tenant_id, created_at)
  where status = 'pending' or (status = 'open' and task_synced_revision < task_revision);
`;
