import type { Queryable } from './database.js';

/**
 * Sync state per tenant, source and stream: the cursor (how far a stream has been read) and the
 * history of sync runs. A stream's cursor is written in the same transaction as the rows it covers.
 */

export interface SyncCursor {
  cursor: string | null;
  fullSyncCompletedAt: Date | null;
  updatedAt: Date;
}

export interface StreamRef {
  tenantId: string;
  source: string;
  stream: string;
}

export async function getCursor(db: Queryable, ref: StreamRef): Promise<SyncCursor | undefined> {
  const { rows } = await db.query<{ cursor: string | null; full_sync_completed_at: Date | null; updated_at: Date }>(
    'select cursor, full_sync_completed_at, updated_at from sync_cursors where tenant_id = $1 and source = $2 and stream = $3',
    [ref.tenantId, ref.source, ref.stream],
  );
  const row = rows[0];
  return row ? { cursor: row.cursor, fullSyncCompletedAt: row.full_sync_completed_at, updatedAt: row.updated_at } : undefined;
}

/** Every cursor of a tenant's source, keyed by stream. */
export async function getCursors(db: Queryable, tenantId: string, source: string): Promise<Map<string, SyncCursor>> {
  const { rows } = await db.query<{ stream: string; cursor: string | null; full_sync_completed_at: Date | null; updated_at: Date }>(
    'select stream, cursor, full_sync_completed_at, updated_at from sync_cursors where tenant_id = $1 and source = $2',
    [tenantId, source],
  );
  return new Map(rows.map((row) => [row.stream, { cursor: row.cursor, fullSyncCompletedAt: row.full_sync_completed_at, updatedAt: row.updated_at }]));
}

/** Sets a stream's cursor; pass the transaction that writes the rows the cursor covers. */
export async function setCursor(tx: Queryable, ref: StreamRef, cursor: string | null): Promise<void> {
  await tx.query(
    `insert into sync_cursors (tenant_id, source, stream, cursor, updated_at) values ($1, $2, $3, $4, now())
     on conflict (tenant_id, source, stream) do update set cursor = excluded.cursor, updated_at = now()`,
    [ref.tenantId, ref.source, ref.stream, cursor],
  );
}

/** Records that a stream has been read to its end from the beginning (a complete first or full sync). */
export async function markStreamComplete(tx: Queryable, ref: StreamRef): Promise<void> {
  await tx.query(
    `insert into sync_cursors (tenant_id, source, stream, full_sync_completed_at, updated_at) values ($1, $2, $3, now(), now())
     on conflict (tenant_id, source, stream) do update set full_sync_completed_at = now(), updated_at = now()`,
    [ref.tenantId, ref.source, ref.stream],
  );
}

export interface SyncRunOutcome {
  status: 'succeeded' | 'failed';
  records: number;
  requests: number;
  error?: string | null;
}

/**
 * Opens a sync run (status running) and returns its id. A run still marked running belongs to a
 * process that died (a tenant's syncs never overlap: the job holds a per-tenant lock), so it is closed
 * as failed first.
 */
export async function startSyncRun(db: Queryable, input: { tenantId: string; source: string; mode: 'full' | 'incremental' }): Promise<number> {
  await db.query(
    `update sync_runs set status = 'failed', error = 'interrupted: the process running it stopped', finished_at = now()
     where tenant_id = $1 and source = $2 and status = 'running'`,
    [input.tenantId, input.source],
  );
  const { rows } = await db.query<{ id: number }>(
    `insert into sync_runs (tenant_id, source, mode, status) values ($1, $2, $3, 'running') returning id`,
    [input.tenantId, input.source, input.mode],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('sync run could not be recorded');
  return Number(id);
}

export async function finishSyncRun(db: Queryable, runId: number, outcome: SyncRunOutcome): Promise<void> {
  await db.query(
    `update sync_runs set status = $2, records = $3, requests = $4, error = $5, finished_at = now() where id = $1`,
    [runId, outcome.status, outcome.records, outcome.requests, outcome.error ?? null],
  );
}

export interface SyncRun {
  id: number;
  tenantId: string;
  source: string;
  mode: 'full' | 'incremental';
  status: 'running' | 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  records: number;
  requests: number;
  error: string | null;
}

/** The most recent runs of a tenant's source, newest first. */
export async function listSyncRuns(db: Queryable, tenantId: string, source: string, limit = 20): Promise<SyncRun[]> {
  const { rows } = await db.query<{
    id: number;
    tenant_id: string;
    source: string;
    mode: SyncRun['mode'];
    status: SyncRun['status'];
    started_at: Date;
    finished_at: Date | null;
    records: number;
    requests: number;
    error: string | null;
  }>('select * from sync_runs where tenant_id = $1 and source = $2 order by started_at desc, id desc limit $3', [tenantId, source, limit]);
  return rows.map((row) => ({
    id: Number(row.id),
    tenantId: row.tenant_id,
    source: row.source,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    records: row.records,
    requests: row.requests,
    error: row.error,
  }));
}

/** True once any sync of the tenant's source has finished successfully. */
export async function hasSucceededSync(db: Queryable, tenantId: string, source: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from sync_runs where tenant_id = $1 and source = $2 and status = 'succeeded' limit 1`, [tenantId, source]);
  return rows.length > 0;
}
