/**
 * Write-back state: per tenant, CRM record and catalogue field, the value last confirmed written to
 * the CRM and the value of a write in flight (recorded before the request, settled after it); and a
 * per-tenant lease so one write-back runs per tenant at a time, across processes.
 */
export const sql = `
create table write_back_state (
  tenant_id text not null references tenants(id) on delete cascade,
  account_id text not null,
  field text not null,
  written_value text,
  written_at timestamptz,
  pending_value text,
  pending_run text,
  pending_at timestamptz,
  primary key (tenant_id, account_id, field)
);

-- Writes a run recorded but did not settle (its process stopped): the next run reconciles them.
create index write_back_state_pending on write_back_state (tenant_id, account_id) where pending_run is not null;

create table write_back_leases (
  tenant_id text primary key references tenants(id) on delete cascade,
  holder text not null,
  expires_at timestamptz not null
);
`;
