import type { Queryable } from '../store/database.js';
import {
  listFeatureAccountIds,
  readAccountHistories,
  tenantHasHealthScore,
  type AccountHistoryBundle,
} from '../store/feature-reads.js';

export const DEFAULT_CHUNK_SIZE = 200;

/**
 * The history bundles of a tenant's accounts, a chunk at a time. The next chunk is requested while
 * the caller works on the current one, so a database server reads while this process computes.
 */
export async function* readHistoryChunks(options: {
  db: Queryable;
  tenantId: string;
  accountIds?: readonly string[];
  before?: Date;
  chunkSize?: number;
}): AsyncIterable<AccountHistoryBundle[]> {
  const { db, tenantId } = options;
  const ids = options.accountIds ? [...options.accountIds] : await listFeatureAccountIds(db, tenantId);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const healthScoreMapped = await tenantHasHealthScore(db, tenantId);
  const load = (start: number) =>
    readAccountHistories(db, tenantId, ids.slice(start, start + chunkSize), {
      healthScoreMapped,
      ...(options.before ? { before: options.before } : {}),
    });
  let pending = ids.length > 0 ? load(0) : undefined;
  // A consumer that stops early leaves a prefetch behind; its failure must not go unhandled.
  pending?.catch(() => undefined);
  for (let start = 0; pending; start += chunkSize) {
    const bundles = await pending;
    pending = start + chunkSize < ids.length ? load(start + chunkSize) : undefined;
    pending?.catch(() => undefined);
    // Keep the requested order; ids with no stored account are skipped.
    yield ids.slice(start, start + chunkSize).flatMap((id) => {
      const bundle = bundles.get(id);
      return bundle ? [bundle] : [];
    });
  }
}
