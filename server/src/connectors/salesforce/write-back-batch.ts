import type { FieldCatalogue } from '../../actions/fields-catalogue.js';
import type { AccountFieldWrite } from '../../actions/plan-field-writes.js';
import type { FieldWrite, WriteBackState } from '../../store/write-back-state.js';
import { CrmError } from '../crm-error.js';
import type { BatchResult, RejectedWrite } from '../hubspot/write-back-batch.js';
import { accountFields } from './catalogue-values.js';
import { updateRecords, type SalesforceWriteApi } from './composite-writes.js';

/** How Salesforce answered one collection update, by account. */
export interface AccountBatchResult extends BatchResult {
  /** Accounts whose row was locked (UNABLE_TO_LOCK_ROW): still in flight, to be sent again in the next pass. */
  locked: AccountFieldWrite[];
}

/**
 * Sends one collection update (≤200 Accounts) and records it around the call: the values are
 * recorded as in flight first, then settled by Salesforce's per-record results — confirmed for
 * saved records, dropped for refused or deleted ones (the next run plans them again), kept in
 * flight for locked rows (`locked`, sent again by the next pass; on the last pass reported as
 * refused) and for records the answer did not cover. A call that certainly changed nothing (a 4xx
 * answer) drops them all; any other failure leaves them in flight for the next run to reconcile,
 * then rethrows.
 */
export async function sendAccountBatch(
  api: SalesforceWriteApi,
  state: WriteBackState,
  catalogue: FieldCatalogue,
  runId: string,
  batch: readonly AccountFieldWrite[],
  lastPass: boolean,
): Promise<AccountBatchResult> {
  const writes: FieldWrite[] = batch.flatMap((account) => [...account.fields].map(([field, value]) => ({ accountId: account.accountId, field, value })));
  await state.markPending(runId, writes);
  let outcomes;
  try {
    outcomes = await updateRecords(api, catalogue.salesforce.object, batch.map((account) => ({ id: account.accountId, fields: accountFields(catalogue, account) })));
  } catch (error) {
    if (certainlyNotApplied(error)) await state.settle(runId, { confirmed: [], abandoned: writes });
    throw error;
  }

  const result: AccountBatchResult = { written: [], rejected: [], missing: [], unconfirmed: [], locked: [] };
  batch.forEach((account, i) => {
    const outcome = outcomes[i];
    if (!outcome) result.unconfirmed.push(account.accountId);
    else if (outcome.saved) result.written.push(account.accountId);
    else if (outcome.kind === 'gone') result.missing.push(account.accountId);
    else if (outcome.kind === 'temporary' && !lastPass) result.locked.push(account);
    else result.rejected.push({ accountId: account.accountId, category: outcome.statusCode, message: outcome.message } satisfies RejectedWrite);
  });
  const written = new Set(result.written);
  const dropped = new Set([...result.missing, ...result.rejected.map((r) => r.accountId)]);
  await state.settle(runId, {
    confirmed: writes.filter((write) => written.has(write.accountId)),
    abandoned: writes.filter((write) => dropped.has(write.accountId)),
  });
  return result;
}

/** A 4xx answer to the whole call (but a timeout's 408) means Salesforce applied none of it. */
function certainlyNotApplied(error: unknown): boolean {
  return error instanceof CrmError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 408;
}
