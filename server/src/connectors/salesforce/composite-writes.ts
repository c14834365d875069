import type { Connection } from 'jsforce';
import type { RecordFields } from './catalogue-values.js';
import { recordOutcomes, type RecordOutcome } from './save-results.js';
import { SALESFORCE_LIMITS, type SalesforceApi } from './salesforce-api.js';

/** Records one sObject Collections call takes (Salesforce's published limit). */
export const COLLECTION_LIMIT = SALESFORCE_LIMITS.collectionWrite;

/** What the write-back and the tasks need of the Salesforce repository. */
export type SalesforceWriteApi = Pick<SalesforceApi, 'tenantId' | 'call' | 'query'>;

/**
 * Updates up to 200 records of one object in one `PATCH /composite/sobjects` (allOrNone false, so
 * each record succeeds or fails on its own) through `api.call`: the tenant's rate budget,
 * classification into CrmError and retries of temporary failures. Resending after a lost answer is
 * harmless — the update sets the same values. Returns each record's outcome by position.
 */
export async function updateRecords(api: SalesforceWriteApi, sobject: string, records: ReadonlyArray<{ id: string; fields: RecordFields }>): Promise<Array<RecordOutcome | undefined>> {
  checkSize(records.length);
  if (records.length === 0) return [];
  const body = records.map((record) => ({ ...record.fields, Id: record.id }));
  const answer = await api.call(`PATCH /composite/sobjects (${sobject})`, (connection) => connection.sobject(sobject).update(body, { allOrNone: false, allowRecursive: true }));
  return recordOutcomes(answer, records.length);
}

/**
 * Creates up to 200 records of one object in one `POST /composite/sobjects` (allOrNone false)
 * through `api.call`. A create is not idempotent, so before every attempt after the first (the
 * previous one may have created the records before its answer was lost) `beforeRetry` is asked
 * which of the records already exist (by position), within the same attempt and with its
 * connection; only the others are sent. Returns the outcome of each record by position, those found
 * as saved with the id `beforeRetry` gave.
 */
export async function createRecords(
  api: SalesforceWriteApi,
  sobject: string,
  records: readonly RecordFields[],
  beforeRetry: (records: readonly RecordFields[], connection: Connection) => Promise<Map<number, string>>,
): Promise<Array<RecordOutcome | undefined>> {
  checkSize(records.length);
  const outcomes: Array<RecordOutcome | undefined> = records.map(() => undefined);
  let attempts = 0;
  await api.call(`POST /composite/sobjects (${sobject})`, async (connection) => {
    let unsent = outcomes.flatMap((outcome, i) => (outcome ? [] : [i]));
    if (attempts++ > 0) {
      const found = await beforeRetry(unsent.map((i) => records[i] as RecordFields), connection);
      for (const [position, id] of found) outcomes[unsent[position] as number] = { saved: true, id };
      unsent = unsent.filter((_, position) => !found.has(position));
    }
    if (unsent.length === 0) return;
    const answer = await connection.sobject(sobject).create(unsent.map((i) => records[i] as RecordFields), { allOrNone: false, allowRecursive: true });
    recordOutcomes(answer, unsent.length).forEach((outcome, position) => (outcomes[unsent[position] as number] = outcome));
  });
  return outcomes;
}

function checkSize(count: number): void {
  if (count > COLLECTION_LIMIT) throw new RangeError(`an sObject Collections call takes at most ${COLLECTION_LIMIT} records, not ${count}`);
}
