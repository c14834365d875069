/**
 * `telltale train <churn|expansion|health> --table FILE [--out DIR] [--seed N]`: the Python pipeline
 * on the product's training table; with `--label COLUMN [--id COLUMN]... [--time COLUMN] --out DIR`,
 * a churn model from any CSV; with `--tenant ID`, the tenant's own model (see train-tenant.ts). One line per pipeline step. Exit status 2 when the table, the
 * arguments or the training environment are refused (the reason on stderr), 1 when training fails.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { PythonRunError } from '../training/python.js';
import { trainFromTable } from '../training/table-training.js';
import { TrainingInputError } from '../training/training-input-error.js';
import { failAndExit } from './fail.js';
import { trainForTenant } from './train-tenant.js';

/** The options of `telltale train`; each way of training reads the ones it needs. */
export interface TrainCommandOptions {
  table?: string;
  out?: string;
  seed?: number;
  label?: string;
  id?: string[];
  time?: string;
  tenant?: string;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number >= 0 is expected');
  return Number(value);
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'train a model with the Python pipeline (models/): from the training table that export-training-table writes, ' +
        'or a churn model from any CSV with a 0/1 label column (--label)',
    )
    .argument('<model>', 'churn, expansion or health')
    .option('--table <file>', 'the CSV to train on')
    .option('--out <dir>', 'where model.onnx, card.json and report.html go (training table: default models/<model>/; required with --label)')
    .option('--seed <n>', 'seeds every random source (default 42)', parseSeed)
    .option('--label <column>', 'any CSV: the outcome column (0/1, true/false or yes/no; empty or NA = unknown, row left out)')
    .option('--id <column>', 'any CSV: an id column, not a feature; an id\'s rows stay in one part of the split (repeatable)', collect)
    .option('--tenant <id>', "a tenant's own model from its stored history, activated only when it beats the serving model (`_default`: the only or sandbox tenant)")
    .option('--time <column>', 'any CSV: the time column (ISO 8601 date or a number): train on the earliest rows, calibrate later, hold out the latest')
    .action(async (model: string, options: TrainCommandOptions) => {
      try {
        await runTrain(model, options);
      } catch (error) {
        exitForTrainingError(error, options.label === undefined);
      }
    });
}

/** Runs the training the options ask for. */
export async function runTrain(model: string, options: TrainCommandOptions): Promise<void> {
  if (options.tenant !== undefined) {
    if (options.table || options.label) throw new TrainingInputError('--tenant trains from the stored history: leave out --table and --label');
    await trainForTenant(model, options.tenant, options.seed);
    return;
  }
  if (!options.table) throw new TrainingInputError('--table FILE (or --tenant ID) is required');
  await trainFromTable(
    { model, table: options.table, out: options.out, seed: options.seed, label: options.label, ids: options.id, time: options.time },
    { onLine: (line) => console.log(line) },
  );
}

/** The reason the pipeline or the request gave, on one line; exit 2 for what the user can fix. */
function exitForTrainingError(error: unknown, trainingTable: boolean): never {
  if (error instanceof TrainingInputError) {
    console.error(`telltale train: ${error.message}`);
    process.exit(2);
  }
  if (error instanceof PythonRunError && (error.exitCode === 2 || error.exitCode === null)) {
    const lines = error.stderr.trim().split('\n').filter(Boolean);
    const reason = error.exitCode === 2 && lines.length > 0 ? lines.at(-1)!.replace(/^(?:.*: )?error: /, '') : error.message;
    console.error(`telltale train: ${reason}`);
    if (trainingTable && /lacks \d+ column/.test(reason)) console.error('telltale train: a table of your own trains a churn model with: train churn --table FILE --label COLUMN --out DIR');
    process.exit(2);
  }
  failAndExit(error);
}
