import type { Queryable } from './database.js';

/** Per-tenant sync coverage: what has been synced, how much history, and how fresh it is. */
export interface TenantCoverage {
  tenantId: string;
  accounts: number;
  activeAccounts: number;
  churnedAccounts: number;
  contacts: number;
  deals: number;
  tickets: number;
  engagements: number;
  usageDays: number;
  accountsWithUsage: number;
  historyFrom: string | null;
  historyTo: string | null;
  lastSync: { mode: string; status: string; startedAt: string; finishedAt: string | null; records: number; error: string | null } | null;
  lastSuccessfulSyncAt: string | null;
}

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

/** One set-based pass per table for every tenant at once. */
export async function tenantCoverage(db: Queryable): Promise<Map<string, TenantCoverage>> {
  const { rows } = await db.query<{
    tenant_id: string;
    accounts: number;
    active_accounts: number;
    churned_accounts: number;
    contacts: number;
    deals: number;
    tickets: number;
    engagements: number;
    usage_days: number;
    accounts_with_usage: number;
    history_from: string | null;
    history_to: string | null;
  }>(`
    select t.id as tenant_id,
      (select count(*) from accounts a where a.tenant_id = t.id and not a.archived)::int as accounts,
      (select count(*) from accounts a where a.tenant_id = t.id and not a.archived and a.churned_at is null)::int as active_accounts,
      (select count(*) from accounts a where a.tenant_id = t.id and not a.archived and a.churned_at is not null)::int as churned_accounts,
      (select count(*) from contacts c where c.tenant_id = t.id and not c.archived)::int as contacts,
      (select count(*) from deals d where d.tenant_id = t.id and not d.archived)::int as deals,
      (select count(*) from tickets k where k.tenant_id = t.id and not k.archived)::int as tickets,
      (select count(*) from engagements e where e.tenant_id = t.id and not e.archived)::int as engagements,
      (select count(*) from usage_daily u where u.tenant_id = t.id)::int as usage_days,
      (select count(distinct u.account_id) from usage_daily u where u.tenant_id = t.id)::int as accounts_with_usage,
      (select min(a.contract_start)::text from accounts a where a.tenant_id = t.id) as history_from,
      (select greatest(max(u.day), (select max(e.occurred_at)::date from engagements e where e.tenant_id = t.id))::text
         from usage_daily u where u.tenant_id = t.id) as history_to
    from tenants t`);
  const runs = await db.query<{
    tenant_id: string;
    mode: string;
    status: string;
    started_at: Date;
    finished_at: Date | null;
    records: number;
    error: string | null;
    last_success: Date | null;
  }>(`
    select distinct on (r.tenant_id) r.tenant_id, r.mode, r.status, r.started_at, r.finished_at, r.records, r.error,
      (select max(s.finished_at) from sync_runs s where s.tenant_id = r.tenant_id and s.status = 'succeeded') as last_success
    from sync_runs r order by r.tenant_id, r.started_at desc`);
  const lastRun = new Map(runs.rows.map((r) => [r.tenant_id, r]));
  const result = new Map<string, TenantCoverage>();
  for (const row of rows) {
    const run = lastRun.get(row.tenant_id);
    result.set(row.tenant_id, {
      tenantId: row.tenant_id,
      accounts: row.accounts,
      activeAccounts: row.active_accounts,
      churnedAccounts: row.churned_accounts,
      contacts: row.contacts,
      deals: row.deals,
      tickets: row.tickets,
      engagements: row.engagements,
      usageDays: row.usage_days,
      accountsWithUsage: row.accounts_with_usage,
      historyFrom: row.history_from,
      historyTo: row.history_to,
      lastSync: run
        ? { mode: run.mode, status: run.status, startedAt: iso(run.started_at)!, finishedAt: iso(run.finished_at), records: run.records, error: run.error }
        : null,
      lastSuccessfulSyncAt: iso(run?.last_success),
    });
  }
  return result;
}
