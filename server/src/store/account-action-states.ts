import type { Queryable } from './database.js';

/** The account state the playbooks last evaluated (escalations are measured against it). */
export interface StoredActionState {
  band: 'low' | 'medium' | 'high';
  window: 'early' | 'timely' | 'reactive' | 'emergency';
  declining: boolean;
  expansionWindow: 'unlikely' | '12_months' | '90_days' | '30_days';
}

/** The last evaluated state of each of these accounts that has one. */
export async function loadActionStates(db: Queryable, tenantId: string, accountIds: readonly string[]): Promise<Map<string, StoredActionState>> {
  if (accountIds.length === 0) return new Map();
  const { rows } = await db.query<{
    account_id: string;
    churn_band: StoredActionState['band'];
    intervention_window: StoredActionState['window'];
    declining: boolean;
    expansion_window: StoredActionState['expansionWindow'];
  }>(
    `select account_id, churn_band, intervention_window, declining, expansion_window from account_action_states
     where tenant_id = $1 and account_id = any($2::text[])`,
    [tenantId, accountIds],
  );
  return new Map(
    rows.map((r) => [r.account_id, { band: r.churn_band, window: r.intervention_window, declining: r.declining, expansionWindow: r.expansion_window }]),
  );
}

/** Stores the evaluated state of accounts (one statement), replacing what was there. */
export async function saveActionStates(db: Queryable, tenantId: string, states: ReadonlyArray<{ accountId: string; state: StoredActionState }>, evaluatedAt: Date): Promise<number> {
  if (states.length === 0) return 0;
  const result = await db.query(
    `insert into account_action_states (tenant_id, account_id, churn_band, intervention_window, declining, expansion_window, evaluated_at)
     select $1, u.account_id, u.band, u.win, u.declining, u.expansion, $7 from unnest($2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[])
       as u(account_id, band, win, declining, expansion)
     on conflict (tenant_id, account_id) do update set churn_band = excluded.churn_band, intervention_window = excluded.intervention_window,
       declining = excluded.declining, expansion_window = excluded.expansion_window, evaluated_at = excluded.evaluated_at`,
    [
      tenantId,
      states.map((s) => s.accountId),
      states.map((s) => s.state.band),
      states.map((s) => s.state.window),
      states.map((s) => s.state.declining),
      states.map((s) => s.state.expansionWindow),
      evaluatedAt.toISOString(),
    ],
  );
  return result.affectedRows;
}
