import type { Database, Queryable } from './database.js';

/** What became of a trained tenant model version (see migrations/0004-tenant-models.ts). */
export type TenantModelStatus = 'active' | 'rejected' | 'retired';

/** One trained model version of a tenant, as stored. */
export interface TenantModelVersion {
  tenantId: string;
  model: string;
  /** 1, 2, 3… per tenant and model; its directory is `<dataDir>/models/<tenant>/<model>/v<version>/`. */
  version: number;
  /** The card's version (what predictions record as model_version); null when the card was unreadable. */
  modelVersion: string | null;
  dir: string;
  status: TenantModelStatus;
  /** Why it was activated or rejected, in one sentence. */
  reason: string;
  /** The model it was judged against ('starter <card version>' or 'v<N> <card version>'); null when scoring refused it first. */
  comparedWith: string | null;
  /** Both models' metrics on the candidate's holdout window, the bootstrap and the verdict. */
  comparison: Record<string, unknown> | null;
  /** The outcome counts per window the training started from. */
  outcomes: Record<string, unknown>;
  trainedAt: string;
  decidedAt: string;
  retiredAt: string | null;
}

export type NewTenantModelVersion = Omit<TenantModelVersion, 'status' | 'retiredAt'> & { status: 'active' | 'rejected' };

/** The version recorded as active changed between the comparison and the decision (another training won). */
export class ActiveModelChangedError extends Error {
  override readonly name = 'ActiveModelChangedError';
}

interface VersionRow {
  tenant_id: string;
  model: string;
  version: number;
  model_version: string | null;
  dir: string;
  status: TenantModelStatus;
  reason: string;
  compared_with: string | null;
  comparison: Record<string, unknown> | null;
  outcomes: Record<string, unknown>;
  trained_at: Date | string;
  decided_at: Date | string;
  retired_at: Date | string | null;
}

const COLUMNS = 'tenant_id, model, version, model_version, dir, status, reason, compared_with, comparison, outcomes, trained_at, decided_at, retired_at';
const iso = (value: Date | string) => new Date(value).toISOString();

function toVersion(row: VersionRow): TenantModelVersion {
  return {
    tenantId: row.tenant_id,
    model: row.model,
    version: row.version,
    modelVersion: row.model_version,
    dir: row.dir,
    status: row.status,
    reason: row.reason,
    comparedWith: row.compared_with,
    comparison: row.comparison,
    outcomes: row.outcomes,
    trainedAt: iso(row.trained_at),
    decidedAt: iso(row.decided_at),
    retiredAt: row.retired_at === null ? null : iso(row.retired_at),
  };
}

/** The directory of the tenant's active version of `model`, or undefined when the starter model serves it. */
export async function activeTenantModelDir(db: Queryable, tenantId: string, model: string): Promise<string | undefined> {
  return (await activeTenantModel(db, tenantId, model))?.dir;
}

export async function activeTenantModel(db: Queryable, tenantId: string, model: string): Promise<TenantModelVersion | undefined> {
  const { rows } = await db.query<VersionRow>(`select ${COLUMNS} from tenant_model_versions where tenant_id = $1 and model = $2 and status = 'active'`, [tenantId, model]);
  return rows[0] ? toVersion(rows[0]) : undefined;
}

/** Every version of the tenant (of one model when given), newest first. */
export async function listTenantModelVersions(db: Queryable, tenantId: string, model?: string): Promise<TenantModelVersion[]> {
  const { rows } = await db.query<VersionRow>(
    `select ${COLUMNS} from tenant_model_versions where tenant_id = $1 and ($2::text is null or model = $2) order by model, version desc`,
    [tenantId, model ?? null],
  );
  return rows.map(toVersion);
}

/** The highest version number recorded for the tenant and model (0 when none). */
export async function highestTenantModelVersion(db: Queryable, tenantId: string, model: string): Promise<number> {
  const { rows } = await db.query<{ n: number | null }>('select max(version) as n from tenant_model_versions where tenant_id = $1 and model = $2', [tenantId, model]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Records a judged version in one transaction. An `active` one retires the version active so far,
 * which must be `expectedActive` (the version it was compared against; null = none, the starter
 * served the tenant): otherwise nothing is written and ActiveModelChangedError is thrown.
 */
export async function recordTenantModelVersion(db: Database, version: NewTenantModelVersion, expectedActive: number | null): Promise<TenantModelVersion> {
  return db.transaction(async (tx) => {
    // Serialises decisions per tenant and model, including the first activation (no row to lock yet).
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`tenant-model:${version.tenantId}:${version.model}`]);
    if (version.status === 'active') {
      const { rows } = await tx.query<{ version: number }>(
        "select version from tenant_model_versions where tenant_id = $1 and model = $2 and status = 'active'",
        [version.tenantId, version.model],
      );
      const current = rows[0]?.version ?? null;
      if (current !== expectedActive) {
        throw new ActiveModelChangedError(
          `${version.model} of ${version.tenantId}: the active version is ${current === null ? 'the starter model' : `v${current}`}, not the ${expectedActive === null ? 'starter model' : `v${expectedActive}`} the candidate was compared with; train again`,
        );
      }
      await tx.query(
        "update tenant_model_versions set status = 'retired', retired_at = $3 where tenant_id = $1 and model = $2 and status = 'active'",
        [version.tenantId, version.model, version.decidedAt],
      );
    }
    const { rows } = await tx.query<VersionRow>(
      `insert into tenant_model_versions (${COLUMNS})
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, null)
       returning ${COLUMNS}`,
      [
        version.tenantId,
        version.model,
        version.version,
        version.modelVersion,
        version.dir,
        version.status,
        version.reason,
        version.comparedWith,
        version.comparison === null ? null : JSON.stringify(version.comparison),
        JSON.stringify(version.outcomes),
        version.trainedAt,
        version.decidedAt,
      ],
    );
    return toVersion(rows[0]!);
  });
}
