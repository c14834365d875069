import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';
import { finishSyncRun, startSyncRun } from '../../store/sync-state.js';
import { setTenantStatus, type Tenant } from '../../store/tenants.js';
import { CrmError, CrmErrorKind } from '../crm-error.js';
import type { StreamReport } from '../hubspot/sync-stream.js';

/** Progress of a running sync, reported after every page. */
export interface SyncProgressOf<Stream extends string> {
  /** The stream that just moved. */
  stream: Stream;
  /** Records read so far, all streams. */
  records: number;
  /** HTTP requests sent so far, retries included. */
  requests: number;
  /** The CRM's totals for the streams started so far (grows as streams start); undefined at first. */
  estimatedTotal: number | undefined;
  done: boolean;
}

/** What a sync did: per stream and in total. */
export interface SyncReportOf<Stream extends string> {
  mode: 'full' | 'incremental';
  streams: Record<Stream, StreamReport>;
  records: number;
  requests: number;
  durationMs: number;
}

/** The counters a running sync moves. */
export interface SyncTally<Stream extends string> {
  streams: Record<Stream, StreamReport>;
  /** Counts one HTTP request of a stream (a request listener). */
  request(stream: Stream): void;
  /** Counts a page read; `total` (the CRM's count for a query just started) grows the estimate. */
  page(stream: Stream, records: number, total?: number): void;
}

export interface SyncRunOptions<Stream extends string> {
  db: Database;
  tenant: Tenant;
  source: string;
  /** The CRM's name in log lines. */
  crmName: string;
  mode: 'full' | 'incremental';
  streams: readonly Stream[];
  logger: Logger;
  onProgress?: ((progress: SyncProgressOf<Stream>) => void) | undefined;
}

/**
 * Runs `work` as one recorded sync run: a `sync_runs` row (running, then succeeded or failed with
 * records, requests and the error), per-stream and total counts, progress after every page, and,
 * on an AUTH failure, the tenant marked disconnected with the error's message (which says how to
 * reconnect). The failure is rethrown.
 */
export async function recordSyncRun<Stream extends string>(options: SyncRunOptions<Stream>, work: (tally: SyncTally<Stream>) => Promise<void>): Promise<SyncReportOf<Stream>> {
  const started = Date.now();
  const { db, tenant, logger, mode } = options;
  const streams = Object.fromEntries(options.streams.map((name) => [name, { records: 0, pages: 0, requests: 0 }])) as Record<Stream, StreamReport>;
  const totals = { records: 0, requests: 0, estimated: undefined as number | undefined };
  const progress = (stream: Stream, done = false) =>
    options.onProgress?.({ stream, records: totals.records, requests: totals.requests, estimatedTotal: totals.estimated, done });
  const tally: SyncTally<Stream> = {
    streams,
    request: (stream) => {
      streams[stream].requests += 1;
      totals.requests += 1;
    },
    page: (stream, records, total) => {
      if (total !== undefined) totals.estimated = (totals.estimated ?? 0) + total;
      streams[stream].pages += 1;
      streams[stream].records += records;
      totals.records += records;
      progress(stream);
    },
  };

  const runId = await startSyncRun(db, { tenantId: tenant.id, source: options.source, mode });
  logger.info({ tenant: tenant.id, mode, runId }, `${options.crmName} sync started`);
  try {
    await work(tally);
    const report: SyncReportOf<Stream> = { mode, streams, records: totals.records, requests: totals.requests, durationMs: Date.now() - started };
    await finishSyncRun(db, runId, { status: 'succeeded', records: report.records, requests: report.requests });
    const last = options.streams[options.streams.length - 1];
    if (last !== undefined) progress(last, true);
    logger.info({ tenant: tenant.id, mode, runId, records: report.records, requests: report.requests, durationMs: report.durationMs }, `${options.crmName} sync finished`);
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishSyncRun(db, runId, { status: 'failed', records: totals.records, requests: totals.requests, error: message }).catch(() => undefined);
    if (error instanceof CrmError && error.kind === CrmErrorKind.Auth) {
      await setTenantStatus(db, tenant.id, 'disconnected', message).catch(() => undefined);
    }
    logger.error({ tenant: tenant.id, mode, runId, err: message, kind: error instanceof CrmError ? error.kind : undefined }, `${options.crmName} sync failed`);
    throw error;
  }
}
