import type { AccountFieldWrite } from '../../actions/plan-field-writes.js';
import type { Logger } from '../../logging/logger.js';
import { chunks, inPool } from '../in-pool.js';
import { runWriteBack, type WriteBackOptions, type WriteBackReport, type WriteBackSkipped } from '../write-back-run.js';
import { COLLECTION_LIMIT } from './composite-writes.js';
import { DEFAULT_LOCKED_ROW_RETRY, waitForPass, type LockedRowRetry } from './locked-row-retry.js';
import { reconcileSalesforceWrites } from './reconcile-writes.js';
import type { SalesforceApi } from './salesforce-api.js';
import { sendAccountBatch, type AccountBatchResult } from './write-back-batch.js';

export type { WriteBackReport, WriteBackSkipped };

export interface WriteBackSalesforceOptions extends WriteBackOptions<SalesforceApi> {
  /** Passes for Accounts whose row was locked (default 3, 1 s then 2 s apart). */
  lockedRows?: Partial<LockedRowRetry>;
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
  const retry: LockedRowRetry = { ...DEFAULT_LOCKED_ROW_RETRY, ...options.lockedRows };
  const outcome = await runWriteBack(options, {
    crmName: 'Salesforce',
    reconcile: (api, run) => reconcileSalesforceWrites(api, run.state, run.catalogue, run.runId),
    send: async (api, plans, run) => {
      const results: AccountBatchResult[] = [];
      let due: AccountFieldWrite[] = plans;
      for (let pass = 1; due.length > 0; pass++) {
        await waitForPass(retry, pass);
        const lastPass = pass >= retry.passes;
        const passResults = await inPool(chunks(due, COLLECTION_LIMIT), options.concurrency ?? 4, (batch) => {
          run.guard();
          return sendAccountBatch(api, run.state, run.catalogue, run.runId, batch, lastPass);
        });
        results.push(...passResults);
        due = passResults.flatMap((result) => result.locked);
      }
      return { results, batches: Math.ceil(plans.length / COLLECTION_LIMIT) };
    },
  });
  if ('runId' in outcome) warnOfRefusals(options.logger, outcome);
  return outcome;
}

/** One warning naming the records Salesforce refused, so an admin can fix the org. */
function warnOfRefusals(logger: Logger | undefined, report: WriteBackReport): void {
  if (report.rejected.length === 0 && report.missing.length === 0) return;
  logger?.warn(
    {
      tenant: report.tenantId,
      runId: report.runId,
      rejected: report.rejected.length,
      missing: report.missing.length,
      records: report.rejected.slice(0, 20),
      missingIds: report.missing.slice(0, 20),
    },
    'Salesforce refused some Telltale field writes; they are sent again on the next run',
  );
}
