import { z } from 'zod';

/**
 * How a record Salesforce did not save is handled:
 * - `temporary`: the row was locked by another transaction; the same write succeeds a moment later.
 * - `gone`: the record is deleted (or the id names nothing); writing it again cannot succeed.
 * - `refused`: the org refused the value (a missing or renamed field, a validation rule, a value too
 *   long, a restricted picklist...); it is reported, and succeeds once the org is fixed.
 */
export type RecordFailureKind = 'temporary' | 'gone' | 'refused';

/** One record's result in an sObject Collections answer, matched to the record sent at the same position. */
export type RecordOutcome =
  | { saved: true; id: string }
  | { saved: false; kind: RecordFailureKind; statusCode: string; message: string; fields: string[] };

/** Per-record status codes that clear on their own. */
const TEMPORARY_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_LOCK_ROW',
  // Only with allOrNone: a record rolled back because another failed; sent alone it is saved.
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
]);

/** Per-record status codes meaning the record does not exist (deleted, or an id of nothing). */
const GONE_CODES: ReadonlySet<string> = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY']);

// Salesforce names the code `statusCode` on the wire; jsforce's types call it `errorCode`.
const saveErrorSchema = z.object({
  statusCode: z.string().optional(),
  errorCode: z.string().optional(),
  message: z.string().optional(),
  fields: z.array(z.string()).optional(),
});
const saveResultSchema = z.object({ id: z.string().nullish(), success: z.boolean(), errors: z.array(saveErrorSchema).optional() });

/** An sObject Collections answer that is not a list of SaveResults: what it did is unknown. */
export class UnreadableSaveResultsError extends Error {
  override readonly name = 'UnreadableSaveResultsError';
}

/**
 * The outcome of each record sent, by position (Salesforce answers SaveResults in the order the
 * records were sent). A position the answer lacks is undefined: neither saved nor refused.
 */
export function recordOutcomes(answer: unknown, sent: number): Array<RecordOutcome | undefined> {
  const parsed = z.array(saveResultSchema).safeParse(answer);
  if (!parsed.success) throw new UnreadableSaveResultsError(`Salesforce answered the collection write with something other than SaveResults: ${parsed.error.issues[0]?.message ?? ''}`);
  return Array.from({ length: sent }, (_, i) => {
    const result = parsed.data[i];
    if (!result) return undefined;
    if (result.success && result.id) return { saved: true, id: result.id };
    return failure(result.errors ?? []);
  });
}

/** A failed record's outcome from its errors: gone when one says so, temporary only when all do, else refused. */
function failure(errors: ReadonlyArray<z.output<typeof saveErrorSchema>>): RecordOutcome {
  const coded = errors.map((error) => ({ statusCode: error.statusCode ?? error.errorCode ?? 'UNKNOWN_EXCEPTION', message: error.message ?? '', fields: error.fields ?? [] }));
  if (coded.length === 0) return { saved: false, kind: 'refused', statusCode: 'UNKNOWN_EXCEPTION', message: 'Salesforce did not save the record and gave no error', fields: [] };
  const gone = coded.find((e) => GONE_CODES.has(e.statusCode));
  const refused = coded.find((e) => !TEMPORARY_CODES.has(e.statusCode));
  const kind: RecordFailureKind = gone ? 'gone' : refused ? 'refused' : 'temporary';
  const message = coded.map((e) => (e.fields.length > 0 ? `${e.message} (fields: ${e.fields.join(', ')})` : e.message)).join('; ');
  return { saved: false, kind, statusCode: (gone ?? refused ?? coded[0])?.statusCode ?? 'UNKNOWN_EXCEPTION', message, fields: [...new Set(coded.flatMap((e) => e.fields))] };
}
