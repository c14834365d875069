/**
 * Scores a CSV table with a model through the ONNX pool, streaming: records are read a chunk at a
 * time, encoded and imputed as the service does (impute.ts), scored in batches spread over the pool's
 * workers, and written in input order with bounded memory (at most `inFlight` batches pending).
 *
 * Output columns: the model's id columns the table has (or the ones asked for), every model output,
 * `low_confidence`, `imputed_columns` (the columns filled from the card, joined by ';') and, for a
 * bring-your-own-table model, `unseen_categories`.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { imputeRow } from './impute.js';
import type { OnnxPool } from './onnx-pool.js';
import { CsvFormatError, csvCell, readCsvRecords, type CsvRecord } from './tabular-csv.js';
import { encodeRow, type TableScorer } from './tabular-inputs.js';

/** Rows per ONNX run. */
export const PREDICT_BATCH = 4096;

/** The table cannot be scored by the model: a column is missing or named twice, or an asked-for id column is absent. */
export class TableColumnsError extends Error {
  override readonly name = 'TableColumnsError';
  constructor(
    message: string,
    /** Every column the model needs that the table lacks. */
    readonly missingColumns: readonly string[] = [],
  ) {
    super(message);
  }
}

export interface PredictTableOptions {
  pool: OnnxPool;
  scorer: TableScorer;
  /** The table, as text or UTF-8 chunks (e.g. a file read stream). */
  table: AsyncIterable<string | Buffer> | Iterable<string | Buffer>;
  out: Writable;
  /** Columns copied into the output; default: the model's id columns that the table has. */
  idColumns?: readonly string[];
  batchSize?: number;
  /** Batches pending at once (default: twice the pool's threads). */
  inFlight?: number;
  /** After each batch is written: rows scored so far. */
  onProgress?: (rows: number) => void;
}

export interface PredictTableResult {
  rows: number;
  lowConfidenceRows: number;
  columns: string[];
}

interface PendingRow {
  ids: string[];
  imputed: string[];
  unseen: string[];
}

/** Maps the header to the model's columns; throws TableColumnsError naming every missing column. */
function planColumns(header: CsvRecord, scorer: TableScorer, asked: readonly string[] | undefined): { at: number[]; ids: number[]; idNames: string[] } {
  const names = header.fields.map((f) => f.replace(/^[ \t]+|[ \t]+$/g, ''));
  const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (repeated.length > 0) throw new TableColumnsError(`the header names these columns more than once: ${repeated.join(', ')}`);
  const missing = scorer.columns.map((c) => c.name).filter((n) => !names.includes(n));
  if (missing.length > 0) throw new TableColumnsError(`the table lacks ${missing.length} column(s) the model ${scorer.version} needs: ${missing.join(', ')}`, missing);
  const absentIds = (asked ?? []).filter((n) => !names.includes(n));
  if (absentIds.length > 0) throw new TableColumnsError(`the table has no id column(s) ${absentIds.join(', ')}`);
  const idNames = asked ? [...asked] : scorer.idColumns.filter((n) => names.includes(n));
  return { at: scorer.columns.map((c) => names.indexOf(c.name)), ids: idNames.map((n) => names.indexOf(n)), idNames };
}

interface FormattedBatch {
  text: string;
  count: number;
  lowConfidence: number;
}

/** The output lines of a scored batch: ids, outputs, low_confidence, imputed_columns (and unseen_categories). */
function formatBatch(rows: readonly PendingRow[], predictions: Float32Array, outputs: number, tabular: boolean): FormattedBatch {
  let text = '';
  let lowConfidence = 0;
  rows.forEach((row, r) => {
    const cells = row.ids.map(csvCell);
    for (let o = 0; o < outputs; o++) cells.push(formatOutput(predictions[r * outputs + o]!));
    const low = row.imputed.length > 0 || row.unseen.length > 0;
    if (low) lowConfidence++;
    cells.push(low ? 'true' : 'false', csvCell(row.imputed.join(';')));
    if (tabular) cells.push(csvCell(row.unseen.join(';')));
    text += `${cells.join(',')}\n`;
  });
  return { text, count: rows.length, lowConfidence };
}

/** float32 output as text: 9 significant digits (round-trips a float32); empty for NaN. */
function formatOutput(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(9))) : '';
}

/**
 * Scores every record of `table` and writes the predictions CSV to `out` (left open). Throws
 * TableColumnsError before writing anything when the header does not fit, CsvFormatError naming the
 * line of a malformed record, and passes on what the pool throws.
 */
export async function predictTable(options: PredictTableOptions): Promise<PredictTableResult> {
  const { pool, scorer, out } = options;
  const features = scorer.columns.length;
  const batchSize = options.batchSize ?? PREDICT_BATCH;
  const inFlight = options.inFlight ?? Math.max(2, pool.threads * 2);
  const tabular = scorer.kind === 'tabular';
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };

  let plan: ReturnType<typeof planColumns> | undefined;
  let width = 0;
  let columns: string[] = [];
  let rows = 0;
  let lowConfidenceRows = 0;
  let batch: PendingRow[] = [];
  let matrix = new Float32Array(batchSize * features);
  const pending: Promise<FormattedBatch>[] = [];

  const flush = () => {
    if (batch.length === 0) return;
    const rowsOfBatch = batch;
    const input = matrix.subarray(0, rowsOfBatch.length * features);
    const scored = pool.predict(scorer.onnx, input.length === matrix.length ? matrix : input.slice()).then((predictions) => formatBatch(rowsOfBatch, predictions, scorer.outputs.length, tabular));
    // A failed batch is reported when its turn to be written comes; until then its rejection is expected, not unhandled.
    scored.catch(() => undefined);
    pending.push(scored);
    batch = [];
    matrix = new Float32Array(batchSize * features);
  };
  const drain = async (keep: number) => {
    while (pending.length > keep) {
      const { text, count, lowConfidence } = await pending.shift()!;
      await write(text);
      rows += count;
      lowConfidenceRows += lowConfidence;
      options.onProgress?.(rows);
    }
  };

  try {
    for await (const records of readCsvRecords(options.table)) {
      for (const record of records) {
        if (!plan) {
          plan = planColumns(record, scorer, options.idColumns);
          width = record.fields.length;
          columns = [...plan.idNames, ...scorer.outputs, 'low_confidence', 'imputed_columns', ...(tabular ? ['unseen_categories'] : [])];
          await write(`${columns.map(csvCell).join(',')}\n`);
          continue;
        }
        if (record.fields.length !== width) throw new CsvFormatError(record.line, `${record.fields.length} fields, the header has ${width}`);
        const encoded = encodeRow(record.fields, plan.at, scorer.columns, record.line);
        const imputed = imputeRow(encoded.values, scorer.imputation);
        matrix.set(imputed.values, batch.length * features);
        batch.push({ ids: plan.ids.map((i) => record.fields[i]!), imputed: imputed.imputedFeatures, unseen: encoded.unseen });
        if (batch.length === batchSize) {
          flush();
          await drain(inFlight - 1);
        }
      }
    }
    if (!plan) throw new TableColumnsError('the table is empty: the first line must name the columns');
    flush();
    await drain(0);
  } catch (error) {
    // Let the batches already sent finish, so no worker result arrives after the caller has moved on.
    await Promise.allSettled(pending);
    throw error;
  }
  return { rows, lowConfidenceRows, columns };
}
