import type { Queryable } from './database.js';

/** Where an intervention stands. Live ones (at most one per account and play): recommended, holdout, pending, open. */
export type InterventionStatus = 'recommended' | 'holdout' | 'pending' | 'open' | 'completed' | 'deleted' | 'dismissed' | 'expired' | 'failed';

export const LIVE_STATUSES: readonly InterventionStatus[] = ['recommended', 'holdout', 'pending', 'open'];

/** What an intervention says (the recommendation's reasons and plan), stored as JSON. */
export interface InterventionDetails {
  kind: string;
  why: {
    summary: string;
    lines: string[];
    drivers: Array<{ group: string; label: string; points: number; text: string | null; whatIfPoints: number | null; topFeatures: string[] }>;
  };
  steps: string[];
  success: string;
}

/** The recommendation content of an intervention, refreshed at each evaluation. */
export interface InterventionContent {
  title: string;
  details: InterventionDetails;
  ownerRole: string;
  ownerId: string | null;
  priority: 'LOW' | 'MEDIUM' | 'HIGH';
  window: 'early' | 'timely' | 'reactive' | 'emergency';
  /** 'YYYY-MM-DD'. */
  dueDate: string;
}

/** One stored intervention. */
export interface Intervention extends InterventionContent {
  id: string;
  tenantId: string;
  accountId: string;
  playId: string;
  status: InterventionStatus;
  /** The account was in the tenant's holdout when this was recorded. */
  holdout: boolean;
  /** How its task was asked for: by an escalation, or by a user accepting the recommendation. */
  origin: 'automatic' | 'accepted' | null;
  /** The account state that led to it (snapshots, escalations, scores). */
  trigger: Record<string, unknown>;
  /** Bumped when the CRM task should show the current content; the task shows `taskSyncedRevision`. */
  taskRevision: number;
  taskSyncedRevision: number | null;
  crmTaskId: string | null;
  createAttemptedAt: Date | null;
  lastError: string | null;
  dismissedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  acceptedAt: Date | null;
  dismissedAt: Date | null;
  taskCreatedAt: Date | null;
}

export interface NewIntervention extends InterventionContent {
  id: string;
  tenantId: string;
  accountId: string;
  playId: string;
  status: 'recommended' | 'holdout' | 'pending';
  holdout: boolean;
  origin: 'automatic' | 'accepted' | null;
  trigger: Record<string, unknown>;
}

/** New content for a live intervention; applied only while its status is still `expectedStatus`. */
export interface InterventionRefresh extends InterventionContent {
  id: string;
  expectedStatus: InterventionStatus;
  status: InterventionStatus;
  holdout: boolean;
  origin: 'automatic' | 'accepted' | null;
  /** Replaces the stored trigger when given (the state of a new escalation). */
  trigger: Record<string, unknown> | null;
  /** The CRM task should be brought up to this content. */
  bumpTaskRevision: boolean;
}

interface InterventionRow {
  id: string;
  tenant_id: string;
  account_id: string;
  play_id: string;
  status: InterventionStatus;
  holdout: boolean;
  origin: Intervention['origin'];
  title: string;
  details: InterventionDetails;
  owner_role: string;
  owner_id: string | null;
  priority: Intervention['priority'];
  intervention_window: Intervention['window'];
  due_date: string;
  trigger: Record<string, unknown>;
  task_revision: number;
  task_synced_revision: number | null;
  crm_task_id: string | null;
  create_attempted_at: Date | null;
  last_error: string | null;
  dismissed_reason: string | null;
  created_at: Date;
  updated_at: Date;
  accepted_at: Date | null;
  dismissed_at: Date | null;
  task_created_at: Date | null;
}

const COLUMNS = [
  'id::text as id', 'tenant_id', 'account_id', 'play_id', 'status', 'holdout', 'origin', 'title', 'details', 'owner_role', 'owner_id',
  'priority', 'intervention_window', 'due_date::text as due_date', 'trigger', 'task_revision', 'task_synced_revision', 'crm_task_id',
  'create_attempted_at', 'last_error', 'dismissed_reason', 'created_at', 'updated_at', 'accepted_at', 'dismissed_at', 'task_created_at',
];

/** Every column as read (ids and dates as text, which PostgreSQL and PGlite return alike), optionally qualified by a table alias. */
export function interventionColumns(alias?: string): string {
  return COLUMNS.map((column) => (alias ? `${alias}.${column}` : column)).join(', ');
}

export function toIntervention(row: InterventionRow): Intervention {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    accountId: row.account_id,
    playId: row.play_id,
    status: row.status,
    holdout: row.holdout,
    origin: row.origin,
    title: row.title,
    details: row.details,
    ownerRole: row.owner_role,
    ownerId: row.owner_id,
    priority: row.priority,
    window: row.intervention_window,
    dueDate: row.due_date,
    trigger: row.trigger,
    taskRevision: Number(row.task_revision),
    taskSyncedRevision: row.task_synced_revision === null ? null : Number(row.task_synced_revision),
    crmTaskId: row.crm_task_id,
    createAttemptedAt: row.create_attempted_at,
    lastError: row.last_error,
    dismissedReason: row.dismissed_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    acceptedAt: row.accepted_at,
    dismissedAt: row.dismissed_at,
    taskCreatedAt: row.task_created_at,
  };
}

export type { InterventionRow };

/**
 * Inserts interventions in one statement. A row that would be a second live intervention for its
 * account and play is skipped (another process got there first). Returns rows inserted.
 */
export async function insertInterventions(db: Queryable, rows: readonly NewIntervention[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns: Array<[string, string, (r: NewIntervention) => unknown]> = [
    ['id', 'uuid', (r) => r.id],
    ['tenant_id', 'text', (r) => r.tenantId],
    ['account_id', 'text', (r) => r.accountId],
    ['play_id', 'text', (r) => r.playId],
    ['status', 'text', (r) => r.status],
    ['holdout', 'boolean', (r) => r.holdout],
    ['origin', 'text', (r) => r.origin],
    ['title', 'text', (r) => r.title],
    ['details', 'jsonb', (r) => JSON.stringify(r.details)],
    ['owner_role', 'text', (r) => r.ownerRole],
    ['owner_id', 'text', (r) => r.ownerId],
    ['priority', 'text', (r) => r.priority],
    ['intervention_window', 'text', (r) => r.window],
    ['due_date', 'date', (r) => r.dueDate],
    ['trigger', 'jsonb', (r) => JSON.stringify(r.trigger)],
  ];
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const result = await db.query(
    `insert into interventions (${names}) select * from unnest(${arrays}) as u(${aliases}) on conflict do nothing`,
    columns.map(([, , value]) => rows.map(value)),
  );
  return result.affectedRows;
}

/** Applies new content (and status) to live interventions still in their expected status. Returns rows changed. */
export async function refreshInterventions(db: Queryable, rows: readonly InterventionRefresh[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.query(
    `update interventions i set status = u.status, holdout = u.holdout, origin = u.origin, title = u.title, details = u.details,
       owner_role = u.owner_role, owner_id = u.owner_id, priority = u.priority, intervention_window = u.win, due_date = u.due_date,
       trigger = coalesce(u.trigger, i.trigger), task_revision = i.task_revision + (case when u.bump then 1 else 0 end), updated_at = now()
     from unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::text[],
                 $10::text[], $11::text[], $12::date[], $13::jsonb[], $14::boolean[])
       as u(id, expected, status, holdout, origin, title, details, owner_role, owner_id, priority, win, due_date, trigger, bump)
     where i.id = u.id and i.status = u.expected`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.expectedStatus),
      rows.map((r) => r.status),
      rows.map((r) => r.holdout),
      rows.map((r) => r.origin),
      rows.map((r) => r.title),
      rows.map((r) => JSON.stringify(r.details)),
      rows.map((r) => r.ownerRole),
      rows.map((r) => r.ownerId),
      rows.map((r) => r.priority),
      rows.map((r) => r.window),
      rows.map((r) => r.dueDate),
      rows.map((r) => (r.trigger === null ? null : JSON.stringify(r.trigger))),
      rows.map((r) => r.bumpTaskRevision),
    ],
  );
  return result.affectedRows;
}

/** Marks recommendations that no longer apply, or failed interventions superseded, as expired (never one with a task). */
export async function expireInterventions(db: Queryable, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.query(
    `update interventions set status = 'expired', updated_at = now() where id = any($1::uuid[]) and status in ('recommended', 'holdout', 'failed')`,
    [ids],
  );
  return result.affectedRows;
}

/** The newest intervention per account and play of these accounts. */
export async function latestInterventions(db: Queryable, tenantId: string, accountIds: readonly string[]): Promise<Intervention[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await db.query<InterventionRow>(
    `select distinct on (account_id, play_id) ${interventionColumns()} from interventions
     where tenant_id = $1 and account_id = any($2::text[])
     order by account_id, play_id, created_at desc, (status in ('recommended', 'holdout', 'pending', 'open')) desc`,
    [tenantId, accountIds],
  );
  return rows.map(toIntervention);
}

/** One intervention of the tenant (undefined for another tenant's id or a malformed id). */
export async function getIntervention(db: Queryable, tenantId: string, id: string): Promise<Intervention | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<InterventionRow>(`select ${interventionColumns()} from interventions where tenant_id = $1 and id = $2::uuid`, [tenantId, id]);
  return rows[0] ? toIntervention(rows[0]) : undefined;
}

/** The account's live and failed interventions, most urgent first (what the account card shows). */
export async function listAccountInterventions(db: Queryable, tenantId: string, accountId: string): Promise<Intervention[]> {
  const { rows } = await db.query<InterventionRow>(
    `select ${interventionColumns()} from interventions
     where tenant_id = $1 and account_id = $2 and status in ('recommended', 'holdout', 'pending', 'open', 'failed')
     order by array_position(array['emergency', 'reactive', 'timely', 'early'], intervention_window),
       array_position(array['HIGH', 'MEDIUM', 'LOW'], priority), created_at, id`,
    [tenantId, accountId],
  );
  return rows.map(toIntervention);
}

/**
 * Moves an intervention from one of `from` to `to` with the given column changes; returns the row
 * after the change, or undefined when it is not (or no longer) in one of `from`.
 */
export async function transitionIntervention(
  db: Queryable,
  tenantId: string,
  id: string,
  from: readonly InterventionStatus[],
  change: { status: InterventionStatus; origin?: 'accepted'; dismissedReason?: string },
): Promise<Intervention | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<InterventionRow>(
    `update interventions set status = $4, updated_at = now(), last_error = null,
       origin = coalesce($5, origin), accepted_at = case when $5::text is null then accepted_at else now() end,
       dismissed_reason = coalesce($6, dismissed_reason), dismissed_at = case when $6::text is null then dismissed_at else now() end
     where tenant_id = $1 and id = $2::uuid and status = any($3::text[])
     returning ${interventionColumns()}`,
    [tenantId, id, from, change.status, change.origin ?? null, change.dismissedReason ?? null],
  );
  return rows[0] ? toIntervention(rows[0]) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The holdout share set for the tenant, or null when it uses the playbook's default. */
export async function getHoldoutShare(db: Queryable, tenantId: string): Promise<number | null> {
  const { rows } = await db.query<{ holdout_share: number }>('select holdout_share from intervention_settings where tenant_id = $1', [tenantId]);
  return rows[0] ? Number(rows[0].holdout_share) : null;
}

/** Sets the tenant's holdout share (0–1); null returns it to the playbook's default. */
export async function setHoldoutShare(db: Queryable, tenantId: string, share: number | null): Promise<void> {
  if (share === null) {
    await db.query('delete from intervention_settings where tenant_id = $1', [tenantId]);
    return;
  }
  if (!(share >= 0 && share <= 1)) throw new RangeError(`holdout share must be between 0 and 1, got ${share}`);
  await db.query(
    `insert into intervention_settings (tenant_id, holdout_share) values ($1, $2)
     on conflict (tenant_id) do update set holdout_share = excluded.holdout_share, updated_at = now()`,
    [tenantId, share],
  );
}
