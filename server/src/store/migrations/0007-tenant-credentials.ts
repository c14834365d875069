/**
 * OAuth grants per tenant. Tokens are stored sealed (AES-256-GCM, secrets/secret-box.ts), never in
 * clear; `key_id` names the key that sealed them so a rotation can find rows still under an old key.
 */
export const sql = `
create table tenant_credentials (
  tenant_id text primary key references tenants(id) on delete cascade,
  provider text not null check (provider in ('hubspot')),
  key_id text not null,
  access_token_sealed text not null,
  refresh_token_sealed text not null,
  access_token_expires_at timestamptz not null,
  scopes text[] not null default '{}',
  installed_at timestamptz not null,
  refreshed_at timestamptz,
  updated_at timestamptz not null
);

create index tenant_credentials_key_id on tenant_credentials (key_id);
`;
