import type { Logger } from '../../logging/logger.js';
import {
  findContactSeniority,
  markContactsEngaged,
  upsertAccountHistory,
  upsertAccounts,
  upsertContacts,
  upsertDeals,
  upsertEngagements,
  upsertTickets,
} from '../../store/crm-records.js';
import type { Database, Queryable } from '../../store/database.js';
import { markStreamComplete, setCursor, type StreamRef } from '../../store/sync-state.js';
import type { HubSpotApi, HubSpotObject, HubSpotOwner } from './hubspot-api.js';
import { mapCompany } from './map-company.js';
import { mapContact, mapDeal, mapEngagement, mapTicket, type SeniorityLookup } from './map-records.js';
import { searchPages } from './search-pages.js';
import { throwIfAborted } from '../sleep.js';
import { companyHistoryProperties, type ObjectStream } from './streams.js';
import type { HubSpotMapping } from './tenant-mapping.js';
import { firstEmail } from './values.js';

/** What one stream did in one sync run. */
export interface StreamReport {
  records: number;
  pages: number;
  requests: number;
}

export interface StreamContext {
  db: Database;
  /** Scoped to this stream: its requests are counted in the stream's report. */
  api: HubSpotApi;
  tenantId: string;
  mapping: HubSpotMapping;
  owners: ReadonlyMap<string, HubSpotOwner>;
  /** Read from after this instant (the stored cursor), or everything when null. */
  since: string | null;
  pageSize: number;
  resultCap: number;
  signal?: AbortSignal | undefined;
  logger: Logger;
  onPage(page: { records: number; total: number }): void;
}

export const HUBSPOT_SOURCE = 'hubspot';

/**
 * Reads one object stream page by page from its cursor. Each page's associations (and, for
 * companies, field history) are read, mapped to rows, and the rows and the advanced cursor are
 * written in one transaction: a process killed at any point resumes from the last written page.
 */
export async function syncObjectStream(stream: ObjectStream, context: StreamContext, report: StreamReport): Promise<void> {
  const ref: StreamRef = { tenantId: context.tenantId, source: HUBSPOT_SOURCE, stream: stream.name };
  const pages = searchPages((request) => context.api.searchPage(request), {
    objectType: stream.objectType,
    properties: stream.properties(context.mapping),
    sortProperty: stream.sortProperty,
    since: context.since,
    pageSize: context.pageSize,
    resultCap: context.resultCap,
  });
  for await (const page of pages) {
    throwIfAborted(context.signal);
    const write = page.records.length > 0 ? await preparePage(stream, context, page.records) : async () => undefined;
    throwIfAborted(context.signal);
    await context.db.transaction(async (tx) => {
      await write(tx);
      await setCursor(tx, ref, page.cursor);
      if (page.last && context.since === null) await markStreamComplete(tx, ref);
    });
    report.pages += 1;
    report.records += page.records.length;
    context.onPage({ records: page.records.length, total: page.total });
  }
}

type PageWrite = (tx: Queryable) => Promise<void>;

/** Reads what a page's records point at, maps them, and returns the writes for the page's transaction. */
async function preparePage(stream: ObjectStream, context: StreamContext, records: HubSpotObject[]): Promise<PageWrite> {
  const { api, tenantId, mapping } = context;
  const map = { tenantId, mapping };
  const ids = records.map((record) => record.id);

  if (stream.name === 'companies') {
    const history = companyHistoryProperties(mapping);
    const withHistory = await api.readWithHistory('companies', ids, stream.properties(mapping), [...new Set(Object.values(history))]);
    const historyById = new Map(withHistory.map((record) => [record.id, record.propertiesWithHistory]));
    const mapped = records.map((record) =>
      mapCompany({ ...record, propertiesWithHistory: historyById.get(record.id) ?? record.propertiesWithHistory }, { ...map, owners: context.owners }),
    );
    return async (tx) => {
      await upsertAccounts(tx, mapped.map((m) => m.account));
      await upsertAccountHistory(tx, mapped.flatMap((m) => m.history));
    };
  }

  const companies = await api.readAssociations(stream.objectType, 'companies', ids);
  const accountOf = (id: string) => companies.get(id)?.[0] ?? null;

  switch (stream.name) {
    case 'contacts': {
      const rows = records.map((record) => mapContact(record, { accountId: accountOf(record.id) }, map));
      return async (tx) => void (await upsertContacts(tx, rows));
    }
    case 'deals': {
      const rows = records.map((record) => mapDeal(record, { accountId: accountOf(record.id) }, map));
      return async (tx) => void (await upsertDeals(tx, rows));
    }
    case 'tickets': {
      const rows = records.map((record) => mapTicket(record, { accountId: accountOf(record.id) }, map));
      return async (tx) => void (await upsertTickets(tx, rows));
    }
    default: {
      const kind = stream.engagementKind;
      if (!kind) throw new Error(`stream ${stream.name} has no mapping`);
      const people = stream.readsContacts ? await api.readAssociations(stream.objectType, 'contacts', ids) : new Map<string, string[]>();
      const contactOf = (id: string) => people.get(id)?.[0] ?? null;
      const emails = records.flatMap((r) => [firstEmail(r.properties.hs_email_from_email), firstEmail(r.properties.hs_email_to_email)]);
      const seniority: SeniorityLookup = await findContactSeniority(
        context.db,
        tenantId,
        records.map((r) => contactOf(r.id)).filter((id): id is string => id !== null),
        emails.filter((email): email is string => email !== null),
      );
      const rows = records.map((record) =>
        mapEngagement(record, kind, { accountId: accountOf(record.id), contactId: contactOf(record.id) }, seniority, map),
      );
      const engaged = rows.filter((row) => row.contactId !== null && !row.archived).map((row) => ({ contactId: row.contactId ?? '', at: row.occurredAt }));
      return async (tx) => {
        await upsertEngagements(tx, rows);
        await markContactsEngaged(tx, tenantId, engaged);
      };
    }
  }
}
