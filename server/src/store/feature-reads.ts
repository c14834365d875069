import type { Queryable } from './database.js';

/** The account's current stored values (used only for fields that have no history). */
export interface AccountSnapshotRecord {
  id: string;
  segment: string | null;
  arr: number | null;
  seats: number | null;
  /** 'YYYY-MM-DD' */
  contractStart: string | null;
  /** 'YYYY-MM-DD' */
  renewalDate: string | null;
  lifecycle: string | null;
  /** 'YYYY-MM-DD' */
  churnedAt: string | null;
  daysPastDue: number | null;
  healthScore: number | null;
  createdAt: Date | null;
}

/** One historical value of a mapped account field (account_history). */
export interface FieldVersionRecord {
  /** Mapping key: arr, seats, contract_start, renewal_date, churned_at, lifecycle, days_past_due, owner_id, health_score. */
  field: string;
  validFrom: Date;
  value: string | null;
}

/** One day of product usage for the account (usage_daily). */
export interface UsageDayRecord {
  /** 'YYYY-MM-DD' (UTC day) */
  day: string;
  activeUsers: number;
  sessions: number;
  events: number;
  distinctFeatures: number;
  advancedFeatures: number;
}

export interface TicketRecord {
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  status: 'open' | 'waiting' | 'closed';
  priority: 'low' | 'medium' | 'high' | 'urgent' | null;
  escalated: boolean;
  csat: number | null;
  /** Last CRM modification: the latest a closure without resolved_at can have happened. */
  updatedAt: Date | null;
}

export interface EngagementRecord {
  kind: 'email' | 'meeting' | 'call' | 'note' | 'task';
  direction: 'inbound' | 'outbound' | null;
  occurredAt: Date;
  contactId: string | null;
  withExecutive: boolean;
}

export interface DealRecord {
  kind: 'new_business' | 'renewal' | 'upsell' | 'other';
  isClosed: boolean;
  isWon: boolean;
  amount: number | null;
  /** 'YYYY-MM-DD': the actual close date of closed deals, the expected one of open deals. */
  closeDate: string | null;
  createdAt: Date | null;
}

export interface ContactRecord {
  createdAt: Date | null;
  isSponsor: boolean;
  isChampion: boolean;
  seniority: string | null;
}

/**
 * Everything stored about one account that features and outcomes are computed from. The feature
 * builder is pure over this bundle: it applies the point-in-time rules itself, so a bundle may hold
 * records dated after the date features are built for.
 */
export interface AccountHistoryBundle {
  account: AccountSnapshotRecord;
  fieldVersions: FieldVersionRecord[];
  usageDays: UsageDayRecord[];
  tickets: TicketRecord[];
  engagements: EngagementRecord[];
  deals: DealRecord[];
  contacts: ContactRecord[];
  /** True when the tenant maps a CRM health property (account_history field 'health_score'). */
  healthScoreMapped: boolean;
}

/** Ids of the tenant's non-archived accounts, in a stable order. */
export async function listFeatureAccountIds(db: Queryable, tenantId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'select id from accounts where tenant_id = $1 and not archived order by id',
    [tenantId],
  );
  return rows.map((row) => row.id);
}

/** True when any account of the tenant has a stored CRM health score history. */
export async function tenantHasHealthScore(db: Queryable, tenantId: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    "select exists (select 1 from account_history where tenant_id = $1 and field = 'health_score') as found",
    [tenantId],
  );
  return rows[0]?.found === true;
}

/** The first and last instants of the tenant's stored history (activity and field changes). */
export async function readTenantDataRange(db: Queryable, tenantId: string): Promise<{ start: Date | null; end: Date | null }> {
  // Engagements timestamped after their own last modification are scheduled, not yet happened.
  const { rows } = await db.query<{ start: Date | null; end: Date | null }>(
    `select least(
        (select min(day)::timestamptz from usage_daily where tenant_id = $1),
        (select min(created_at) from tickets where tenant_id = $1 and not archived),
        (select min(occurred_at) from engagements where tenant_id = $1 and not archived),
        (select min(valid_from) from account_history where tenant_id = $1)) as start,
      greatest(
        (select max(day)::timestamptz + interval '1 day' from usage_daily where tenant_id = $1),
        (select max(greatest(created_at, first_response_at, resolved_at)) from tickets where tenant_id = $1 and not archived),
        (select max(occurred_at) from engagements where tenant_id = $1 and not archived
           and occurred_at <= coalesce(crm_updated_at, synced_at)),
        (select max(valid_from) from account_history where tenant_id = $1),
        (select max(crm_created_at) from deals where tenant_id = $1 and not archived)) as end`,
    [tenantId],
  );
  const row = rows[0];
  return { start: toDateOrNull(row?.start), end: toDateOrNull(row?.end) };
}

/**
 * Loads the history bundles of many accounts with one set-based query per table (never one query
 * per account). `before` limits activity records to those dated before it (field history is always
 * read whole: it is small, and outcomes need it).
 */
export async function readAccountHistories(
  db: Queryable,
  tenantId: string,
  accountIds: readonly string[],
  options: { before?: Date; healthScoreMapped: boolean },
): Promise<Map<string, AccountHistoryBundle>> {
  const bundles = new Map<string, AccountHistoryBundle>();
  if (accountIds.length === 0) return bundles;
  const ids = [...accountIds];
  const before = options.before ?? new Date('9999-12-31T00:00:00Z');
  const params = [tenantId, ids];
  const paramsBefore = [tenantId, ids, before.toISOString()];

  const [accounts, history, usage, tickets, engagements, deals, contacts] = await Promise.all([
    db.query<AccountRow>(
      `select id, segment, arr, seats, contract_start, renewal_date, lifecycle, churned_at, crm_created_at,
              coalesce(properties->>'days_past_due', properties->>'daysPastDue') as days_past_due,
              coalesce(properties->>'health_score', properties->>'healthScore') as health_score
         from accounts where tenant_id = $1 and id = any($2::text[])`,
      params,
    ),
    db.query<HistoryRow>(
      `select account_id, field, valid_from, value from account_history
        where tenant_id = $1 and account_id = any($2::text[]) order by account_id, field, valid_from`,
      params,
    ),
    // One text row per account ("day,active,sessions,events,distinct,advanced;...", day as days since
    // 1970-01-01): far cheaper to read than one row per day.
    db.query<UsageRow>(
      `select account_id, string_agg(concat_ws(',', day - date '1970-01-01', active_users, sessions, events,
              distinct_features, advanced_features), ';' order by day) as days
         from usage_daily where tenant_id = $1 and account_id = any($2::text[]) and day < $3::timestamptz
        group by account_id`,
      paramsBefore,
    ),
    db.query<TicketRow>(
      `select account_id, created_at, first_response_at, resolved_at, status, priority, escalated, csat, crm_updated_at
         from tickets where tenant_id = $1 and account_id = any($2::text[]) and not archived and created_at < $3::timestamptz`,
      paramsBefore,
    ),
    db.query<EngagementRow>(
      `select account_id, kind, direction, occurred_at, contact_id, with_executive
         from engagements where tenant_id = $1 and account_id = any($2::text[]) and not archived
          and kind in ('email', 'meeting', 'call') and occurred_at < $3::timestamptz`,
      paramsBefore,
    ),
    db.query<DealRow>(
      `select account_id, kind, is_closed, is_won, amount, close_date, crm_created_at
         from deals where tenant_id = $1 and account_id = any($2::text[]) and not archived`,
      params,
    ),
    db.query<ContactRow>(
      `select account_id, crm_created_at, is_sponsor, is_champion, seniority
         from contacts where tenant_id = $1 and account_id = any($2::text[]) and not archived`,
      params,
    ),
  ]);

  for (const row of accounts.rows) {
    bundles.set(row.id, {
      account: {
        id: row.id,
        segment: row.segment,
        arr: toNumberOrNull(row.arr),
        seats: toNumberOrNull(row.seats),
        contractStart: row.contract_start,
        renewalDate: row.renewal_date,
        lifecycle: row.lifecycle,
        churnedAt: row.churned_at,
        daysPastDue: toNumberOrNull(row.days_past_due),
        healthScore: toNumberOrNull(row.health_score),
        createdAt: toDateOrNull(row.crm_created_at),
      },
      fieldVersions: [],
      usageDays: [],
      tickets: [],
      engagements: [],
      deals: [],
      contacts: [],
      healthScoreMapped: options.healthScoreMapped,
    });
  }
  for (const row of history.rows) {
    bundles.get(row.account_id)?.fieldVersions.push({ field: row.field, validFrom: new Date(row.valid_from), value: row.value });
  }
  for (const row of usage.rows) {
    const bundle = bundles.get(row.account_id);
    if (!bundle) continue;
    for (const text of row.days.split(';')) {
      const [day, activeUsers, sessions, events, distinctFeatures, advancedFeatures] = text.split(',').map(Number);
      bundle.usageDays.push({
        day: dayString(day as number),
        activeUsers: activeUsers ?? 0,
        sessions: sessions ?? 0,
        events: events ?? 0,
        distinctFeatures: distinctFeatures ?? 0,
        advancedFeatures: advancedFeatures ?? 0,
      });
    }
  }
  for (const row of tickets.rows) {
    bundles.get(row.account_id)?.tickets.push({
      createdAt: new Date(row.created_at),
      firstResponseAt: toDateOrNull(row.first_response_at),
      resolvedAt: toDateOrNull(row.resolved_at),
      status: row.status,
      priority: row.priority,
      escalated: row.escalated,
      csat: row.csat,
      updatedAt: toDateOrNull(row.crm_updated_at),
    });
  }
  for (const row of engagements.rows) {
    bundles.get(row.account_id)?.engagements.push({
      kind: row.kind,
      direction: row.direction,
      occurredAt: new Date(row.occurred_at),
      contactId: row.contact_id,
      withExecutive: row.with_executive,
    });
  }
  for (const row of deals.rows) {
    bundles.get(row.account_id)?.deals.push({
      kind: row.kind,
      isClosed: row.is_closed,
      isWon: row.is_won,
      amount: toNumberOrNull(row.amount),
      closeDate: row.close_date,
      createdAt: toDateOrNull(row.crm_created_at),
    });
  }
  for (const row of contacts.rows) {
    bundles.get(row.account_id)?.contacts.push({
      createdAt: toDateOrNull(row.crm_created_at),
      isSponsor: row.is_sponsor,
      isChampion: row.is_champion,
      seniority: row.seniority,
    });
  }
  return bundles;
}

interface AccountRow {
  id: string;
  segment: string | null;
  arr: number | string | null;
  seats: number | null;
  contract_start: string | null;
  renewal_date: string | null;
  lifecycle: string | null;
  churned_at: string | null;
  crm_created_at: Date | string | null;
  days_past_due: string | null;
  health_score: string | null;
}
interface HistoryRow {
  account_id: string;
  field: string;
  valid_from: Date | string;
  value: string | null;
}
interface UsageRow {
  account_id: string;
  days: string;
}
interface TicketRow {
  account_id: string;
  created_at: Date | string;
  first_response_at: Date | string | null;
  resolved_at: Date | string | null;
  status: TicketRecord['status'];
  priority: TicketRecord['priority'];
  escalated: boolean;
  csat: number | null;
  crm_updated_at: Date | string | null;
}
interface EngagementRow {
  account_id: string;
  kind: EngagementRecord['kind'];
  direction: EngagementRecord['direction'];
  occurred_at: Date | string;
  contact_id: string | null;
  with_executive: boolean;
}
interface DealRow {
  account_id: string;
  kind: DealRecord['kind'];
  is_closed: boolean;
  is_won: boolean;
  amount: number | string | null;
  close_date: string | null;
  crm_created_at: Date | string | null;
}
interface ContactRow {
  account_id: string;
  crm_created_at: Date | string | null;
  is_sponsor: boolean;
  is_champion: boolean;
  seniority: string | null;
}

const dayStrings = new Map<number, string>();

/** 'YYYY-MM-DD' for a day number; a few thousand distinct days recur across accounts, so they are cached. */
function dayString(day: number): string {
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayStrings.set(day, text);
  }
  return text;
}

function toNumberOrNull(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

function toDateOrNull(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
