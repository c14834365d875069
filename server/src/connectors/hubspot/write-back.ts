import { HUBSPOT_LIMITS, type HubSpotApi } from './hubspot-api.js';
import { reconcilePendingWrites } from './reconcile-writes.js';
import { withScopeHint } from './scope-hint.js';
import { sendWriteBatch } from './write-back-batch.js';
import { chunks, inPool } from '../in-pool.js';
import { runWriteBack, type WriteBackOptions, type WriteBackReport, type WriteBackSkipped } from '../write-back-run.js';

/** The scopes the write-back needs on companies. */
export const WRITE_BACK_SCOPES = ['crm.objects.companies.read', 'crm.objects.companies.write'] as const;

export type WriteBackHubSpotOptions = WriteBackOptions<HubSpotApi>;
export type { WriteBackReport, WriteBackSkipped };

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
  try {
    return await runWriteBack(options, {
      crmName: 'HubSpot',
      reconcile: (api, run) => reconcilePendingWrites(api, run.state, run.catalogue, run.runId),
      send: async (api, plans, run) => {
        const batches = chunks(plans, HUBSPOT_LIMITS.batchWriteInputs);
        const results = await inPool(batches, options.concurrency ?? 4, (batch) => {
          run.guard();
          return sendWriteBatch(api, run.state, run.catalogue, run.runId, batch);
        });
        return { results, batches: batches.length };
      },
    });
  } catch (error) {
    throw withScopeHint(error, 'Writing Telltale fields to HubSpot', WRITE_BACK_SCOPES);
  }
}
