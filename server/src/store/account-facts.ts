import type { Queryable } from './database.js';

/** What the playbooks need to know about an account besides its predictions. */
export interface AccountFacts {
  id: string;
  name: string;
  ownerId: string | null;
  arr: number | null;
  /** 'YYYY-MM-DD'. */
  renewalDate: string | null;
}

/** The current CRM facts of the given accounts (all live accounts of the tenant when `ids` is absent). */
export async function accountFacts(db: Queryable, tenantId: string, ids?: readonly string[]): Promise<Map<string, AccountFacts>> {
  const { rows } = await db.query<{ id: string; name: string; owner_id: string | null; arr: number | null; renewal_date: string | null }>(
    `select id, name, owner_id, arr, renewal_date::text as renewal_date from accounts
      where tenant_id = $1 and not archived and ($2::text[] is null or id = any($2::text[]))`,
    [tenantId, ids ? [...ids] : null],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, ownerId: r.owner_id, arr: r.arr === null ? null : Number(r.arr), renewalDate: r.renewal_date }]));
}
