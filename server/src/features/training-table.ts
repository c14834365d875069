import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Database } from '../store/database.js';
import { listFeatureAccountIds, readTenantDataRange } from '../store/feature-reads.js';
import { assertManifestMatchesBuilder, computeFeatureVector } from './build-features.js';
import { loadFeatureManifest, type FeatureManifest } from './features-manifest.js';
import { DEFAULT_CHUNK_SIZE, readHistoryChunks } from './history-chunks.js';
import { indexAccountHistory, type IndexedHistory } from './indexed-history.js';
import { EXPANSION_HORIZONS, computeOutcomes } from './outcomes.js';
import { isActiveCustomerAt } from './point-in-time.js';
import { monthlySnapshotDates } from './snapshot-calendar.js';

export interface ExportTrainingTableOptions {
  db: Database;
  tenantId: string;
  /** A stream (left open) or a file path (created or overwritten, closed at the end). */
  out: Writable | string;
  /** Called after each chunk of accounts: accounts done, accounts in total. */
  onProgress?: (done: number, total: number) => void;
  /** The data end: outcomes use only what was stored up to it. Default: the tenant's latest stored timestamp. */
  asOf?: Date;
  /** No snapshot on or before this instant. Default: the tenant's earliest stored timestamp. */
  from?: Date;
  accountIds?: readonly string[];
  chunkSize?: number;
}

export interface ExportTrainingTableResult {
  rows: number;
  /** Distinct snapshot dates with at least one row. */
  snapshots: number;
  /** Accounts with at least one row. */
  accounts: number;
  dataEnd: Date | null;
}

/** The outcome columns, after the features. */
export const OUTCOME_COLUMNS = [
  'churned_by_renewal',
  'days_to_churn',
  ...EXPANSION_HORIZONS.map((d) => `expanded_${d}d`),
  ...EXPANSION_HORIZONS.map((d) => `expansion_amount_${d}d`),
];

/**
 * Writes the training table as CSV: one row per account per monthly snapshot date at which the
 * account is an active customer, with the features as of that date (manifest order) and the outcomes
 * observed after it. Empty cells are missing values.
 */
export async function exportTrainingTable(options: ExportTrainingTableOptions): Promise<ExportTrainingTableResult> {
  const manifest = loadFeatureManifest();
  assertManifestMatchesBuilder(manifest);
  const ownsStream = typeof options.out === 'string';
  const out = typeof options.out === 'string' ? createWriteStream(options.out) : options.out;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    const result = await writeTable(options, manifest, write);
    if (ownsStream) {
      out.end();
      await once(out, 'finish');
    }
    return result;
  } catch (error) {
    if (ownsStream) out.destroy();
    throw error;
  }
}

async function writeTable(
  options: ExportTrainingTableOptions,
  manifest: FeatureManifest,
  write: (text: string) => Promise<void>,
): Promise<ExportTrainingTableResult> {
  const { db, tenantId } = options;
  await write(`${['tenant_id', 'account_id', 'snapshot_date', 'segment', ...manifest.features.map((f) => f.name), ...OUTCOME_COLUMNS].join(',')}\n`);
  const range = await readTenantDataRange(db, tenantId);
  const dataEnd = options.asOf ?? range.end;
  const dataStart = options.from ?? range.start;
  const ids = options.accountIds ? [...options.accountIds] : await listFeatureAccountIds(db, tenantId);
  const result: ExportTrainingTableResult = { rows: 0, snapshots: 0, accounts: 0, dataEnd };
  if (!dataEnd || !dataStart) {
    options.onProgress?.(ids.length, ids.length);
    return result;
  }
  const dates = monthlySnapshotDates(dataStart, dataEnd);
  const usedDates = new Set<number>();
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let done = 0;
  options.onProgress?.(0, ids.length);
  for await (const chunk of readHistoryChunks({ db, tenantId, accountIds: ids, chunkSize })) {
    const lines: string[] = [];
    for (const bundle of chunk) {
      const history = indexAccountHistory(bundle);
      const before = lines.length;
      for (const date of dates) {
        const t = date.getTime();
        if (!isActiveCustomerAt(history, t)) continue;
        lines.push(formatRow(tenantId, history, date, manifest, dataEnd.getTime()));
        usedDates.add(t);
      }
      result.rows += lines.length - before;
      if (lines.length > before) result.accounts += 1;
    }
    if (lines.length > 0) await write(`${lines.join('\n')}\n`);
    done = Math.min(ids.length, done + chunkSize);
    options.onProgress?.(done, ids.length);
  }
  result.snapshots = usedDates.size;
  return result;
}

function formatRow(tenantId: string, history: IndexedHistory, date: Date, manifest: FeatureManifest, dataEnd: number): string {
  const t = date.getTime();
  const outcomes = computeOutcomes(history, t, dataEnd);
  return [
    csvText(tenantId),
    csvText(history.accountId),
    date.toISOString().slice(0, 10),
    csvText(history.bundle.account.segment ?? ''),
    ...Array.from(computeFeatureVector(history, t, manifest), csvNumber),
    csvNumber(outcomes.churnedByRenewal),
    csvNumber(outcomes.daysToChurn),
    ...outcomes.expanded.map(csvNumber),
    ...outcomes.expansionAmount.map(csvNumber),
  ].join(',');
}

/** A CSV cell for a number: empty for NaN, at most 12 significant digits. */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

function csvText(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
