import {
  findContactSeniority,
  markContactsEngaged,
  upsertAccountHistory,
  upsertAccounts,
  upsertContacts,
  upsertDeals,
  upsertEngagements,
  upsertTickets,
  type EngagementRow,
} from '../../store/crm-records.js';
import type { Queryable } from '../../store/database.js';
import { mapAccount, mapAccountHistory } from './map-account.js';
import { mapCase, mapContact, mapEvent, mapOpportunity, mapTask } from './map-records.js';
import { readAccountHistory } from './read-account-history.js';
import { recordId, type SalesforceRecord } from './record-values.js';
import { isSalesforceId } from './soql.js';
import { accountHistoryFields, type ObjectStream } from './streams.js';
import type { StreamContext } from './sync-stream.js';

/** The writes of one page, run inside the page's transaction. */
export type PageWrite = (tx: Queryable) => Promise<void>;

/**
 * Reads what a page's records need besides themselves (accounts: their field history; activities:
 * their contacts' seniority, from the store), maps them, and returns the page's writes.
 */
export async function preparePage(stream: ObjectStream, context: StreamContext, records: readonly SalesforceRecord[]): Promise<PageWrite> {
  const { tenantId, mapping } = context;
  const map = { tenantId, mapping };

  switch (stream.name) {
    case 'accounts': {
      const live = records.filter((record) => record.IsDeleted !== true);
      const historyFields = [...new Set(Object.values(accountHistoryFields(mapping)))];
      const changes = live.length > 0 ? await readAccountHistory(context.api, live.map(recordId), historyFields, context.pageSize) : new Map<string, SalesforceRecord[]>();
      const accountContext = { ...map, users: context.users };
      const accounts = records.map((record) => mapAccount(record, accountContext));
      const history = live.flatMap((record) => mapAccountHistory(record, changes.get(recordId(record)) ?? [], accountContext));
      return async (tx) => {
        await upsertAccounts(tx, accounts);
        await upsertAccountHistory(tx, history);
      };
    }
    case 'contacts': {
      const rows = records.map((record) => mapContact(record, map));
      return async (tx) => void (await upsertContacts(tx, rows));
    }
    case 'opportunities': {
      const rows = records.map((record) => mapOpportunity(record, map));
      return async (tx) => void (await upsertDeals(tx, rows));
    }
    case 'cases': {
      const rows = records.map((record) => mapCase(record, map));
      return async (tx) => void (await upsertTickets(tx, rows));
    }
    case 'tasks':
    case 'events': {
      const contactIds = records.map((record) => record.WhoId).filter((id): id is string => isSalesforceId(id, '003'));
      const seniority = await findContactSeniority(context.db, tenantId, [...new Set(contactIds)], []);
      const rows: EngagementRow[] = records.map((record) => (stream.name === 'tasks' ? mapTask(record, seniority, map) : mapEvent(record, seniority, map)));
      const engaged = rows.filter((row) => row.contactId !== null && !row.archived).map((row) => ({ contactId: row.contactId ?? '', at: row.occurredAt }));
      return async (tx) => {
        await upsertEngagements(tx, rows);
        await markContactsEngaged(tx, tenantId, engaged);
      };
    }
  }
}
