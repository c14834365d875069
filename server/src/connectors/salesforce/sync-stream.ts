import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';
import { markStreamComplete, setCursor, type StreamRef } from '../../store/sync-state.js';
import { CrmError } from '../crm-error.js';
import { throwIfAborted } from '../sleep.js';
import type { SalesforceUser } from './map-account.js';
import { preparePage } from './prepare-page.js';
import type { SalesforceRecord } from './record-values.js';
import type { SalesforceApi } from './salesforce-api.js';
import { streamSoql } from './soql.js';
import { changedAt, cursorAfterPage } from './stream-cursor.js';
import { CURSOR_FIELD, type ObjectStream } from './streams.js';
import type { SalesforceMapping } from './tenant-mapping.js';

export const SALESFORCE_SOURCE = 'salesforce';

/** The sync_cursors stream of a stream's deletions (read with queryAll from their own cursor). */
export const deletedStream = (name: string): string => `${name}:deleted`;

export interface StreamContext {
  db: Database;
  /** Scoped to this stream: its requests are counted in the stream's report. */
  api: SalesforceApi;
  tenantId: string;
  mapping: SalesforceMapping;
  users: ReadonlyMap<string, SalesforceUser>;
  /** Where the live records and the deletions were read up to (stored cursors), or null: from the beginning. */
  since: { live: string | null; deleted: string | null };
  /** Records per query page (Salesforce: 2,000 at most). */
  pageSize: number;
  signal?: AbortSignal | undefined;
  logger: Logger;
  /** After each written page: its record count, and Salesforce's total for a query just started. */
  onPage(records: number, total: number | undefined): void;
}

/**
 * Reads one object stream from its cursor, page by page (`query`, ordered by SystemModstamp and
 * Id), then its deletions since their own cursor (`queryAll` with `IsDeleted = true`), which land as
 * archived rows. Each page's rows and the advanced cursor are written in one transaction, so a
 * process killed at any point resumes from the last written page.
 */
export async function syncObjectStream(stream: ObjectStream, context: StreamContext): Promise<void> {
  await readPass(stream, context, { stream: stream.name, since: context.since.live, deleted: false });
  await readPass(stream, context, { stream: deletedStream(stream.name), since: context.since.deleted, deleted: true });
}

/**
 * One query of a stream from `since` to its end. A query locator Salesforce has expired (15 minutes
 * idle, e.g. while the tenant's budget made the sync wait) restarts the query from the last written
 * cursor; re-read records are rewritten by the same idempotent upserts.
 */
async function readPass(stream: ObjectStream, context: StreamContext, pass: { stream: string; since: string | null; deleted: boolean }): Promise<void> {
  const ref: StreamRef = { tenantId: context.tenantId, source: SALESFORCE_SOURCE, stream: pass.stream };
  const fromBeginning = pass.since === null;
  let cursor = pass.since;
  for (;;) {
    const soql = streamSoql({ object: stream.object, fields: stream.fields(context.mapping), cursorField: CURSOR_FIELD, since: cursor, deleted: pass.deleted });
    const startedFrom = cursor;
    try {
      await context.api.query<SalesforceRecord>(soql, {
        all: pass.deleted,
        pageSize: context.pageSize,
        onPage: async (records, page, info) => {
          throwIfAborted(context.signal);
          const write = records.length > 0 ? await preparePage(stream, context, records) : async () => undefined;
          throwIfAborted(context.signal);
          const next = cursorAfterPage(records.map((record) => changedAt(record, CURSOR_FIELD)), info.last, cursor);
          await context.db.transaction(async (tx) => {
            await write(tx);
            await setCursor(tx, ref, next);
            if (info.last && fromBeginning) await markStreamComplete(tx, ref);
          });
          cursor = next;
          context.onPage(records.length, page === 1 && startedFrom === pass.since ? info.totalSize : undefined);
        },
      });
      return;
    } catch (error) {
      // Only a query that moved its cursor is restarted: one that did not would expire the same way again.
      const expired = error instanceof CrmError && error.category === 'INVALID_QUERY_LOCATOR';
      if (!expired || cursor === startedFrom) throw error;
      context.logger.warn({ stream: pass.stream, cursor }, 'Salesforce query locator expired; restarting the query from the cursor');
    }
  }
}
