import type { SalesforceRecord } from './record-values.js';
import type { SalesforceApi } from './salesforce-api.js';
import { accountHistorySoql } from './soql.js';

/**
 * Account ids per AccountHistory query: the ids travel in the query string of a GET, and 200 of
 * them (about 5 KB encoded) stay well inside the URL length Salesforce accepts (16 KB).
 */
export const HISTORY_IDS_PER_QUERY = 200;

/** The AccountHistory rows of the tracked fields of some accounts, per account id, oldest first. */
export async function readAccountHistory(
  api: Pick<SalesforceApi, 'query'>,
  accountIds: readonly string[],
  fields: readonly string[],
  pageSize?: number,
): Promise<Map<string, SalesforceRecord[]>> {
  const byAccount = new Map<string, SalesforceRecord[]>();
  if (fields.length === 0) return byAccount;
  for (let start = 0; start < accountIds.length; start += HISTORY_IDS_PER_QUERY) {
    const chunk = accountIds.slice(start, start + HISTORY_IDS_PER_QUERY);
    await api.query<SalesforceRecord>(accountHistorySoql(chunk, fields), {
      pageSize,
      onPage: async (records) => {
        for (const record of records) {
          const accountId = typeof record.AccountId === 'string' ? record.AccountId : undefined;
          if (accountId === undefined) continue;
          const rows = byAccount.get(accountId) ?? [];
          rows.push(record);
          byAccount.set(accountId, rows);
        }
      },
    });
  }
  return byAccount;
}
