import type { SecretBox } from '../secrets/secret-box.js';
import type { Queryable } from './database.js';

/** A tenant's HubSpot OAuth grant in clear: held in memory only, sealed in the store. */
export interface HubSpotGrant {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  scopes: string[];
}

export interface StoredHubSpotGrant extends HubSpotGrant {
  tenantId: string;
  /** The key that sealed the tokens (see SecretBox). */
  keyId: string;
  installedAt: Date;
  refreshedAt: Date | null;
}

interface CredentialsRow {
  tenant_id: string;
  key_id: string;
  access_token_sealed: string;
  refresh_token_sealed: string;
  access_token_expires_at: Date | string;
  scopes: string[];
  installed_at: Date | string;
  refreshed_at: Date | string | null;
}

// The tenant and field are authenticated with each token, so a sealed token moved to another row does not open.
const accessContext = (tenantId: string) => `${tenantId}:hubspot:access_token`;
const refreshContext = (tenantId: string) => `${tenantId}:hubspot:refresh_token`;

/**
 * Stores a tenant's grant sealed with the box's current key. `install` replaces any grant (a
 * re-install) and stamps `installed_at`; `refresh` replaces the tokens of the existing grant.
 */
export async function saveHubSpotGrant(db: Queryable, box: SecretBox, tenantId: string, grant: HubSpotGrant, event: { kind: 'install' | 'refresh'; at: Date }): Promise<void> {
  const sealed = [box.currentKeyId, box.seal(grant.accessToken, accessContext(tenantId)), box.seal(grant.refreshToken, refreshContext(tenantId)), grant.accessTokenExpiresAt, grant.scopes, event.at];
  if (event.kind === 'install') {
    await db.query(
      `insert into tenant_credentials (tenant_id, provider, key_id, access_token_sealed, refresh_token_sealed, access_token_expires_at, scopes, installed_at, refreshed_at, updated_at)
       values ($1, 'hubspot', $2, $3, $4, $5, $6::text[], $7, null, $7)
       on conflict (tenant_id) do update set key_id = excluded.key_id, access_token_sealed = excluded.access_token_sealed,
         refresh_token_sealed = excluded.refresh_token_sealed, access_token_expires_at = excluded.access_token_expires_at,
         scopes = excluded.scopes, installed_at = excluded.installed_at, refreshed_at = null, updated_at = excluded.updated_at`,
      [tenantId, ...sealed],
    );
    return;
  }
  const { affectedRows } = await db.query(
    `update tenant_credentials set key_id = $2, access_token_sealed = $3, refresh_token_sealed = $4, access_token_expires_at = $5,
       scopes = $6::text[], refreshed_at = $7, updated_at = $7
     where tenant_id = $1`,
    [tenantId, ...sealed],
  );
  if (affectedRows !== 1) throw new Error(`tenant ${tenantId} has no HubSpot grant to refresh`);
}

/** The tenant's grant opened with the box, or undefined; `lock` takes a row lock (call inside a transaction). */
export async function loadHubSpotGrant(db: Queryable, box: SecretBox, tenantId: string, options: { lock?: boolean } = {}): Promise<StoredHubSpotGrant | undefined> {
  const { rows } = await db.query<CredentialsRow>(
    `select tenant_id, key_id, access_token_sealed, refresh_token_sealed, access_token_expires_at, scopes, installed_at, refreshed_at
     from tenant_credentials where tenant_id = $1 and provider = 'hubspot'${options.lock ? ' for update' : ''}`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    tenantId,
    keyId: row.key_id,
    accessToken: box.open(row.access_token_sealed, accessContext(tenantId)),
    refreshToken: box.open(row.refresh_token_sealed, refreshContext(tenantId)),
    accessTokenExpiresAt: new Date(row.access_token_expires_at),
    scopes: row.scopes,
    installedAt: new Date(row.installed_at),
    refreshedAt: row.refreshed_at === null ? null : new Date(row.refreshed_at),
  };
}

/** Forgets a tenant's grant (its refresh token was revoked); true when there was one. */
export async function deleteHubSpotGrant(db: Queryable, tenantId: string): Promise<boolean> {
  const { affectedRows } = await db.query(`delete from tenant_credentials where tenant_id = $1 and provider = 'hubspot'`, [tenantId]);
  return affectedRows > 0;
}

/**
 * Re-seals, with the box's current key, every grant sealed with another (configured) key: run after
 * a key rotation, then the old key can be dropped from TELLTALE_PREVIOUS_ENCRYPTION_KEYS. Returns how
 * many grants were re-sealed (a grant refreshed meanwhile is already under the current key and skipped).
 */
export async function resealHubSpotGrants(db: Queryable, box: SecretBox): Promise<number> {
  const { rows } = await db.query<Pick<CredentialsRow, 'tenant_id' | 'access_token_sealed' | 'refresh_token_sealed'>>(
    `select tenant_id, access_token_sealed, refresh_token_sealed from tenant_credentials where provider = 'hubspot' and key_id <> $1`,
    [box.currentKeyId],
  );
  let resealed = 0;
  for (const row of rows) {
    const access = box.seal(box.open(row.access_token_sealed, accessContext(row.tenant_id)), accessContext(row.tenant_id));
    const refresh = box.seal(box.open(row.refresh_token_sealed, refreshContext(row.tenant_id)), refreshContext(row.tenant_id));
    const { affectedRows } = await db.query(
      `update tenant_credentials set key_id = $2, access_token_sealed = $3, refresh_token_sealed = $4 where tenant_id = $1 and access_token_sealed = $5`,
      [row.tenant_id, box.currentKeyId, access, refresh, row.access_token_sealed],
    );
    resealed += affectedRows;
  }
  return resealed;
}
