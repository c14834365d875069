import type { Queryable } from './database.js';

/** The tenant's stored scoring-settings overrides (validated by scoring/scoring-settings.ts); undefined: no such tenant. */
export async function getScoringSettingsOverrides(db: Queryable, tenantId: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await db.query<{ scoring_settings: Record<string, unknown> }>('select scoring_settings from tenants where id = $1', [tenantId]);
  return rows[0]?.scoring_settings;
}

/** Replaces the tenant's scoring-settings overrides; false when the tenant does not exist. */
export async function setScoringSettingsOverrides(db: Queryable, tenantId: string, overrides: Record<string, unknown>): Promise<boolean> {
  const result = await db.query('update tenants set scoring_settings = $2::jsonb where id = $1', [tenantId, JSON.stringify(overrides)]);
  return result.affectedRows > 0;
}
