import type { Queryable } from './database.js';
import { interventionColumns, toIntervention, type Intervention, type InterventionRow } from './interventions.js';

/**
 * The CRM-task outbox over `interventions`: `pending` rows need a task created, `open` rows whose
 * task shows an older revision need it updated. A worker claims rows with a lease (a token and an
 * expiry) so two workers never send the same row; a worker that dies leaves its lease to expire.
 */
export type TaskWork = 'create' | 'update';

export interface ClaimedIntervention {
  intervention: Intervention;
  /** A create was attempted before this claim: the task may exist already, so look before creating. */
  previouslyAttempted: boolean;
}

export interface ClaimOptions {
  token: string;
  limit: number;
  leaseSeconds: number;
  /** Only these interventions (accepting one intervention). */
  ids?: readonly string[] | undefined;
}

const WORK_FILTER: Record<TaskWork, string> = {
  create: `status = 'pending'`,
  update: `status = 'open' and task_synced_revision < task_revision`,
};

/**
 * Claims up to `limit` rows needing `work`, oldest first, skipping rows another worker holds. For
 * creates the attempt time is recorded in the same statement, before any CRM call.
 */
export async function claimTaskWork(db: Queryable, tenantId: string, work: TaskWork, options: ClaimOptions): Promise<ClaimedIntervention[]> {
  const { rows } = await db.query<InterventionRow & { previous_attempt: Date | null }>(
    `with picked as (
       select id, create_attempted_at as previous_attempt from interventions
       where tenant_id = $1 and ${WORK_FILTER[work]} and (claimed_until is null or claimed_until < now())
         and ($5::uuid[] is null or id = any($5::uuid[]))
       order by created_at, id limit $2 for update skip locked)
     update interventions i set claim_token = $3, claimed_until = now() + make_interval(secs => $4::double precision),
       create_attempted_at = case when $6 then now() else i.create_attempted_at end
     from picked where i.id = picked.id
     returning ${interventionColumns('i')}, picked.previous_attempt`,
    [tenantId, options.limit, options.token, options.leaseSeconds, options.ids ?? null, work === 'create'],
  );
  return rows
    .map((row) => ({ intervention: toIntervention(row), previouslyAttempted: row.previous_attempt !== null }))
    .sort((a, b) => a.intervention.createdAt.getTime() - b.intervention.createdAt.getTime() || a.intervention.id.localeCompare(b.intervention.id));
}

/** Records the CRM tasks created for claimed rows: they become `open` at the claimed revision. */
export async function recordTasksCreated(db: Queryable, token: string, created: ReadonlyArray<{ id: string; taskId: string; revision: number }>): Promise<number> {
  if (created.length === 0) return 0;
  const result = await db.query(
    `update interventions i set status = 'open', crm_task_id = u.task_id, task_synced_revision = u.revision, task_created_at = now(),
       claim_token = null, claimed_until = null, last_error = null, updated_at = now()
     from unnest($2::uuid[], $3::text[], $4::integer[]) as u(id, task_id, revision)
     where i.id = u.id and i.claim_token = $1`,
    [token, created.map((c) => c.id), created.map((c) => c.taskId), created.map((c) => c.revision)],
  );
  return result.affectedRows;
}

/** Records that claimed rows' tasks now show `revision`. */
export async function recordTasksUpdated(db: Queryable, token: string, updated: ReadonlyArray<{ id: string; revision: number }>): Promise<number> {
  if (updated.length === 0) return 0;
  const result = await db.query(
    `update interventions i set task_synced_revision = greatest(coalesce(i.task_synced_revision, 0), u.revision),
       claim_token = null, claimed_until = null, last_error = null, updated_at = now()
     from unnest($2::uuid[], $3::integer[]) as u(id, revision)
     where i.id = u.id and i.claim_token = $1`,
    [token, updated.map((u) => u.id), updated.map((u) => u.revision)],
  );
  return result.affectedRows;
}

/** Ends claimed rows whose CRM task was completed or deleted in the CRM, or whose task could not be made. */
export async function endTaskInterventions(
  db: Queryable,
  token: string,
  ended: ReadonlyArray<{ id: string; status: 'completed' | 'deleted' | 'failed'; error?: string | undefined }>,
): Promise<number> {
  if (ended.length === 0) return 0;
  const result = await db.query(
    `update interventions i set status = u.status, last_error = u.error, claim_token = null, claimed_until = null, updated_at = now()
     from unnest($2::uuid[], $3::text[], $4::text[]) as u(id, status, error)
     where i.id = u.id and i.claim_token = $1`,
    [token, ended.map((e) => e.id), ended.map((e) => e.status), ended.map((e) => e.error ?? null)],
  );
  return result.affectedRows;
}

/** Lets go of every row still held under `token` (after a failure), noting the error on them. */
export async function releaseTaskClaims(db: Queryable, token: string, error: string | null): Promise<number> {
  const result = await db.query(
    `update interventions set claim_token = null, claimed_until = null, last_error = coalesce($2, last_error) where claim_token = $1`,
    [token, error],
  );
  return result.affectedRows;
}
