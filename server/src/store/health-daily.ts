import { upsertRows } from './bulk.js';
import type { Queryable } from './database.js';

/** An account's health score on one day: the level known at the day's end (for today: at the latest scoring). */
export interface HealthDay {
  accountId: string;
  /** 'YYYY-MM-DD' (UTC). */
  day: string;
  /** null: not known that day (no mapped CRM score, or too few pulse signals). */
  score: number | null;
  /** 'crm' when the tenant maps a CRM health property, else Telltale's 'pulse'. */
  source: 'crm' | 'pulse';
}

/** Writes days in bulk; one row per tenant, account and day (a later write replaces it). */
export function upsertHealthDays(db: Queryable, tenantId: string, days: readonly HealthDay[], computedAt: Date): Promise<number> {
  return upsertRows(db, days, {
    table: 'health_daily',
    key: ['tenant_id', 'account_id', 'day'],
    columns: [
      { name: 'tenant_id', type: 'text', value: () => tenantId },
      { name: 'account_id', type: 'text', value: (d) => d.accountId },
      { name: 'day', type: 'date', value: (d) => d.day },
      { name: 'score', type: 'numeric', value: (d) => (d.score !== null && Number.isFinite(d.score) ? d.score : null) },
      { name: 'source', type: 'text', value: (d) => d.source },
      { name: 'computed_at', type: 'timestamptz', value: () => computedAt },
    ],
  });
}

/** One account's stored days from `fromDay` on, ascending. */
export async function healthHistory(db: Queryable, tenantId: string, accountId: string, fromDay: string): Promise<HealthDay[]> {
  const { rows } = await db.query<{ account_id: string; day: string; score: number | null; source: HealthDay['source'] }>(
    `select account_id, day::text as day, score, source from health_daily
     where tenant_id = $1 and account_id = $2 and day >= $3::date order by health_daily.day`,
    [tenantId, accountId, fromDay],
  );
  return rows.map((r) => ({ accountId: r.account_id, day: r.day, score: r.score === null ? null : Number(r.score), source: r.source }));
}

/** For each given account that has one, its last stored day before `beforeDay`. */
export async function lastHealthDaysBefore(db: Queryable, tenantId: string, accountIds: readonly string[], beforeDay: string): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const { rows } = await db.query<{ account_id: string; day: string }>(
    `select account_id, max(day)::text as day from health_daily
     where tenant_id = $1 and account_id = any($2::text[]) and day < $3::date group by account_id`,
    [tenantId, [...accountIds], beforeDay],
  );
  return new Map(rows.map((r) => [r.account_id, r.day]));
}
