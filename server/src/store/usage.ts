import type { Queryable } from './database.js';
import { upsertRows } from './bulk.js';

/**
 * Product usage in the store: raw events (usage_events), the per-account-per-day rollup (usage_daily),
 * which product user belongs to which account (usage_user_accounts) and usage that matched no account
 * (usage_unmapped). Every function writes in bulk: one statement per call (chunked for huge inputs).
 */

/** One raw track event already mapped to an account. */
export interface UsageEventRow {
  messageId: string;
  accountId: string;
  /** UTC day of the event timestamp, 'YYYY-MM-DD'. */
  day: string;
  userId: string | null;
  event: string;
  /** The feature the event counts for, or null when it counts for none (a bare session start). */
  feature: string | null;
  isAdvanced: boolean;
  isSession: boolean;
}

/** One account-day rollup as a warehouse reports it (a `Daily Usage Summary` event). */
export interface UsageSummaryRow {
  accountId: string;
  day: string;
  activeUsers: number;
  sessions: number;
  events: number;
  distinctFeatures: number;
  advancedFeatures: number;
}

export interface AccountDay {
  accountId: string;
  day: string;
}

export interface UnmappedCount {
  day: string;
  groupKey: string;
  events: number;
}

/** What GET /api/v1/portfolio shows about usage that matched no account. */
export interface UnmappedUsage {
  events: number;
  groupKeys: number;
  lastSeenAt: string | null;
  topKeys: Array<{ groupKey: string; events: number }>;
}

export interface UsageRange {
  /** Accounts with at least one day of usage. */
  accounts: number;
  /** Distinct days with usage for any account. */
  days: number;
  /** Rows in usage_daily (account-days). */
  accountDays: number;
  firstDay: string | null;
  lastDay: string | null;
}

const CHUNK = 5000;

/**
 * The comparable form of a group key that may be a domain: lower case, no scheme, no `www.`, no path,
 * port, query or trailing dot. `https://www.Acme.io/app` and `acme.io` both give `acme.io`.
 * Keep in step with DOMAIN_SQL below, which applies the same rule to stored account domains.
 */
export function normaliseGroupKey(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)?(www\.)?/, '')
    .replace(/[/:?#].*$/, '')
    .replace(/\.$/, '');
}

const DOMAIN_SQL = `regexp_replace(regexp_replace(regexp_replace(lower(btrim(a.domain)),
  '^([a-z][a-z0-9+.-]*://)?(www\\.)?', ''), '[/:?#].*$', ''), '\\.$', '')`;

/**
 * Maps group keys to account ids: a key matches an account by CRM id, or by company domain compared
 * in normalised form (see normaliseGroupKey). An id match wins over a domain match; among several
 * accounts with one domain, live accounts win over archived ones, then the lowest id.
 * One indexed query covers ids and plainly stored domains (`acme.io`, `www.acme.io`); only keys left
 * over that look like domains are compared against every stored domain normalised (messy values such
 * as `https://www.acme.io/`), so the usual batch never scans the accounts table.
 */
export async function resolveAccountKeys(db: Queryable, tenantId: string, keys: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const resolved = new Map<string, string>();
  if (unique.length === 0) return resolved;
  const norms = unique.map(normaliseGroupKey);
  const domainForms = norms.flatMap((norm) => (norm === '' ? [] : [norm, `www.${norm}`]));
  const { rows } = await db.query<{ id: string; domain: string | null; archived: boolean }>(
    `select id, lower(domain) as domain, archived from accounts
     where tenant_id = $1 and (id = any($2::text[]) or lower(domain) = any($3::text[]))`,
    [tenantId, unique, domainForms],
  );
  const ids = new Set(rows.map((row) => row.id));
  const byDomain = new Map<string, string>();
  const preferred = [...rows].sort((a, b) => Number(a.archived) - Number(b.archived) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const row of preferred) {
    const norm = row.domain === null ? '' : normaliseGroupKey(row.domain);
    if (norm !== '' && !byDomain.has(norm)) byDomain.set(norm, row.id);
  }
  unique.forEach((key, i) => {
    const match = ids.has(key) ? key : byDomain.get(norms[i] ?? '');
    if (match !== undefined) resolved.set(key, match);
  });
  const leftover = unique.flatMap((key, i) => (!resolved.has(key) && norms[i]?.includes('.') ? [[key, norms[i]] as const] : []));
  if (leftover.length === 0) return resolved;
  const messy = await db.query<{ key: string; id: string }>(
    `with k as (select * from unnest($2::text[], $3::text[]) as k(key, norm))
     select distinct on (k.key) k.key, d.id
     from k join (select a.id, a.archived, ${DOMAIN_SQL} as norm from accounts a
                  where a.tenant_id = $1 and a.domain is not null and a.domain <> '') d on d.norm = k.norm
     order by k.key, d.archived, d.id`,
    [tenantId, leftover.map(([key]) => key), leftover.map(([, norm]) => norm)],
  );
  for (const row of messy.rows) resolved.set(row.key, row.id);
  return resolved;
}

/** The accounts product users were last grouped into (by a Segment `group` call). */
export async function userAccounts(db: Queryable, tenantId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  const mapped = new Map<string, string>();
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return mapped;
  const { rows } = await db.query<{ user_id: string; account_id: string }>(
    'select user_id, account_id from usage_user_accounts where tenant_id = $1 and user_id = any($2::text[])',
    [tenantId, unique],
  );
  for (const row of rows) mapped.set(row.user_id, row.account_id);
  return mapped;
}

/** Remembers user → account (last group call wins). */
export async function rememberUserAccounts(
  db: Queryable,
  tenantId: string,
  pairs: ReadonlyArray<{ userId: string; accountId: string }>,
  now: Date,
): Promise<number> {
  return upsertRows(db, pairs, {
    table: 'usage_user_accounts',
    columns: [
      { name: 'tenant_id', type: 'text', value: () => tenantId },
      { name: 'user_id', type: 'text', value: (p) => p.userId },
      { name: 'account_id', type: 'text', value: (p) => p.accountId },
      { name: 'updated_at', type: 'timestamptz', value: () => now },
    ],
    key: ['tenant_id', 'user_id'],
    update: ['account_id', 'updated_at'],
    updateWhere: 'usage_user_accounts.account_id is distinct from excluded.account_id',
  });
}

/**
 * Stores raw events keyed by message id; an id already stored is skipped (ON CONFLICT DO NOTHING).
 * Returns the account-days that received at least one new event: the ones to roll up again.
 */
export async function insertUsageEvents(
  db: Queryable,
  tenantId: string,
  rows: readonly UsageEventRow[],
  now: Date,
): Promise<{ inserted: number; accountDays: AccountDay[] }> {
  const touched = new Map<string, AccountDay>();
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const result = await db.query<{ account_id: string; day: string }>(
      `insert into usage_events (tenant_id, message_id, account_id, day, user_id, event, feature, is_advanced, is_session, received_at)
       select $1, u.* , $10 from unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::boolean[])
         as u(message_id, account_id, day, user_id, event, feature, is_advanced, is_session)
       on conflict (tenant_id, message_id) do nothing
       returning account_id, day`,
      [
        tenantId,
        chunk.map((r) => r.messageId),
        chunk.map((r) => r.accountId),
        chunk.map((r) => r.day),
        chunk.map((r) => r.userId),
        chunk.map((r) => r.event),
        chunk.map((r) => r.feature),
        chunk.map((r) => r.isAdvanced),
        chunk.map((r) => r.isSession),
        now.toISOString(),
      ],
    );
    inserted += result.rows.length;
    for (const row of result.rows) touched.set(`${row.account_id}\u0000${row.day}`, { accountId: row.account_id, day: row.day });
  }
  return { inserted, accountDays: [...touched.values()] };
}

/**
 * Recomputes usage_daily for the given account-days from usage_events in one set-based statement:
 * active users = distinct user ids, sessions = session-start events, events = all track events,
 * distinct/advanced features = distinct features (advanced: flagged advanced). A day loaded from a
 * warehouse summary stays as the summary said (source 'summary' is authoritative for its day).
 */
export async function rollUpAccountDays(db: Queryable, tenantId: string, accountDays: readonly AccountDay[], now: Date): Promise<number> {
  if (accountDays.length === 0) return 0;
  const accountIds = accountDays.map((d) => d.accountId);
  const days = accountDays.map((d) => d.day);
  // Concurrent batches for one account-day each see only their own uncommitted events: the one that
  // rolls up last must see the other's, so each account-day is locked until commit (in a fixed order:
  // no deadlock between batches), and the rollup statement after the lock sees every committed event.
  await db.query(
    `select count(pg_advisory_xact_lock(hashtextextended($1 || '/' || k.account_id || '/' || k.day::text, 0)))
     from (select distinct account_id, day from unnest($2::text[], $3::date[]) as k(account_id, day) order by 1, 2) k`,
    [tenantId, accountIds, days],
  );
  const result = await db.query(
    `insert into usage_daily (tenant_id, account_id, day, active_users, sessions, events, distinct_features, advanced_features, source, updated_at)
     select $1, e.account_id, e.day, count(distinct e.user_id), count(*) filter (where e.is_session), count(*),
            count(distinct e.feature), count(distinct e.feature) filter (where e.is_advanced), 'events', $4
     from usage_events e
     join (select distinct account_id, day from unnest($2::text[], $3::date[]) as k(account_id, day)) k
       on k.account_id = e.account_id and k.day = e.day
     where e.tenant_id = $1
     group by e.account_id, e.day
     on conflict (tenant_id, account_id, day) do update set
       active_users = excluded.active_users, sessions = excluded.sessions, events = excluded.events,
       distinct_features = excluded.distinct_features, advanced_features = excluded.advanced_features,
       source = excluded.source, updated_at = excluded.updated_at
     where usage_daily.source = 'events'`,
    [tenantId, accountIds, days, now.toISOString()],
  );
  return result.affectedRows;
}

/**
 * Upserts warehouse rollups (source 'summary'). Rows equal to what is stored are left untouched, so
 * the count returned is the rows inserted or changed; the caller's duplicates are the rest.
 * Input must hold at most one row per account-day.
 */
export async function upsertUsageSummaries(db: Queryable, tenantId: string, rows: readonly UsageSummaryRow[], now: Date): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    // Constants travel as scalars and the rest as one array per column: this is the hot statement of a backfill.
    const result = await db.query(
      `insert into usage_daily (tenant_id, account_id, day, active_users, sessions, events, distinct_features, advanced_features, source, updated_at)
       select $1, u.*, 'summary', $9 from unnest($2::text[], $3::date[], $4::integer[], $5::integer[], $6::integer[], $7::integer[], $8::integer[])
         as u(account_id, day, active_users, sessions, events, distinct_features, advanced_features)
       on conflict (tenant_id, account_id, day) do update set
         active_users = excluded.active_users, sessions = excluded.sessions, events = excluded.events,
         distinct_features = excluded.distinct_features, advanced_features = excluded.advanced_features,
         source = excluded.source, updated_at = excluded.updated_at
       where (usage_daily.active_users, usage_daily.sessions, usage_daily.events, usage_daily.distinct_features,
              usage_daily.advanced_features, usage_daily.source)
         is distinct from (excluded.active_users, excluded.sessions, excluded.events, excluded.distinct_features,
              excluded.advanced_features, excluded.source)`,
      [
        tenantId,
        chunk.map((r) => r.accountId),
        chunk.map((r) => r.day),
        chunk.map((r) => r.activeUsers),
        chunk.map((r) => r.sessions),
        chunk.map((r) => r.events),
        chunk.map((r) => r.distinctFeatures),
        chunk.map((r) => r.advancedFeatures),
        now.toISOString(),
      ],
    );
    written += result.affectedRows;
  }
  return written;
}

/** Adds events that matched no account to the per tenant/day/group-key tally. Input: one row per day and key. */
export async function countUnmappedUsage(db: Queryable, tenantId: string, counts: readonly UnmappedCount[], now: Date): Promise<void> {
  if (counts.length === 0) return;
  await db.query(
    `insert into usage_unmapped (tenant_id, day, group_key, events, last_seen_at)
     select $1, u.day, u.group_key, u.events, $5 from unnest($2::date[], $3::text[], $4::integer[]) as u(day, group_key, events)
     on conflict (tenant_id, day, group_key) do update set
       events = usage_unmapped.events + excluded.events, last_seen_at = excluded.last_seen_at`,
    [tenantId, counts.map((c) => c.day), counts.map((c) => c.groupKey), counts.map((c) => c.events), now.toISOString()],
  );
}

/** Totals of usage that matched no account, with the ten group keys seen most. */
export async function unmappedUsage(db: Queryable, tenantId: string): Promise<UnmappedUsage> {
  const [totals, top] = await Promise.all([
    db.query<{ events: number | null; group_keys: number; last_seen_at: Date | null }>(
      `select sum(events)::bigint as events, count(distinct group_key)::bigint as group_keys, max(last_seen_at) as last_seen_at
       from usage_unmapped where tenant_id = $1`,
      [tenantId],
    ),
    db.query<{ group_key: string; events: number }>(
      `select group_key, sum(events)::bigint as events from usage_unmapped where tenant_id = $1
       group by group_key order by events desc, group_key limit 10`,
      [tenantId],
    ),
  ]);
  const row = totals.rows[0];
  return {
    events: Number(row?.events ?? 0),
    groupKeys: Number(row?.group_keys ?? 0),
    lastSeenAt: row?.last_seen_at ? new Date(row.last_seen_at).toISOString() : null,
    topKeys: top.rows.map((r) => ({ groupKey: r.group_key, events: Number(r.events) })),
  };
}

/** How much usage history the tenant has. */
export async function usageRange(db: Queryable, tenantId: string): Promise<UsageRange> {
  const { rows } = await db.query<{ accounts: number; days: number; account_days: number; first_day: string | null; last_day: string | null }>(
    `select count(distinct account_id)::bigint as accounts, count(distinct day)::bigint as days, count(*)::bigint as account_days,
            min(day) as first_day, max(day) as last_day
     from usage_daily where tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  return {
    accounts: Number(row?.accounts ?? 0),
    days: Number(row?.days ?? 0),
    accountDays: Number(row?.account_days ?? 0),
    firstDay: row?.first_day ?? null,
    lastDay: row?.last_day ?? null,
  };
}
