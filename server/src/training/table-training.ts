/**
 * Training from a CSV file with the Python pipeline: the product's training table
 * (`train <churn|expansion|health> --table FILE`) or any table with a label column
 * (`train churn --table FILE --label COLUMN [--id COLUMN]... [--time COLUMN] --out DIR`).
 * The request is checked here first, so a wrong combination is refused before Python starts.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { runTelltaleModels, type RunPythonOptions } from './python.js';
import { TrainingInputError } from './training-input-error.js';

/** Models the pipeline trains from the product's training table. */
export const TABLE_MODELS = ['churn', 'expansion', 'health'] as const;

export interface TableTrainingRequest {
  model: string;
  table: string;
  /** Default for the training table: the committed starter model's directory (models/<model>/). Required with `label`. */
  out?: string;
  seed?: number;
  /** Any CSV: the 0/1 (true/false, yes/no) outcome column. Only for churn. */
  label?: string;
  /** Any CSV: id columns (not features; an id's rows stay in one part of the split). */
  ids?: readonly string[];
  /** Any CSV: the time column; the split is by time. */
  time?: string;
}

/**
 * The pipeline's arguments for a request, with paths made absolute (the pipeline runs in models/).
 * Throws TrainingInputError naming what is wrong.
 */
export function tableTrainingArgs(request: TableTrainingRequest, cwd: string = process.cwd()): string[] {
  const { model, label, ids = [], time, seed } = request;
  if (!(TABLE_MODELS as readonly string[]).includes(model)) throw new TrainingInputError(`unknown model "${model}": choose one of ${TABLE_MODELS.join(', ')}`);
  const table = resolve(cwd, request.table);
  if (!existsSync(table)) throw new TrainingInputError(`no table at ${table}`);
  if (!statSync(table).isFile()) throw new TrainingInputError(`${table} is not a file`);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw new TrainingInputError(`--seed must be a whole number >= 0, not ${seed}`);
  if (label === undefined && (ids.length > 0 || time !== undefined)) throw new TrainingInputError('--id and --time describe a table trained with --label COLUMN');
  if (label !== undefined) {
    if (model !== 'churn') throw new TrainingInputError(`--label trains a churn model from any table: use \`train churn --label ${label}\`, not ${model}`);
    if (!request.out) throw new TrainingInputError('--out DIR is required with --label (the starter model in models/churn/ is not replaced)');
  }
  const args = ['train', model, '--table', table];
  if (request.out) args.push('--out', resolve(cwd, request.out));
  if (seed !== undefined) args.push('--seed', String(seed));
  if (label !== undefined) {
    args.push('--label', label);
    for (const id of ids) args.push('--id', id);
    if (time !== undefined) args.push('--time', time);
  }
  return args;
}

/** Runs the pipeline for a request; `options.onLine` receives each progress line. Resolves with everything it printed. */
export function trainFromTable(request: TableTrainingRequest, options: RunPythonOptions = {}, run: typeof runTelltaleModels = runTelltaleModels): Promise<string> {
  return run(tableTrainingArgs(request), options);
}
