import { randomUUID } from 'node:crypto';
import { loadFieldCatalogue, type FieldCatalogue } from '../actions/fields-catalogue.js';
import { canonicalAccountValues, planFieldWrites, type AccountFieldValues, type AccountFieldWrite } from '../actions/plan-field-writes.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { WriteBackLeaseLostError, WriteBackState } from '../store/write-back-state.js';
import type { ReconcileReport } from './hubspot/reconcile-writes.js';
import type { BatchResult, RejectedWrite } from './hubspot/write-back-batch.js';
import { keepLease } from './write-back-lease.js';

/** What one write-back run did, whichever CRM it wrote to. */
export interface WriteBackReport {
  tenantId: string;
  runId: string;
  /** Accounts given. */
  accounts: number;
  /** Accounts with at least one field to write. */
  changedAccounts: number;
  /** Field values sent (the stamp included). */
  fieldsSent: number;
  /** Accounts the CRM confirmed updated. */
  written: number;
  /** Batch or collection updates sent (first attempts; `requests` counts retries too). */
  batches: number;
  /** Every HTTP attempt: reconcile reads, updates, retries. */
  requests: number;
  reconciled: ReconcileReport;
  rejected: RejectedWrite[];
  /** Record ids the CRM does not have. */
  missing: string[];
  /** Accounts the CRM neither confirmed nor refused; the next run reconciles them. */
  unconfirmed: string[];
  durationMs: number;
}

/** A run found another write-back of the tenant holding the lease and did nothing. */
export interface WriteBackSkipped {
  skipped: string;
}

/** The options every CRM's write-back takes. */
export interface WriteBackOptions<Api> {
  db: Database;
  /** The tenant's CRM repository (its tenant id keys the state and the rate budget). */
  api: Api;
  /** What each account should show, by catalogue key; keys left out are not touched, null clears. */
  accounts: readonly AccountFieldValues[];
  catalogue?: FieldCatalogue;
  /** The source of `insights_updated_at` for insights that change in this run. */
  clock?: Clock;
  /** Updates in flight at once (default 4); they share the tenant's rate budget. */
  concurrency?: number;
  /** How long the tenant's write-back lease lasts unless renewed (default 60 s). */
  leaseTtlMs?: number;
  logger?: Logger;
  /** The state repository (default: the store's); tests substitute one that stops mid-run. */
  state?: WriteBackState;
}

/** What a CRM's sending step is handed: the run's state, and `guard`, to call before each update. */
export interface WriteBackRun {
  state: WriteBackState;
  catalogue: FieldCatalogue;
  runId: string;
  /** Throws WriteBackLeaseLostError once another run holds the tenant's lease. */
  guard(): void;
}

/** The CRM-specific steps of a write-back. */
export interface WriteBackSteps<Api> {
  /** Names the CRM in the run's log line (`<crm> write-back finished`). */
  crmName: string;
  /** Settles what an earlier run left in flight, by reading those records back. */
  reconcile(api: Api, run: WriteBackRun): Promise<ReconcileReport>;
  /** Sends the planned field writes; the results per update, and how many updates were sent. */
  send(api: Api, plans: AccountFieldWrite[], run: WriteBackRun): Promise<{ results: BatchResult[]; batches: number }>;
}

/**
 * One write-back run: the tenant's lease (kept alive while the run lasts), reconciling what an
 * earlier run left in flight, planning only the fields whose value differs from the last one
 * confirmed written, sending through the CRM's steps, and the report. Skipped when another run
 * holds the lease.
 */
export async function runWriteBack<Api extends { tenantId: string; withRequestListener(listener: () => void): Api }>(
  options: WriteBackOptions<Api>,
  steps: WriteBackSteps<Api>,
): Promise<WriteBackReport | WriteBackSkipped> {
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
  const run: WriteBackRun = {
    state,
    catalogue,
    runId,
    guard() {
      if (lease.lost) throw new WriteBackLeaseLostError(`run ${runId} lost the write-back lease of tenant ${tenantId}`);
    },
  };
  try {
    const reconciled = await steps.reconcile(api, run);
    const written = await state.writtenValues([...desired.keys()]);
    const plans = planFieldWrites(catalogue, desired, written, (options.clock ?? systemClock).now());
    const { results, batches } = await steps.send(api, plans, run);
    const report: WriteBackReport = {
      tenantId,
      runId,
      accounts: desired.size,
      changedAccounts: plans.length,
      fieldsSent: plans.reduce((n, plan) => n + plan.fields.size, 0),
      written: results.reduce((n, result) => n + result.written.length, 0),
      batches,
      requests,
      reconciled,
      rejected: results.flatMap((result) => result.rejected),
      missing: results.flatMap((result) => result.missing),
      unconfirmed: results.flatMap((result) => result.unconfirmed),
      durationMs: Date.now() - started,
    };
    options.logger?.info(
      { tenant: tenantId, runId, changedAccounts: report.changedAccounts, batches: report.batches, requests: report.requests, rejected: report.rejected.length, durationMs: report.durationMs },
      `${steps.crmName} write-back finished`,
    );
    return report;
  } finally {
    lease.stop();
    // A lease left behind expires on its own; failing to release it must not hide the run's outcome.
    await state.releaseLease(runId).catch((error: unknown) => options.logger?.warn({ tenant: tenantId, runId, err: String(error) }, 'write-back lease not released'));
  }
}
