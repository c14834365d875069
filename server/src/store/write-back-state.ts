import type { Database } from './database.js';

/** One field of one CRM record. */
export interface FieldRef {
  accountId: string;
  /** The catalogue key. */
  field: string;
}

/** A field value in canonical text (null: the field is empty). */
export interface FieldWrite extends FieldRef {
  value: string | null;
}

/** A write recorded as in flight by a run. */
export interface PendingWrite extends FieldWrite {
  runId: string;
}

/** The run no longer holds its tenant's write-back lease (it expired, and another run may have taken it). */
export class WriteBackLeaseLostError extends Error {
  override readonly name = 'WriteBackLeaseLostError';
}

/**
 * The write-back state of one tenant: per CRM record and catalogue field, the value last confirmed
 * written and the value of a write in flight, plus the tenant's write-back lease. A run holds the
 * lease, records a batch's values as pending before sending it, and settles them (confirmed or
 * abandoned) after the CRM answered; pending values left by a stopped run are reconciled by the next.
 */
export class WriteBackState {
  constructor(
    protected readonly db: Database,
    readonly tenantId: string,
  ) {}

  /** Takes the tenant's lease for `ttlMs` unless another holder has an unexpired one. Time is the database's. */
  async acquireLease(holder: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `insert into write_back_leases (tenant_id, holder, expires_at) values ($1, $2, now() + $3 * interval '1 millisecond')
       on conflict (tenant_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where write_back_leases.expires_at <= now() or write_back_leases.holder = excluded.holder
       returning holder`,
      [this.tenantId, holder, ttlMs],
    );
    return rows.length === 1;
  }

  /**
   * Extends the lease; false when another run has taken it. A lease that lapsed (a late renewal) but
   * that nobody took is still the holder's to extend.
   */
  async renewLease(holder: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `update write_back_leases set expires_at = now() + $3 * interval '1 millisecond'
       where tenant_id = $1 and holder = $2 returning holder`,
      [this.tenantId, holder, ttlMs],
    );
    return rows.length === 1;
  }

  async releaseLease(holder: string): Promise<void> {
    await this.db.query('delete from write_back_leases where tenant_id = $1 and holder = $2', [this.tenantId, holder]);
  }

  /** The last confirmed value of every field of these accounts, by account then catalogue key. */
  async writtenValues(accountIds: readonly string[]): Promise<Map<string, Map<string, string | null>>> {
    const { rows } = await this.db.query<{ account_id: string; field: string; written_value: string | null }>(
      `select account_id, field, written_value from write_back_state
       where tenant_id = $1 and account_id = any($2::text[]) and written_at is not null`,
      [this.tenantId, accountIds],
    );
    const out = new Map<string, Map<string, string | null>>();
    for (const row of rows) {
      let fields = out.get(row.account_id);
      if (!fields) out.set(row.account_id, (fields = new Map()));
      fields.set(row.field, row.written_value);
    }
    return out;
  }

  /** Writes recorded as in flight by runs other than `holder` (runs that stopped before settling them). */
  async pendingWrites(holder: string): Promise<PendingWrite[]> {
    const { rows } = await this.db.query<{ account_id: string; field: string; pending_value: string | null; pending_run: string }>(
      `select account_id, field, pending_value, pending_run from write_back_state
       where tenant_id = $1 and pending_run is not null and pending_run <> $2 order by account_id, field`,
      [this.tenantId, holder],
    );
    return rows.map((row) => ({ accountId: row.account_id, field: row.field, value: row.pending_value, runId: row.pending_run }));
  }

  /**
   * Records a batch's values as in flight, in one statement that only writes while `holder` holds
   * the lease; throws WriteBackLeaseLostError (recording nothing) when it does not.
   */
  async markPending(holder: string, writes: readonly FieldWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const result = await this.db.query(
      `insert into write_back_state (tenant_id, account_id, field, pending_value, pending_run, pending_at)
       select $1, u.account_id, u.field, u.value, $2, now()
       from unnest($3::text[], $4::text[], $5::text[]) as u(account_id, field, value)
       where exists (select 1 from write_back_leases l where l.tenant_id = $1 and l.holder = $2 and l.expires_at > now())
       on conflict (tenant_id, account_id, field) do update
       set pending_value = excluded.pending_value, pending_run = excluded.pending_run, pending_at = excluded.pending_at`,
      [this.tenantId, holder, ...columns(writes)],
    );
    if (result.affectedRows === 0) throw new WriteBackLeaseLostError(`the write-back lease of tenant ${this.tenantId} is no longer held by run ${holder}`);
  }

  /**
   * Settles `holder`'s in-flight writes in one transaction: confirmed ones become the written value,
   * abandoned ones (the CRM certainly did not apply them) are dropped, leaving the written value as it was.
   */
  async settle(holder: string, outcome: { confirmed: readonly FieldRef[]; abandoned: readonly FieldRef[] }): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (outcome.confirmed.length > 0) {
        await tx.query(
          `update write_back_state s set written_value = s.pending_value, written_at = now(), pending_value = null, pending_run = null, pending_at = null
           from unnest($3::text[], $4::text[]) as u(account_id, field)
           where s.tenant_id = $1 and s.account_id = u.account_id and s.field = u.field and s.pending_run = $2`,
          [this.tenantId, holder, ...refColumns(outcome.confirmed)],
        );
      }
      if (outcome.abandoned.length > 0) await clearPending(tx, this.tenantId, outcome.abandoned, holder);
    });
  }

  /**
   * Settles writes a stopped run left in flight, from what the CRM holds now: `observed` values
   * become the written values (whether or not the stopped run's write landed), `gone` fields (their
   * record no longer exists) lose their pending value.
   */
  async reconcile(holder: string, outcome: { observed: readonly FieldWrite[]; gone: readonly FieldRef[] }): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (outcome.observed.length > 0) {
        await tx.query(
          `update write_back_state s set written_value = u.value, written_at = now(), pending_value = null, pending_run = null, pending_at = null
           from unnest($3::text[], $4::text[], $5::text[]) as u(account_id, field, value)
           where s.tenant_id = $1 and s.account_id = u.account_id and s.field = u.field and s.pending_run is not null and s.pending_run <> $2`,
          [this.tenantId, holder, ...columns(outcome.observed)],
        );
      }
      if (outcome.gone.length > 0) await clearPending(tx, this.tenantId, outcome.gone, undefined, holder);
    });
  }
}

async function clearPending(tx: Pick<Database, 'query'>, tenantId: string, refs: readonly FieldRef[], onlyRun?: string, exceptRun?: string): Promise<void> {
  await tx.query(
    `update write_back_state s set pending_value = null, pending_run = null, pending_at = null
     from unnest($2::text[], $3::text[]) as u(account_id, field)
     where s.tenant_id = $1 and s.account_id = u.account_id and s.field = u.field and s.pending_run is not null
       and ($4::text is null or s.pending_run = $4) and ($5::text is null or s.pending_run <> $5)`,
    [tenantId, ...refColumns(refs), onlyRun ?? null, exceptRun ?? null],
  );
}

function refColumns(refs: readonly FieldRef[]): [string[], string[]] {
  return [refs.map((r) => r.accountId), refs.map((r) => r.field)];
}

function columns(writes: readonly FieldWrite[]): [string[], string[], Array<string | null>] {
  return [...refColumns(writes), writes.map((w) => w.value)];
}
