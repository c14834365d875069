import type { FieldValue } from '../../../server/src/actions/field-values.js';
import type { AccountFieldValues } from '../../../server/src/actions/plan-field-writes.js';
import type { SalesforceSandbox } from '../../../server/src/sandbox/salesforce/create-sandbox.js';
import { catalogue, valuesFor } from '../write-back/company-values.js';

/**
 * Desired catalogue values of the org's Accounts (the HubSpot suite's deterministic values, seeded by
 * the Account's position) and what the org should hold for them; free of test-runner imports (a
 * worker process uses it).
 */

export { catalogue };

/** The stamp's Salesforce field. */
export const STAMP_FIELD = catalogue.stamp.salesforce.apiName;

export function accountValues(index: number, round = 0): Record<string, FieldValue> {
  return valuesFor(String(1001 + index), round);
}

export function desiredAccounts(ids: readonly string[], round = 0): AccountFieldValues[] {
  return ids.map((accountId, i) => ({ accountId, values: accountValues(i, round) }));
}

/**
 * What Salesforce should hold for each Account, field API name → JSON value, worked out here from the
 * desired values (numbers as numbers, picklists and text as given), without the stamp.
 */
export function expectedAccounts(ids: readonly string[], round = 0): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    ids.map((id, i) => [
      id,
      Object.fromEntries(
        Object.entries(accountValues(i, round)).map(([key, value]) => {
          const field = catalogue.byKey.get(key);
          if (!field) throw new Error(`no catalogue field ${key}`);
          return [field.salesforce.apiName, typeof value === 'number' ? Math.round(value * 100) / 100 : value];
        }),
      ),
    ]),
  );
}

/** What the sandbox org stores for the catalogue fields of these Accounts (the stamp included). */
export function orgAccountValues(sandbox: SalesforceSandbox, ids: readonly string[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    ids.map((id) => {
      const record = sandbox.org.get('Account', id);
      return [id, Object.fromEntries(catalogue.fields.map((f) => [f.salesforce.apiName, record?.[f.salesforce.apiName] ?? null]))];
    }),
  );
}

/** Field values without the stamp, for comparing with expectations. */
export function withoutStamp(values: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(values).map(([id, fields]) => [id, Object.fromEntries(Object.entries(fields).filter(([name]) => name !== STAMP_FIELD))]));
}
