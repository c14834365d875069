/**
 * What after-sync scoring starts from. Every stored CRM record carries synced_at (written when a sync
 * stores it with different content: a re-read of an unchanged record keeps it) and every usage day updated_at; the latest of these at the start of a scoring is the
 * tenant's change marker. The next after-sync scoring scores the accounts with a record or a finished
 * usage day stored after the last completed scoring's marker (minus a margin).
 */
import type { Queryable } from './database.js';

/**
 * Rows stored up to this long before the marker count as changed again: a writer that read its clock
 * before the marker's writer but committed after the marker was read is still caught. Rescoring an
 * account twice is harmless (one row per account and day).
 */
export const CHANGE_MARGIN_MS = 2 * 60_000;

/**
 * A change stamp as PostgreSQL prints it, microseconds and offset included (a JS Date would drop the
 * microseconds, and the rows at the marker would count as changed again).
 */
export type ChangeMarker = string;

/** The latest change stamp of the tenant's stored data (null when nothing is stored). Usage days from `today` on are not counted. */
export async function readChangeMarker(db: Queryable, tenantId: string, today: string): Promise<ChangeMarker | null> {
  const { rows } = await db.query<{ marker: string | null }>(
    `select greatest(
       (select max(synced_at) from accounts where tenant_id = $1),
       (select max(synced_at) from contacts where tenant_id = $1),
       (select max(synced_at) from deals where tenant_id = $1),
       (select max(synced_at) from tickets where tenant_id = $1),
       (select max(synced_at) from engagements where tenant_id = $1),
       (select max(updated_at) from usage_daily where tenant_id = $1 and day < $2::date))::text as marker`,
    [tenantId, today],
  );
  return rows[0]?.marker ?? null;
}

/**
 * Accounts with a record stored after `since` − `marginMs`: the account itself, or a contact,
 * deal, ticket or engagement linked to it, or a usage day before `today` (the day in progress is
 * never read by the features). Ordered by id.
 */
export async function changedAccountIds(db: Queryable, tenantId: string, since: ChangeMarker, today: string, marginMs = CHANGE_MARGIN_MS): Promise<string[]> {
  const { rows } = await db.query<{ account_id: string }>(
    `with window_start as (select $2::timestamptz - make_interval(secs => $4::double precision / 1000) as t)
     select account_id from (
       select id as account_id from accounts where tenant_id = $1 and synced_at > (select t from window_start)
       union select account_id from contacts where tenant_id = $1 and synced_at > (select t from window_start)
       union select account_id from deals where tenant_id = $1 and synced_at > (select t from window_start)
       union select account_id from tickets where tenant_id = $1 and synced_at > (select t from window_start)
       union select account_id from engagements where tenant_id = $1 and synced_at > (select t from window_start)
       union select account_id from usage_daily where tenant_id = $1 and updated_at > (select t from window_start) and day < $3::date
     ) changed
     where account_id is not null and exists (select 1 from accounts a where a.tenant_id = $1 and a.id = changed.account_id and not a.archived)
     order by account_id`,
    [tenantId, since, today, marginMs],
  );
  return rows.map((r) => r.account_id);
}

export interface ScoringState {
  /** The change marker the last completed full or after-sync scoring covered; null: score everything next. */
  changesThrough: ChangeMarker | null;
  lastScoredAt: Date;
}

export async function getScoringState(db: Queryable, tenantId: string): Promise<ScoringState | undefined> {
  const { rows } = await db.query<{ changes_through: string | null; last_scored_at: Date }>(
    'select changes_through::text as changes_through, last_scored_at from scoring_state where tenant_id = $1',
    [tenantId],
  );
  const row = rows[0];
  return row && { changesThrough: row.changes_through, lastScoredAt: new Date(row.last_scored_at) };
}

/** Records a completed scoring; `changesThrough` undefined keeps the stored marker (a scoring of named accounts). */
export async function recordScoring(db: Queryable, tenantId: string, at: { scoredAt: Date; changesThrough?: ChangeMarker | null }): Promise<void> {
  const setMarker = at.changesThrough !== undefined;
  await db.query(
    `insert into scoring_state (tenant_id, changes_through, last_scored_at) values ($1, $2::timestamptz, $3::timestamptz)
     on conflict (tenant_id) do update set last_scored_at = excluded.last_scored_at,
       changes_through = case when $4::boolean then excluded.changes_through else scoring_state.changes_through end`,
    [tenantId, at.changesThrough ?? null, at.scoredAt.toISOString(), setMarker],
  );
}
