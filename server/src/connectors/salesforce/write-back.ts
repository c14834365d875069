import { randomUUID } from 'node:crypto';
import { loadFieldCatalogue, type FieldCatalogue } from '../../actions/fields-catalogue.js';
import { canonicalAccountValues, planFieldWrites, type AccountFieldValues, type AccountFieldWrite } from '../../actions/plan-field-writes.js';
import { systemClock, type Clock } from '../../clock/clock.js';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';
import { WriteBackLeaseLostError, WriteBackState } from '../../store/write-back-state.js';
import type { WriteBackReport, WriteBackSkipped } from '../hubspot/write-back.js';
import { COLLECTION_LIMIT } from './composite-writes.js';
import { chunks, inPool } from './in-pool.js';
import { keepLease } from '../write-back-lease.js';
import { DEFAULT_LOCKED_ROW_RETRY, waitForPass, type LockedRowRetry } from './locked-row-retry.js';
import { reconcileSalesforceWrites } from './reconcile-writes.js';
import type { SalesforceApi } from './salesforce-api.js';
import { sendAccountBatch, type AccountBatchResult } from './write-back-batch.js';

export type { WriteBackReport, WriteBackSkipped };

export interface WriteBackSalesforceOptions {
  db: Database;
  /** The tenant's Salesforce repository (its tenant id keys the state and the rate budget). */
  api: SalesforceApi;
  /** What each Account should show, by catalogue key; keys left out are not touched, null clears. */
  accounts: readonly AccountFieldValues[];
  catalogue?: FieldCatalogue;
  /** The source of `insights_updated_at` for insights that change in this run. */
  clock?: Clock;
  /** Collection updates in flight at once (default 4); they share the tenant's rate budget. */
  concurrency?: number;
  /** How long the tenant's write-back lease lasts unless renewed (default 60 s). */
  leaseTtlMs?: number;
  /** Passes for Accounts whose row was locked (default 3, 1 s then 2 s apart). */
  lockedRows?: Partial<LockedRowRetry>;
  logger?: Logger;
  /** The state repository (default: the store's); tests substitute one that stops mid-run. */
  state?: WriteBackState;
}

/**
 * Writes catalogue fields to Salesforce Accounts, sending only the fields whose value differs from
 * the last one confirmed written (and `insights_updated_at` when an insight changed), in collection
 * updates (`PATCH /composite/sobjects`) of up to 200 records through the tenant's rate limiter and
 * retry policy. The same state, lease and report as `writeBackHubSpot`.
 *
 * Per record: a saved Account is recorded; a locked row is sent again in a later pass of the same
 * run (bounded by `lockedRows`); a deleted Account is reported in `missing`; a value the org refuses
 * (INVALID_FIELD, FIELD_CUSTOM_VALIDATION_EXCEPTION, STRING_TOO_LONG...) is reported in `rejected`
 * with Salesforce's status code and message, logged, and planned again by the next run. A run
 * stopped between sending and recording leaves its writes in flight; the next run reads those
 * Accounts back with SOQL and records what Salesforce holds before planning, so it resends only what
 * did not land. Values that do not fit the catalogue throw FieldValuesInputError before anything is sent.
 */
export async function writeBackSalesforce(options: WriteBackSalesforceOptions): Promise<WriteBackReport | WriteBackSkipped> {
  const started = Date.now();
  const catalogue = options.catalogue ?? loadFieldCatalogue();
  const desired = canonicalAccountValues(catalogue, options.accounts);
  const tenantId = options.api.tenantId;
  const state = options.state ?? new WriteBackState(options.db, tenantId);
  const runId = randomUUID();
  const ttl = options.leaseTtlMs ?? 60_000;
  const retry: LockedRowRetry = { ...DEFAULT_LOCKED_ROW_RETRY, ...options.lockedRows };
  if (!(await state.acquireLease(runId, ttl))) return { skipped: `another write-back of tenant ${tenantId} is running` };

  let requests = 0;
  const api = options.api.withRequestListener(() => requests++);
  const lease = keepLease(state, runId, ttl);
  try {
    const reconciled = await reconcileSalesforceWrites(api, state, catalogue, runId);
    const written = await state.writtenValues([...desired.keys()]);
    const plans = planFieldWrites(catalogue, desired, written, (options.clock ?? systemClock).now());
    const results: AccountBatchResult[] = [];
    let due: AccountFieldWrite[] = plans;
    for (let pass = 1; due.length > 0; pass++) {
      await waitForPass(retry, pass);
      const lastPass = pass >= retry.passes;
      const passResults = await inPool(chunks(due, COLLECTION_LIMIT), options.concurrency ?? 4, (batch) => {
        if (lease.lost) throw new WriteBackLeaseLostError(`run ${runId} lost the write-back lease of tenant ${tenantId}`);
        return sendAccountBatch(api, state, catalogue, runId, batch, lastPass);
      });
      results.push(...passResults);
      due = passResults.flatMap((result) => result.locked);
    }
    const report: WriteBackReport = {
      tenantId,
      runId,
      accounts: desired.size,
      changedAccounts: plans.length,
      fieldsSent: plans.reduce((n, plan) => n + plan.fields.size, 0),
      written: results.reduce((n, result) => n + result.written.length, 0),
      batches: Math.ceil(plans.length / COLLECTION_LIMIT),
      requests,
      reconciled,
      rejected: results.flatMap((result) => result.rejected),
      missing: results.flatMap((result) => result.missing),
      unconfirmed: results.flatMap((result) => result.unconfirmed),
      durationMs: Date.now() - started,
    };
    logOutcome(options.logger, report);
    return report;
  } finally {
    lease.stop();
    // A lease left behind expires on its own; failing to release it must not hide the run's outcome.
    await state.releaseLease(runId).catch((error: unknown) => options.logger?.warn({ tenant: tenantId, runId, err: String(error) }, 'write-back lease not released'));
  }
}

/** One line per run, and one warning naming the records Salesforce refused, so an admin can fix the org. */
function logOutcome(logger: Logger | undefined, report: WriteBackReport): void {
  const { tenantId: tenant, runId } = report;
  if (report.rejected.length > 0 || report.missing.length > 0) {
    logger?.warn(
      { tenant, runId, rejected: report.rejected.length, missing: report.missing.length, records: report.rejected.slice(0, 20), missingIds: report.missing.slice(0, 20) },
      'Salesforce refused some Telltale field writes; they are sent again on the next run',
    );
  }
  logger?.info(
    { tenant, runId, changedAccounts: report.changedAccounts, batches: report.batches, requests: report.requests, rejected: report.rejected.length, durationMs: report.durationMs },
    'Salesforce write-back finished',
  );
}
