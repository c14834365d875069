import { randomBytes } from 'node:crypto';
import type { Queryable } from './database.js';

/** A connected CRM instance (a HubSpot portal or a Salesforce org); every row and job carries its id. */
export interface Tenant {
  id: string;
  crm: 'hubspot' | 'salesforce';
  externalId: string;
  name: string;
  isSandbox: boolean;
  /** Segment-style write key authenticating POST /v1/usage/events for this tenant. */
  usageWriteKey: string;
  /** Per-tenant overrides of the CRM field mapping (see connectors/<crm>/tenant-mapping.ts). */
  mapping: Record<string, unknown>;
  status: 'active' | 'paused' | 'disconnected';
  statusReason: string | null;
  createdAt: string;
}

interface TenantRow {
  id: string;
  crm: Tenant['crm'];
  external_id: string;
  name: string;
  is_sandbox: boolean;
  usage_write_key: string;
  mapping: Record<string, unknown>;
  status: Tenant['status'];
  status_reason: string | null;
  created_at: Date;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  crm: row.crm,
  externalId: row.external_id,
  name: row.name,
  isSandbox: row.is_sandbox,
  usageWriteKey: row.usage_write_key,
  mapping: row.mapping,
  status: row.status,
  statusReason: row.status_reason,
  createdAt: new Date(row.created_at).toISOString(),
});

/** The tenant id for a CRM instance: `hubspot-<portalId>` or `salesforce-<orgId>`. */
export const tenantIdFor = (crm: Tenant['crm'], externalId: string): string => `${crm}-${externalId}`;

export const newUsageWriteKey = (): string => `tt_wk_${randomBytes(18).toString('base64url')}`;

/** Creates the tenant when missing; returns the stored tenant either way (idempotent). */
export async function ensureTenant(
  db: Queryable,
  input: { crm: Tenant['crm']; externalId: string; name: string; isSandbox?: boolean; usageWriteKey?: string },
): Promise<Tenant> {
  const id = tenantIdFor(input.crm, input.externalId);
  await db.query(
    `insert into tenants (id, crm, external_id, name, is_sandbox, usage_write_key)
     values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
    [id, input.crm, input.externalId, input.name, input.isSandbox ?? false, input.usageWriteKey ?? newUsageWriteKey()],
  );
  const tenant = await getTenant(db, id);
  if (!tenant) throw new Error(`tenant ${id} could not be created`);
  return tenant;
}

export async function getTenant(db: Queryable, id: string): Promise<Tenant | undefined> {
  const { rows } = await db.query<TenantRow>('select * from tenants where id = $1', [id]);
  return rows[0] ? toTenant(rows[0]) : undefined;
}

export async function findTenantByWriteKey(db: Queryable, writeKey: string): Promise<Tenant | undefined> {
  const { rows } = await db.query<TenantRow>('select * from tenants where usage_write_key = $1', [writeKey]);
  return rows[0] ? toTenant(rows[0]) : undefined;
}

export async function listTenants(db: Queryable): Promise<Tenant[]> {
  const { rows } = await db.query<TenantRow>('select * from tenants order by created_at, id');
  return rows.map(toTenant);
}

export async function setTenantStatus(db: Queryable, id: string, status: Tenant['status'], reason: string | null): Promise<void> {
  await db.query('update tenants set status = $2, status_reason = $3 where id = $1', [id, status, reason]);
}

export async function setTenantMapping(db: Queryable, id: string, mapping: Record<string, unknown>): Promise<void> {
  await db.query('update tenants set mapping = $2::jsonb where id = $1', [id, JSON.stringify(mapping)]);
}
