/** The first schema: tenants, CRM records with history, usage per day, and sync state. */
export const sql = `
create table tenants (
  id text primary key,
  crm text not null check (crm in ('hubspot', 'salesforce')),
  external_id text not null,
  name text not null,
  is_sandbox boolean not null default false,
  usage_write_key text not null unique,
  mapping jsonb not null default '{}'::jsonb,
  status text not null default 'active' check (status in ('active', 'paused', 'disconnected')),
  status_reason text,
  created_at timestamptz not null default now(),
  unique (crm, external_id)
);

create table accounts (
  tenant_id text not null references tenants(id) on delete cascade,
  id text not null,
  name text not null default '',
  domain text,
  owner_id text,
  industry text,
  segment text check (segment in ('smb', 'mid_market', 'enterprise')),
  arr numeric(14, 2),
  seats integer,
  contract_start date,
  renewal_date date,
  lifecycle text,
  churned_at date,
  crm_created_at timestamptz,
  crm_updated_at timestamptz,
  archived boolean not null default false,
  properties jsonb not null default '{}'::jsonb,
  synced_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index accounts_by_domain on accounts (tenant_id, lower(domain));

create table account_history (
  tenant_id text not null,
  account_id text not null,
  field text not null,
  valid_from timestamptz not null,
  value text,
  primary key (tenant_id, account_id, field, valid_from),
  foreign key (tenant_id, account_id) references accounts (tenant_id, id) on delete cascade
);

create table contacts (
  tenant_id text not null references tenants(id) on delete cascade,
  id text not null,
  account_id text,
  email text,
  first_name text,
  last_name text,
  job_title text,
  seniority text check (seniority in ('executive', 'vp', 'director', 'manager', 'individual')),
  buying_roles text[] not null default '{}',
  is_sponsor boolean not null default false,
  is_champion boolean not null default false,
  last_engaged_at timestamptz,
  crm_created_at timestamptz,
  crm_updated_at timestamptz,
  archived boolean not null default false,
  synced_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index contacts_by_account on contacts (tenant_id, account_id);
create index contacts_by_email on contacts (tenant_id, lower(email));

create table deals (
  tenant_id text not null references tenants(id) on delete cascade,
  id text not null,
  account_id text,
  name text not null default '',
  kind text not null check (kind in ('new_business', 'renewal', 'upsell', 'other')),
  pipeline text,
  stage text,
  is_closed boolean not null default false,
  is_won boolean not null default false,
  amount numeric(14, 2),
  close_date date,
  crm_created_at timestamptz,
  crm_updated_at timestamptz,
  archived boolean not null default false,
  synced_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index deals_by_account on deals (tenant_id, account_id, close_date);

create table tickets (
  tenant_id text not null references tenants(id) on delete cascade,
  id text not null,
  account_id text,
  subject text,
  priority text check (priority in ('low', 'medium', 'high', 'urgent')),
  status text not null check (status in ('open', 'waiting', 'closed')),
  category text,
  created_at timestamptz not null,
  first_response_at timestamptz,
  resolved_at timestamptz,
  escalated boolean not null default false,
  csat smallint check (csat between 1 and 5),
  crm_updated_at timestamptz,
  archived boolean not null default false,
  synced_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index tickets_by_account on tickets (tenant_id, account_id, created_at);

create table engagements (
  tenant_id text not null references tenants(id) on delete cascade,
  id text not null,
  account_id text,
  kind text not null check (kind in ('email', 'meeting', 'call', 'note', 'task')),
  direction text check (direction in ('inbound', 'outbound')),
  occurred_at timestamptz not null,
  contact_id text,
  counterpart_email text,
  with_executive boolean not null default false,
  status text,
  crm_updated_at timestamptz,
  archived boolean not null default false,
  synced_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index engagements_by_account on engagements (tenant_id, account_id, occurred_at);

create table usage_daily (
  tenant_id text not null references tenants(id) on delete cascade,
  account_id text not null,
  day date not null,
  active_users integer not null default 0,
  sessions integer not null default 0,
  events integer not null default 0,
  distinct_features integer not null default 0,
  advanced_features integer not null default 0,
  source text not null check (source in ('events', 'summary')),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, account_id, day)
);

create table usage_events (
  tenant_id text not null references tenants(id) on delete cascade,
  message_id text not null,
  account_id text not null,
  day date not null,
  user_id text,
  event text not null,
  feature text,
  is_advanced boolean not null default false,
  is_session boolean not null default false,
  received_at timestamptz not null default now(),
  primary key (tenant_id, message_id)
);
create index usage_events_by_day on usage_events (tenant_id, account_id, day);

create table usage_user_accounts (
  tenant_id text not null references tenants(id) on delete cascade,
  user_id text not null,
  account_id text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);

create table usage_unmapped (
  tenant_id text not null references tenants(id) on delete cascade,
  day date not null,
  group_key text not null,
  events integer not null default 0,
  last_seen_at timestamptz not null default now(),
  primary key (tenant_id, day, group_key)
);

create table sync_cursors (
  tenant_id text not null references tenants(id) on delete cascade,
  source text not null,
  stream text not null,
  cursor text,
  full_sync_completed_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, source, stream)
);

create table sync_runs (
  id bigserial primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  source text not null,
  mode text not null check (mode in ('full', 'incremental')),
  status text not null check (status in ('running', 'succeeded', 'failed')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  records integer not null default 0,
  requests integer not null default 0,
  error text
);
create index sync_runs_by_tenant on sync_runs (tenant_id, source, started_at desc);
`;
