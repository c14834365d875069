import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock/clock.js';
import { loadFieldCatalogue, type FieldCatalogue } from '../../actions/fields-catalogue.js';
import { canonicalAccountValues, planFieldWrites, type AccountFieldValues, type AccountFieldWrite } from '../../actions/plan-field-writes.js';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';
import { WriteBackLeaseLostError, WriteBackState } from '../../store/write-back-state.js';
import { HUBSPOT_LIMITS, type HubSpotApi } from './hubspot-api.js';
import { reconcilePendingWrites, type ReconcileReport } from './reconcile-writes.js';
import { withScopeHint } from './scope-hint.js';
import { sendWriteBatch, type BatchResult, type RejectedWrite } from './write-back-batch.js';
import { keepLease } from '../write-back-lease.js';

/** The scopes the write-back needs on companies. */
export const WRITE_BACK_SCOPES = ['crm.objects.companies.read', 'crm.objects.companies.write'] as const;

export interface WriteBackHubSpotOptions {
  db: Database;
  /** The tenant's HubSpot repository (its tenant id keys the state and the rate budget). */
  api: HubSpotApi;
  /** What each company should show, by catalogue key; keys left out are not touched, null clears. */
  accounts: readonly AccountFieldValues[];
  catalogue?: FieldCatalogue;
  /** The source of `insights_updated_at` for insights that change in this run. */
  clock?: Clock;
  /** Batch updates in flight at once (default 4); they share the tenant's rate budget. */
  concurrency?: number;
  /** How long the tenant's write-back lease lasts unless renewed (default 60 s). */
  leaseTtlMs?: number;
  logger?: Logger;
  /** The state repository (default: the store's); tests substitute one that stops mid-run. */
  state?: WriteBackState;
}

/** What one write-back run did. */
export interface WriteBackReport {
  tenantId: string;
  runId: string;
  /** Accounts given. */
  accounts: number;
  /** Accounts with at least one field to write. */
  changedAccounts: number;
  /** Field values sent (the stamp included). */
  fieldsSent: number;
  /** Accounts HubSpot confirmed updated. */
  written: number;
  /** Batch updates sent (first attempts; `requests` counts retries too). */
  batches: number;
  /** Every HTTP attempt: reconcile reads, batch updates, retries. */
  requests: number;
  reconciled: ReconcileReport;
  rejected: RejectedWrite[];
  /** Company ids HubSpot does not have. */
  missing: string[];
  /** Accounts HubSpot neither confirmed nor refused; the next run reconciles them. */
  unconfirmed: string[];
  durationMs: number;
}

/** A run found another write-back of the tenant holding the lease and did nothing. */
export interface WriteBackSkipped {
  skipped: string;
}

/**
 * Writes catalogue fields to HubSpot companies, sending only the fields whose value differs from
 * the last one confirmed written (and `insights_updated_at` when an insight changed), in batch
 * updates of up to 100 records through the tenant's rate limiter and retry policy.
 *
 * Guarantees: one run per tenant at a time (a lease in the store); a repeated or duplicated run with
 * the same values sends nothing; a run stopped between sending and recording leaves its writes
 * recorded as in flight, and the next run reads those records back and records what HubSpot holds
 * before planning, so it resends only what did not land. Values that do not fit the catalogue throw
 * FieldValuesInputError before anything is sent; an AUTH error names the scopes needed.
 */
export async function writeBackHubSpot(options: WriteBackHubSpotOptions): Promise<WriteBackReport | WriteBackSkipped> {
  const started = Date.now();
  const catalogue = options.catalogue ?? loadFieldCatalogue();
  const desired = canonicalAccountValues(catalogue, options.accounts);
  const tenantId = options.api.tenantId;
  const state = options.state ?? new WriteBackState(options.db, tenantId);
  const runId = randomUUID();
  const ttl = options.leaseTtlMs ?? 60_000;
  if (!(await state.acquireLease(runId, ttl))) return { skipped: `another write-back of tenant ${tenantId} is running` };

  let requests = 0;
  const api = options.api.withRequestListener(() => requests++);
  const lease = keepLease(state, runId, ttl);
  try {
    const reconciled = await reconcilePendingWrites(api, state, catalogue, runId);
    const written = await state.writtenValues([...desired.keys()]);
    const plans = planFieldWrites(catalogue, desired, written, (options.clock ?? systemClock).now());
    const batches = chunks(plans, HUBSPOT_LIMITS.batchWriteInputs);
    const results = await inPool(batches, options.concurrency ?? 4, (batch) => {
      if (lease.lost) throw new WriteBackLeaseLostError(`run ${runId} lost the write-back lease of tenant ${tenantId}`);
      return sendWriteBatch(api, state, catalogue, runId, batch);
    });
    const report = summarise({ tenantId, runId, accounts: desired.size, plans, batches: batches.length, requests, reconciled, results, started });
    options.logger?.info(
      { tenant: tenantId, runId, changedAccounts: report.changedAccounts, batches: report.batches, requests: report.requests, rejected: report.rejected.length, durationMs: report.durationMs },
      'HubSpot write-back finished',
    );
    return report;
  } catch (error) {
    throw withScopeHint(error, 'Writing Telltale fields to HubSpot', WRITE_BACK_SCOPES);
  } finally {
    lease.stop();
    // A lease left behind expires on its own; failing to release it must not hide the run's outcome.
    await state.releaseLease(runId).catch((error: unknown) => options.logger?.warn({ tenant: tenantId, runId, err: String(error) }, 'write-back lease not released'));
  }
}

function summarise(run: {
  tenantId: string;
  runId: string;
  accounts: number;
  plans: AccountFieldWrite[];
  batches: number;
  requests: number;
  reconciled: ReconcileReport;
  results: BatchResult[];
  started: number;
}): WriteBackReport {
  return {
    tenantId: run.tenantId,
    runId: run.runId,
    accounts: run.accounts,
    changedAccounts: run.plans.length,
    fieldsSent: run.plans.reduce((n, plan) => n + plan.fields.size, 0),
    written: run.results.reduce((n, result) => n + result.written.length, 0),
    batches: run.batches,
    requests: run.requests,
    reconciled: run.reconciled,
    rejected: run.results.flatMap((result) => result.rejected),
    missing: run.results.flatMap((result) => result.missing),
    unconfirmed: run.results.flatMap((result) => result.unconfirmed),
    durationMs: Date.now() - run.started,
  };
}

/**
 * Runs `work` over the items with at most `concurrency` at once, in order of start. After the first
 * failure no new item starts; the ones in flight finish, then the failure is thrown.
 */
async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        results.push(await work(item));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
