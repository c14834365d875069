/**
 * Tenant-wide reads for the HubSpot app's portfolio home page. Each is one set-based statement: the
 * latest prediction of every account comes from one index probe per account (a lateral `limit 1` on
 * the predictions' primary keys), never from reading every stored day.
 */
import type { Queryable } from './database.js';

/**
 * The accounts the portfolio counts (`a`, with their latest churn prediction `c`): live CRM accounts
 * that were scored and had not churned by `today` ($2); `joins` adds per-account lateral reads.
 */
function portfolioAccounts(joins: string, condition = 'true'): string {
  return `from accounts a
  cross join lateral (
    select p.risk_score, p.band, p.scored_at, p.as_of from predictions p
     where p.tenant_id = a.tenant_id and p.account_id = a.id and p.model = 'churn'
     order by p.as_of desc limit 1) c
  ${joins}
  where a.tenant_id = $1 and not a.archived and (a.churned_at is null or a.churned_at > $2::date) and ${condition}`;
}

/** Counts and sums over the latest predictions of the portfolio's accounts. */
export interface PortfolioTotals {
  accounts: number;
  lastScoredAt: Date | null;
  accountsByBand: Record<'low' | 'medium' | 'high', number>;
  arrByBand: Record<'low' | 'medium' | 'high', number>;
  accountsByTrajectory: Record<'improving' | 'stable' | 'declining', number>;
  expansion: Record<'30_days' | '90_days' | '12_months', { accounts: number; expectedAmount: number }>;
}

interface TotalsRow {
  accounts: number;
  last_scored_at: Date | null;
  low: number;
  medium: number;
  high: number;
  arr_low: number | string;
  arr_medium: number | string;
  arr_high: number | string;
  improving: number;
  stable: number;
  declining: number;
  exp30_accounts: number;
  exp30_amount: number | string;
  exp90_accounts: number;
  exp90_amount: number | string;
  exp365_accounts: number;
  exp365_amount: number | string;
}

/** Band, trajectory and expansion-window totals of the tenant's portfolio as of `today` ('YYYY-MM-DD'). */
export async function portfolioTotals(db: Queryable, tenantId: string, today: string): Promise<PortfolioTotals> {
  const { rows } = await db.query<TotalsRow>(
    `select count(*)::int as accounts, max(c.scored_at) as last_scored_at,
       count(*) filter (where c.band = 'low')::int as low,
       count(*) filter (where c.band = 'medium')::int as medium,
       count(*) filter (where c.band = 'high')::int as high,
       coalesce(sum(a.arr) filter (where c.band = 'low'), 0) as arr_low,
       coalesce(sum(a.arr) filter (where c.band = 'medium'), 0) as arr_medium,
       coalesce(sum(a.arr) filter (where c.band = 'high'), 0) as arr_high,
       count(*) filter (where h.trajectory = 'improving')::int as improving,
       count(*) filter (where h.trajectory = 'stable')::int as stable,
       count(*) filter (where h.trajectory = 'declining')::int as declining,
       count(*) filter (where e.expansion_window = '30_days')::int as exp30_accounts,
       coalesce(sum(e.expected_amount) filter (where e.expansion_window = '30_days'), 0) as exp30_amount,
       count(*) filter (where e.expansion_window = '90_days')::int as exp90_accounts,
       coalesce(sum(e.expected_amount) filter (where e.expansion_window = '90_days'), 0) as exp90_amount,
       count(*) filter (where e.expansion_window = '12_months')::int as exp365_accounts,
       coalesce(sum(e.expected_amount) filter (where e.expansion_window = '12_months'), 0) as exp365_amount
     ${portfolioAccounts(`
       left join lateral (
         select hp.trajectory from health_predictions hp where hp.tenant_id = a.tenant_id and hp.account_id = a.id
          order by hp.as_of desc limit 1) h on true
       left join lateral (
         select ep.expansion_window, ep.expected_amount from expansion_predictions ep where ep.tenant_id = a.tenant_id and ep.account_id = a.id
          order by ep.as_of desc limit 1) e on true`)}`,
    [tenantId, today],
  );
  const r = rows[0];
  const n = (value: number | string | undefined) => Number(value ?? 0);
  return {
    accounts: n(r?.accounts),
    lastScoredAt: r?.last_scored_at ? new Date(r.last_scored_at) : null,
    accountsByBand: { low: n(r?.low), medium: n(r?.medium), high: n(r?.high) },
    arrByBand: { low: n(r?.arr_low), medium: n(r?.arr_medium), high: n(r?.arr_high) },
    accountsByTrajectory: { improving: n(r?.improving), stable: n(r?.stable), declining: n(r?.declining) },
    expansion: {
      '30_days': { accounts: n(r?.exp30_accounts), expectedAmount: n(r?.exp30_amount) },
      '90_days': { accounts: n(r?.exp90_accounts), expectedAmount: n(r?.exp90_amount) },
      '12_months': { accounts: n(r?.exp365_accounts), expectedAmount: n(r?.exp365_amount) },
    },
  };
}

/** The account a deal belongs to: undefined for a deal the store does not know, null for one without an account. */
export async function dealAccountId(db: Queryable, tenantId: string, dealId: string): Promise<string | null | undefined> {
  const { rows } = await db.query<{ account_id: string | null }>('select account_id from deals where tenant_id = $1 and id = $2 and not archived', [tenantId, dealId]);
  return rows[0] ? rows[0].account_id : undefined;
}

/** An account whose churn risk score rose: now versus its latest prediction at least `days` before. */
export interface RiskRiser {
  id: string;
  name: string;
  arr: number | null;
  renewalDate: string | null;
  riskScore: number;
  band: 'low' | 'medium' | 'high';
  change: number;
}

/**
 * The portfolio's accounts whose risk score rose most against their prediction `days` or more before
 * their latest one (largest rise first, then highest risk, then id), at most `limit`.
 */
export async function risingRiskAccounts(db: Queryable, tenantId: string, today: string, days: number, limit: number): Promise<RiskRiser[]> {
  const { rows } = await db.query<{ id: string; name: string; arr: number | string | null; renewal_date: string | null; risk_score: number; band: RiskRiser['band']; change: number }>(
    `select a.id, a.name, a.arr, a.renewal_date::text as renewal_date, c.risk_score, c.band, (c.risk_score - w.risk_score)::int as change
     ${portfolioAccounts(
       `cross join lateral (
          select p.risk_score from predictions p
           where p.tenant_id = a.tenant_id and p.account_id = a.id and p.model = 'churn' and p.as_of <= c.as_of - $3::int
           order by p.as_of desc limit 1) w`,
       'c.risk_score > w.risk_score',
     )}
     order by change desc, c.risk_score desc, a.id
     limit $4`,
    [tenantId, today, days, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    arr: r.arr === null ? null : Number(r.arr),
    renewalDate: r.renewal_date,
    riskScore: Number(r.risk_score),
    band: r.band,
    change: Number(r.change),
  }));
}

/**
 * How the tenant's interventions stand: `open` tasks asked for or in the CRM (pending, open), `holdout`
 * recommendations withheld from automatic tasks, and all-time totals of the user decisions: `accepted`
 * (a person asked for the task) and `dismissed`.
 */
export interface InterventionCounts {
  open: number;
  accepted: number;
  dismissed: number;
  holdout: number;
}

export async function interventionCounts(db: Queryable, tenantId: string): Promise<InterventionCounts> {
  const { rows } = await db.query<InterventionCounts>(
    `select count(*) filter (where status in ('pending', 'open'))::int as open,
       count(*) filter (where origin = 'accepted')::int as accepted,
       count(*) filter (where status = 'dismissed')::int as dismissed,
       count(*) filter (where status = 'holdout')::int as holdout
     from interventions where tenant_id = $1`,
    [tenantId],
  );
  const r = rows[0];
  return { open: r?.open ?? 0, accepted: r?.accepted ?? 0, dismissed: r?.dismissed ?? 0, holdout: r?.holdout ?? 0 };
}
