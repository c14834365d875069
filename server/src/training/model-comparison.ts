/**
 * A candidate model against the active one on the candidate's holdout window, measured by the
 * Python pipeline (models/telltale_models/compare_churn.py): both models score the identical rows of
 * the tenant's table, and the verdict applies the activation rule (see README.md).
 */
import { z } from 'zod';
import { COMPARE_MODULE, parsePythonJson } from './outcome-counts.js';
import { runPythonModule, type RunPythonOptions } from './python.js';

const metricsSchema = z.looseObject({
  rows: z.number().int(),
  positives: z.number().int(),
  roc_auc: z.number(),
  pr_auc: z.number(),
  brier: z.number(),
  expected_calibration_error: z.number(),
});

const comparisonSchema = z.looseObject({
  model: z.string(),
  window: z.looseObject({ from: z.string(), to: z.string(), rows: z.number().int(), positives: z.number().int(), accounts: z.number().int(), churned_accounts: z.number().int() }),
  candidate: metricsSchema.extend({ version: z.string(), grade: z.string() }),
  reference: metricsSchema.extend({ version: z.string() }),
  bootstrap: z.looseObject({ resamples: z.number().int(), valid_resamples: z.number().int(), share_candidate_better: z.number(), auc_difference: z.number() }),
  verdict: z.looseObject({ beats: z.boolean(), rule: z.string(), reasons: z.array(z.string()) }),
});

/** Both models' metrics on the candidate's holdout rows, the paired bootstrap, and whether the candidate beats the reference. */
export type ModelComparison = z.output<typeof comparisonSchema>;

export interface CompareModelsInput {
  model: string;
  /** The training table the candidate was trained on. */
  table: string;
  candidateDir: string;
  /** The model the tenant is scored with now (its active version, else the starter). */
  activeDir: string;
  /** Seeds the bootstrap resamples. */
  seed: number;
}

/** `python -m telltale_models.compare_models compare <model> …` */
export async function compareModels(input: CompareModelsInput, run: typeof runPythonModule = runPythonModule, options: RunPythonOptions = {}): Promise<ModelComparison> {
  const args = ['compare', input.model, '--table', input.table, '--candidate', input.candidateDir, '--active', input.activeDir, '--seed', String(input.seed)];
  return parsePythonJson(await run(COMPARE_MODULE, args, options), comparisonSchema, 'comparing models');
}
