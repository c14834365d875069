import type { FieldCatalogue } from '../../actions/fields-catalogue.js';
import type { FieldRef, FieldWrite, PendingWrite, WriteBackState } from '../../store/write-back-state.js';
import type { ReconcileReport } from '../hubspot/reconcile-writes.js';
import { canonicalSalesforceValue } from './catalogue-values.js';
import { COLLECTION_LIMIT, type SalesforceWriteApi } from './composite-writes.js';
import { soqlInList } from './soql-values.js';

/**
 * Settles writes that a run recorded as in flight but never settled (its process stopped between
 * sending a collection update and recording the answer). It reads those Accounts back with
 * `SELECT Id, <fields> FROM Account WHERE Id IN (...)`, 200 ids per query, and records what
 * Salesforce holds as the written value — the stopped run's value where its write landed, the
 * earlier one where it did not — so the plan that follows sends exactly what is still missing and
 * nothing twice. Accounts the query does not return (deleted) lose their in-flight writes. Runs
 * while holding the tenant's lease, so no other run has writes in flight.
 */
export async function reconcileSalesforceWrites(api: SalesforceWriteApi, state: WriteBackState, catalogue: FieldCatalogue, runId: string): Promise<ReconcileReport> {
  const pending = await state.pendingWrites(runId);
  if (pending.length === 0) return { accounts: 0, fields: 0, gone: 0 };
  const byAccount = new Map<string, PendingWrite[]>();
  for (const write of pending) byAccount.set(write.accountId, [...(byAccount.get(write.accountId) ?? []), write]);
  const apiNames = [...new Set(pending.flatMap((write) => catalogue.byKey.get(write.field)?.salesforce.apiName ?? []))];

  const observed: FieldWrite[] = [];
  const seen = new Set<string>();
  const ids = [...byAccount.keys()];
  for (let start = 0; start < ids.length; start += COLLECTION_LIMIT) {
    const soql = `SELECT Id, ${apiNames.join(', ')} FROM ${catalogue.salesforce.object} WHERE Id IN ${soqlInList(ids.slice(start, start + COLLECTION_LIMIT))}`;
    await api.query<Record<string, unknown>>(soql, {
      onPage: async (records) => {
        for (const record of records) {
          for (const write of byAccount.get(String(record.Id)) ?? []) {
            const field = catalogue.byKey.get(write.field);
            if (!field) continue;
            observed.push({ accountId: write.accountId, field: write.field, value: canonicalSalesforceValue(field, record[field.salesforce.apiName]) });
            seen.add(`${write.accountId}\u0000${write.field}`);
          }
        }
      },
    });
  }
  const gone: FieldRef[] = pending.filter((write) => !seen.has(`${write.accountId}\u0000${write.field}`));
  await state.reconcile(runId, { observed, gone });
  return { accounts: byAccount.size, fields: observed.length, gone: gone.length };
}
