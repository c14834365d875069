import { canonicalCrmValue } from '../../actions/field-values.js';
import type { FieldCatalogue } from '../../actions/fields-catalogue.js';
import type { FieldRef, FieldWrite, PendingWrite, WriteBackState } from '../../store/write-back-state.js';
import type { HubSpotApi } from './hubspot-api.js';

/** What reconciling a stopped run's writes found. */
export interface ReconcileReport {
  /** Records read back (one batch read per 100). */
  accounts: number;
  /** Fields whose written value was set from what HubSpot holds. */
  fields: number;
  /** Fields dropped because their record no longer exists (or their key left the catalogue). */
  gone: number;
}

/**
 * Settles writes that a run recorded as in flight but never settled (its process stopped between
 * sending a batch and recording the answer). It reads those records back in batches of 100 and
 * records what HubSpot holds as the written value — the stopped run's value when its write landed,
 * the earlier one when it did not — so the plan that follows sends exactly what is still missing
 * and nothing twice. Runs while holding the tenant's lease, so no other run has writes in flight.
 */
export async function reconcilePendingWrites(api: HubSpotApi, state: WriteBackState, catalogue: FieldCatalogue, runId: string): Promise<ReconcileReport> {
  const pending = await state.pendingWrites(runId);
  if (pending.length === 0) return { accounts: 0, fields: 0, gone: 0 };
  const byAccount = new Map<string, PendingWrite[]>();
  for (const write of pending) byAccount.set(write.accountId, [...(byAccount.get(write.accountId) ?? []), write]);
  const properties = [...new Set(pending.flatMap((write) => catalogue.byKey.get(write.field)?.hubspot.name ?? []))];

  const { records } = await api.readRecords(catalogue.hubspot.objectType, [...byAccount.keys()], properties);
  const observed: FieldWrite[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    // A merged record answers with its new id: its pending writes are dropped below with the missing ones.
    for (const write of byAccount.get(record.id) ?? []) {
      const field = catalogue.byKey.get(write.field);
      if (!field) continue;
      observed.push({ accountId: write.accountId, field: write.field, value: canonicalCrmValue(field, record.properties[field.hubspot.name]) });
      seen.add(`${write.accountId}\u0000${write.field}`);
    }
  }
  const gone: FieldRef[] = pending.filter((write) => !seen.has(`${write.accountId}\u0000${write.field}`));
  await state.reconcile(runId, { observed, gone });
  return { accounts: byAccount.size, fields: observed.length, gone: gone.length };
}
