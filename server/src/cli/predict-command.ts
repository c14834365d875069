/**
 * `telltale predict --model DIR --table FILE --out FILE`: scores a CSV through the service's ONNX
 * worker pool with a starter (or tenant) model or one trained with `train churn --label`. The output
 * is written to FILE.partial and renamed when complete, so FILE is written whole or not at all. Exit
 * status 2 when the model, the table or an argument is refused (the reason on stderr).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { ImputationPolicy } from '../scoring/impute.js';
import { ModelRejectedError } from '../scoring/model-rejected-error.js';
import { OnnxPool } from '../scoring/onnx-pool.js';
import { CsvFormatError } from '../scoring/tabular-csv.js';
import { openTableScorer } from '../scoring/tabular-model.js';
import { PREDICT_BATCH, TableColumnsError, predictTable, type PredictTableResult } from '../scoring/tabular-predict.js';
import { failAndExit } from './fail.js';
import { createProgress } from './progress.js';

export interface PredictCommandOptions {
  model: string;
  table: string;
  out: string;
  id?: string[];
  impute: ImputationPolicy;
  batch: number;
  threads?: number;
}

/** A request the user can fix: a missing file, an unusable output path. */
class PredictInputError extends Error {
  override readonly name = 'PredictInputError';
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('a whole number >= 1 is expected');
  return Number(value);
}

function imputationPolicy(value: string): ImputationPolicy {
  if (value !== 'unlearned' && value !== 'all') throw new InvalidArgumentError('expected "unlearned" or "all"');
  return value;
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('score a CSV with a model directory (model.onnx + card.json) through the ONNX worker pool the service uses')
    .requiredOption('--model <dir>', 'a starter model (models/churn/, …) or one trained with `train churn --label`')
    .requiredOption('--table <file>', "the CSV to score: every column the model's card names, any others are ignored")
    .requiredOption('--out <file>', 'the predictions CSV (written whole or not at all)')
    .option('--id <column>', "a column to copy into the predictions (repeatable; default: the model's id and time columns the table has)", collect)
    .option('--impute <policy>', 'missing values: "unlearned" fills only columns the model never saw missing (as the service does), "all" fills every one', imputationPolicy, 'unlearned')
    .option('--batch <rows>', 'rows per ONNX run', positiveInteger, PREDICT_BATCH)
    .option('--threads <n>', 'ONNX worker threads (default: one per core)', positiveInteger)
    .action(async (options: PredictCommandOptions) => {
      try {
        await runPredict(options);
      } catch (error) {
        if (error instanceof ModelRejectedError || error instanceof TableColumnsError || error instanceof CsvFormatError || error instanceof PredictInputError) {
          console.error(`telltale predict: ${error.message}`);
          process.exit(2);
        }
        failAndExit(error);
      }
    });
}

async function tableSize(table: string): Promise<number> {
  try {
    const info = await stat(table);
    if (!info.isFile()) throw new PredictInputError(`${table} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof PredictInputError) throw error;
    throw new PredictInputError(`no table at ${table}`);
  }
}

/** Scores the table into `options.out`; on any error the partial output is removed and `out` is left as it was. */
export async function runPredict(options: PredictCommandOptions): Promise<void> {
  const table = resolve(options.table);
  const out = resolve(options.out);
  if (out === table) throw new PredictInputError('--out must differ from --table');
  const size = await tableSize(table);
  const started = performance.now();
  const pool = new OnnxPool(options.threads ? { threads: options.threads } : {});
  try {
    const loaded = await openTableScorer(options.model, pool);
    const scorer = { ...loaded, imputation: { ...loaded.imputation, policy: options.impute } };
    console.log(`predict: ${scorer.version} (${scorer.kind === 'tabular' ? 'trained on a table' : 'feature manifest'}), ${scorer.columns.length} input columns, outputs ${scorer.outputs.join(', ')}`);
    const partial = `${out}.partial`;
    const input = createReadStream(table, { highWaterMark: 1 << 20 });
    const output = createWriteStream(partial);
    const progress = createProgress('predict');
    const kib = (bytes: number) => Math.round(bytes / 1024);
    let result: PredictTableResult;
    try {
      await new Promise<void>((done, fail) => output.once('open', () => done()).once('error', (error) => fail(new PredictInputError(`cannot write ${partial}: ${error.message}`))));
      result = await predictTable({
        pool,
        scorer,
        table: input,
        out: output,
        ...(options.id ? { idColumns: options.id } : {}),
        batchSize: options.batch,
        onProgress: (rows) => progress.update(kib(input.bytesRead), kib(size), `KiB read, ${rows} rows scored`),
      });
      await new Promise<void>((done, fail) => output.end((error?: Error | null) => (error ? fail(error) : done())));
      await rename(partial, out);
    } catch (error) {
      input.destroy();
      output.destroy();
      await rm(partial, { force: true });
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    progress.finish(`scored ${result.rows} rows (${result.lowConfidenceRows} low-confidence) in ${seconds.toFixed(1)} s into ${out}`);
  } finally {
    await pool.close();
  }
}
