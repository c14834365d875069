import type { FieldCatalogue } from '../../actions/fields-catalogue.js';
import type { AccountFieldWrite } from '../../actions/plan-field-writes.js';
import type { FieldWrite, WriteBackState } from '../../store/write-back-state.js';
import { CrmError } from '../crm-error.js';
import type { BatchUpdateOutcome, HubSpotApi, RecordUpdate } from './hubspot-api.js';

/** A record HubSpot refused to update (a 207 entry naming its trace id). */
export interface RejectedWrite {
  accountId: string;
  category: string;
  message: string;
}

/** How HubSpot answered one batch, by account. */
export interface BatchResult {
  /** Updated: their values are now the written values. */
  written: string[];
  rejected: RejectedWrite[];
  /** Ids HubSpot does not have (deleted or merged companies). */
  missing: string[];
  /** Neither confirmed nor refused: left in flight, reconciled by the next run. */
  unconfirmed: string[];
}

/**
 * Sends one batch update (≤100 records) and records it around the call: the values are recorded as
 * in flight first, then settled by HubSpot's answer — confirmed for records it updated, dropped for
 * records it refused or does not have. A call that certainly changed nothing (a 4xx answer) drops
 * them all; any other failure leaves them in flight for the next run to reconcile, then rethrows.
 */
export async function sendWriteBatch(api: HubSpotApi, state: WriteBackState, catalogue: FieldCatalogue, runId: string, batch: readonly AccountFieldWrite[]): Promise<BatchResult> {
  const writes: FieldWrite[] = batch.flatMap((account) => [...account.fields].map(([field, value]) => ({ accountId: account.accountId, field, value })));
  await state.markPending(runId, writes);
  let outcome: BatchUpdateOutcome;
  try {
    outcome = await api.updateRecords(catalogue.hubspot.objectType, batch.map((account) => recordUpdate(catalogue, account)));
  } catch (error) {
    if (certainlyNotApplied(error)) await state.settle(runId, { confirmed: [], abandoned: writes });
    throw error;
  }
  const result = interpret(batch, outcome);
  const written = new Set(result.written);
  const dropped = new Set([...result.rejected.map((r) => r.accountId), ...result.missing]);
  await state.settle(runId, {
    confirmed: writes.filter((write) => written.has(write.accountId)),
    abandoned: writes.filter((write) => dropped.has(write.accountId)),
  });
  return result;
}

/** HubSpot's wire form of one account's writes: property name → value, "" clearing a property. */
function recordUpdate(catalogue: FieldCatalogue, account: AccountFieldWrite): RecordUpdate {
  const properties: Record<string, string> = {};
  for (const [key, value] of account.fields) {
    const field = catalogue.byKey.get(key);
    if (!field) throw new Error(`write of unknown catalogue field ${key}`);
    properties[field.hubspot.name] = value ?? '';
  }
  return { id: account.accountId, traceId: account.accountId, properties };
}

function interpret(batch: readonly AccountFieldWrite[], outcome: BatchUpdateOutcome): BatchResult {
  const sent = new Set(batch.map((account) => account.accountId));
  const written = new Set(outcome.updated.map((record) => record.traceId ?? record.id).filter((id) => sent.has(id)));
  const rejected: RejectedWrite[] = [];
  const missing = new Set<string>();
  for (const error of outcome.errors) {
    for (const id of error.context.objectWriteTraceId ?? []) {
      if (sent.has(id) && !written.has(id)) rejected.push({ accountId: id, category: error.category, message: error.message });
    }
    if (error.category === 'OBJECT_NOT_FOUND') for (const id of error.context.ids ?? []) if (sent.has(id) && !written.has(id)) missing.add(id);
  }
  const settled = new Set([...written, ...missing, ...rejected.map((r) => r.accountId)]);
  return {
    written: [...written],
    rejected: rejected.filter((r) => !missing.has(r.accountId)),
    missing: [...missing],
    unconfirmed: [...sent].filter((id) => !settled.has(id)),
  };
}

/** A 4xx answer (but a timeout's 408) means HubSpot applied none of the batch. */
function certainlyNotApplied(error: unknown): boolean {
  return error instanceof CrmError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 408;
}
