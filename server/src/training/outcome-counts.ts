/**
 * How many outcomes a tenant's training table holds per time window, counted by the Python pipeline
 * on the split training would use (models/telltale_models/compare_outcomes.py), and the sentence
 * that tells a user how many more are needed.
 */
import { z } from 'zod';
import { runPythonModule, type RunPythonOptions } from './python.js';

/** The Python module that counts outcomes and compares models. */
export const COMPARE_MODULE = 'telltale_models.compare_models';

const windowSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  rows: z.number().int(),
  positive_rows: z.number().int(),
  churned_accounts: z.number().int(),
});

const outcomeCountsSchema = z.looseObject({
  model: z.string(),
  table_rows: z.number().int(),
  labelled_from: z.string().nullable(),
  boundaries: z.object({ calibrate_from: z.string(), holdout_from: z.string() }).nullable(),
  windows: z.object({ train: windowSchema, calibrate: windowSchema, holdout: windowSchema }),
  churned_accounts: z.number().int(),
  min_churned_accounts_per_window: z.number().int(),
  shortfall: z.object({ train: z.number().int(), calibrate: z.number().int(), holdout: z.number().int() }),
  more_needed: z.number().int(),
  enough: z.boolean(),
});

/** Outcomes per window (train / calibrate / holdout) of a training table, and whether a model can be trained on it. */
export type OutcomeCounts = z.output<typeof outcomeCountsSchema>;

/** The last line a Python command printed, parsed as JSON and checked against `schema`. */
export function parsePythonJson<T>(stdout: string, schema: z.ZodType<T>, what: string): T {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    throw new Error(`${what}: the pipeline printed no JSON result (last line: ${last.slice(0, 200) || '(nothing)'})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${what}: unexpected result from the pipeline: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Counts the table's outcomes per window (`python -m telltale_models.compare_models outcomes`). */
export async function countOutcomes(
  model: string,
  table: string,
  run: typeof runPythonModule = runPythonModule,
  options: RunPythonOptions = {},
): Promise<OutcomeCounts> {
  const stdout = await run(COMPARE_MODULE, ['outcomes', model, '--table', table], options);
  return parsePythonJson(stdout, outcomeCountsSchema, 'counting outcomes');
}

/** "N churned accounts observed in labelled windows (…); … at least M more needed." */
export function tooFewOutcomesMessage(counts: OutcomeCounts): string {
  const { train, calibrate, holdout } = counts.windows;
  const per = `training ${train.churned_accounts}, calibration ${calibrate.churned_accounts}, holdout ${holdout.churned_accounts}`;
  const short = (['train', 'calibrate', 'holdout'] as const)
    .filter((w) => counts.shortfall[w] > 0)
    .map((w) => `${counts.shortfall[w]} more in the ${w === 'train' ? 'training' : w === 'calibrate' ? 'calibration' : 'holdout'} window`);
  return (
    `${counts.churned_accounts} churned accounts observed in labelled windows (${per}); a tenant ${counts.model} model needs at least ` +
    `${counts.min_churned_accounts_per_window} in each window: at least ${counts.more_needed} more needed (${short.join(', ')})`
  );
}
