import { canonicalFieldValue, FieldValueError, type FieldValue } from './field-values.js';
import type { FieldCatalogue } from './fields-catalogue.js';

/** What the pipeline wants one CRM record to show: catalogue key → value (keys left out are not touched). */
export interface AccountFieldValues {
  /** The CRM record id (a HubSpot company id, a Salesforce Account id). */
  accountId: string;
  values: Readonly<Record<string, FieldValue>>;
}

/** Canonical values of one account by catalogue key (null clears the field). */
export type CanonicalValues = ReadonlyMap<string, string | null>;

/** The fields of one account that must be written, canonical text by catalogue key. */
export interface AccountFieldWrite {
  accountId: string;
  fields: Map<string, string | null>;
}

/** Desired values that do not fit the catalogue; nothing is written. The message lists the problems. */
export class FieldValuesInputError extends Error {
  override readonly name = 'FieldValuesInputError';
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, 20).join('; ');
    super(`${problems.length} invalid field value${problems.length === 1 ? '' : 's'}: ${shown}${problems.length > 20 ? '; ...' : ''}`);
  }
}

/**
 * Checks every desired value against the catalogue and turns it into canonical text. Throws one
 * FieldValuesInputError naming every account, key and value that does not fit: an unknown key, the
 * stamp field (the write-back sets it), a duplicate account, a value outside its field's rules.
 */
export function canonicalAccountValues(catalogue: FieldCatalogue, accounts: readonly AccountFieldValues[]): Map<string, CanonicalValues> {
  const problems: string[] = [];
  const out = new Map<string, CanonicalValues>();
  for (const account of accounts) {
    if (typeof account.accountId !== 'string' || account.accountId === '') {
      problems.push(`account id ${JSON.stringify(account.accountId)} is not a record id`);
      continue;
    }
    if (out.has(account.accountId)) problems.push(`account ${account.accountId} is listed twice`);
    const values = new Map<string, string | null>();
    for (const [key, value] of Object.entries(account.values)) {
      const field = catalogue.byKey.get(key);
      if (!field) problems.push(`account ${account.accountId}: ${key} is not a catalogue field`);
      else if (field.role === 'stamp') problems.push(`account ${account.accountId}: ${key} is set by the write-back, not given`);
      else {
        try {
          values.set(key, canonicalFieldValue(field, value));
        } catch (error) {
          if (!(error instanceof FieldValueError)) throw error;
          problems.push(`account ${account.accountId}: ${error.message}`);
        }
      }
    }
    out.set(account.accountId, values);
  }
  if (problems.length > 0) throw new FieldValuesInputError(problems);
  return out;
}

/**
 * The writes that bring each account from what was last written to what is desired: every field
 * whose canonical value differs, and, when at least one insight changed, the stamp field set to
 * `now` — so the stamp says when an insight last changed, not when it was last recalculated.
 * Accounts with nothing to change are left out.
 */
export function planFieldWrites(
  catalogue: FieldCatalogue,
  desired: ReadonlyMap<string, CanonicalValues>,
  written: ReadonlyMap<string, CanonicalValues>,
  now: Date,
): AccountFieldWrite[] {
  const plans: AccountFieldWrite[] = [];
  for (const [accountId, values] of desired) {
    const last = written.get(accountId);
    const fields = new Map<string, string | null>();
    let insightChanged = false;
    for (const [key, value] of values) {
      if ((last?.get(key) ?? null) === value) continue;
      fields.set(key, value);
      if (catalogue.byKey.get(key)?.role === 'insight') insightChanged = true;
    }
    if (insightChanged) fields.set(catalogue.stamp.key, canonicalFieldValue(catalogue.stamp, now));
    if (fields.size > 0) plans.push({ accountId, fields });
  }
  return plans;
}
