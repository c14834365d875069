/**
 * `telltale train <model> --tenant ID`: a tenant's own model, trained from its history and activated
 * only when it beats the model the tenant is scored with now on a later time window (README.md).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock/clock.js';
import { exportTrainingTable } from '../features/training-table.js';
import { loadModel } from '../scoring/model-card.js';
import { ModelRejectedError } from '../scoring/model-rejected-error.js';
import type { OnnxPool } from '../scoring/onnx-pool.js';
import type { Database } from '../store/database.js';
import { recordTenantModelVersion, type TenantModelVersion } from '../store/tenant-models.js';
import { getTenant } from '../store/tenants.js';
import { compareModels, type ModelComparison } from './model-comparison.js';
import { countOutcomes, tooFewOutcomesMessage, type OutcomeCounts } from './outcome-counts.js';
import { runPythonModule, runTelltaleModels } from './python.js';
import { describeServing, servingModel, type ServingModel } from './serving-model.js';
import { TrainingInputError } from './training-input-error.js';
import { reserveVersionDir, starterModelDir } from './version-dirs.js';

/** Models a tenant can train its own version of. */
export const TENANT_MODELS = ['churn'] as const;
export type TenantModelName = (typeof TENANT_MODELS)[number];

export interface TrainTenantModelOptions {
  db: Database;
  /** Verifies the candidate (and the model it is compared with) the way scoring loads them. */
  pool: OnnxPool;
  /** Versions go to `<dataDir>/models/<tenant>/<model>/v<N>/`; the table is exported under `<dataDir>/training/`. */
  dataDir: string;
  tenantId: string;
  model: string;
  /** Each progress line: export, the pipeline's steps, verification, comparison. */
  onProgress?: (line: string) => void;
  /** Seeds training and the comparison's bootstrap (default 42). */
  seed?: number;
  /** The model that serves a tenant with no active version (default: the committed models/<model>/). */
  starterDir?: string;
  clock?: Clock;
  /** Runs `python -m telltale_models …` (default runTelltaleModels). */
  runPipeline?: typeof runTelltaleModels;
  /** Runs `python -m <module> …` for counting and comparing (default runPythonModule). */
  runModule?: typeof runPythonModule;
  signal?: AbortSignal;
}

interface ResultBase {
  tenantId: string;
  model: TenantModelName;
  /** One sentence for the CLI and the API. */
  message: string;
  outcomes: OutcomeCounts;
  /** The model that serves the tenant after this run. */
  serving: ServingModel;
}

/** What a training run decided. Every outcome leaves a consistent state: the serving model is always a verified one. */
export type TrainTenantModelResult =
  | (ResultBase & { outcome: 'too-few-outcomes' })
  | (ResultBase & { outcome: 'activated'; version: TenantModelVersion; comparison: ModelComparison; previous: ServingModel })
  | (ResultBase & { outcome: 'rejected'; version: TenantModelVersion; comparison: ModelComparison | null });

/** Checks a model name for tenant training; throws TrainingInputError naming the models that can be trained. */
export function parseTenantModel(model: string): TenantModelName {
  const known = TENANT_MODELS.find((m) => m === model);
  if (!known) throw new TrainingInputError(`model "${model}" cannot be trained for a tenant; choose one of: ${TENANT_MODELS.join(', ')}`);
  return known;
}

/**
 * Exports the tenant's training table, refuses early when a window has too few outcomes, else trains
 * a candidate into a new version directory, verifies it as scoring loads it, compares it with the
 * serving model on the candidate's holdout rows and records it as active or rejected. An error
 * (a failed export, training or comparison) removes the candidate and changes nothing stored.
 */
export async function trainTenantModel(options: TrainTenantModelOptions): Promise<TrainTenantModelResult> {
  const { db, tenantId, dataDir } = options;
  const model = parseTenantModel(options.model);
  if (!(await getTenant(db, tenantId))) throw new TrainingInputError(`no tenant "${tenantId}"`);
  const progress = options.onProgress ?? (() => undefined);
  const python = { ...(options.signal ? { signal: options.signal } : {}) };
  const runModule = options.runModule ?? runPythonModule;
  const starterDir = options.starterDir ?? starterModelDir(model);
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 42;

  await mkdir(join(dataDir, 'training'), { recursive: true });
  const workDir = await mkdtemp(join(dataDir, 'training', `${encodeURIComponent(tenantId)}-${model}-`));
  try {
    const table = join(workDir, 'training-table.csv');
    const exported = await exportTrainingTable({ db, tenantId, out: table, onProgress: (done, total) => progress(`exporting the training table: ${done}/${total} accounts`) });
    progress(`exported ${exported.rows} rows (${exported.accounts} accounts, ${exported.snapshots} snapshot dates)`);
    const outcomes = await countOutcomes(model, table, runModule, python);
    const before = await servingModel(db, tenantId, model, starterDir);
    if (!outcomes.enough) {
      return { outcome: 'too-few-outcomes', tenantId, model, outcomes, serving: before, message: `${tooFewOutcomesMessage(outcomes)}; ${describeServing(before)} stays active` };
    }
    progress(`${outcomes.churned_accounts} churned accounts in labelled windows: training a candidate`);
    const trainedAt = clock.now().toISOString();
    const slot = await reserveVersionDir(db, dataDir, tenantId, model);
    let decided: Judged;
    try {
      const runPipeline = options.runPipeline ?? runTelltaleModels;
      await runPipeline(['train', model, '--table', table, '--out', slot.dir, '--seed', String(seed)], { ...python, onLine: progress });
      const base = { tenantId, model, version: slot.version, dir: slot.dir, outcomes: outcomes as Record<string, unknown>, trainedAt };
      decided = await judgeCandidate({ ...options, model, seed, starterDir, clock, table, base, progress, runModule, python });
    } catch (error) {
      await rm(slot.dir, { recursive: true, force: true });
      throw error;
    }
    const { version, comparison, previous } = decided;
    const vName = `${model} v${version.version}${version.modelVersion ? ` (${version.modelVersion})` : ''}`;
    if (version.status === 'active' && comparison) {
      const serving: ServingModel = { source: 'tenant', version: version.version, modelVersion: version.modelVersion, dir: version.dir };
      return { outcome: 'activated', tenantId, model, outcomes, version, comparison, previous, serving, message: `${vName} activated: ${version.reason}` };
    }
    const serving = await servingModel(db, tenantId, model, starterDir);
    return { outcome: 'rejected', tenantId, model, outcomes, version, comparison, serving, message: `${vName} rejected: ${version.reason}; ${describeServing(serving)} stays active` };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

interface JudgeInput extends TrainTenantModelOptions {
  model: TenantModelName;
  seed: number;
  starterDir: string;
  clock: Clock;
  table: string;
  base: Pick<TenantModelVersion, 'tenantId' | 'model' | 'version' | 'dir' | 'outcomes' | 'trainedAt'>;
  progress: (line: string) => void;
  runModule: typeof runPythonModule;
  python: { signal?: AbortSignal };
}

interface Judged {
  version: TenantModelVersion;
  comparison: ModelComparison | null;
  /** The model that served the tenant when the candidate was judged. */
  previous: ServingModel;
}

/**
 * Verifies the candidate, compares it with the model serving the tenant now (read after training:
 * another run may have activated a version meanwhile) and records the decision, which the store
 * refuses if the active version changed again before it.
 */
async function judgeCandidate(input: JudgeInput): Promise<Judged> {
  const { db, pool, base, progress } = input;
  const previous = await servingModel(db, base.tenantId, base.model, input.starterDir);
  const expectedActive = previous.source === 'tenant' ? previous.version : null;
  progress(`verifying v${base.version} as scoring loads it`);
  let candidateVersion: string;
  try {
    candidateVersion = (await loadModel(base.dir, { pool })).version;
  } catch (error) {
    if (!(error instanceof ModelRejectedError)) throw error;
    const reason = `scoring refuses it: ${error.message}`;
    const version = await recordTenantModelVersion(db, { ...base, modelVersion: null, status: 'rejected', reason, comparedWith: null, comparison: null, decidedAt: input.clock.now().toISOString() }, expectedActive);
    return { version, comparison: null, previous };
  }
  const reference = await verifiedReference(input, previous);
  progress(`comparing ${candidateVersion} with ${describeServing(reference)} on the candidate's holdout window`);
  const comparison = await compareModels(
    { model: base.model, table: input.table, candidateDir: base.dir, activeDir: reference.dir, seed: input.seed },
    input.runModule,
    input.python,
  );
  const window = comparison.window;
  const reason =
    `${comparison.verdict.beats ? 'it beats' : 'it does not beat'} ${describeServing(reference)} on its holdout window ` +
    `(${window.from} – ${window.to}: ${window.rows} rows, ${window.churned_accounts} churned accounts): ${comparison.verdict.reasons.join('; ')}`;
  const version = await recordTenantModelVersion(
    db,
    {
      ...base,
      modelVersion: candidateVersion,
      status: comparison.verdict.beats ? 'active' : 'rejected',
      reason,
      comparedWith: reference.source === 'tenant' ? `v${reference.version} ${reference.modelVersion ?? ''}`.trim() : `starter ${reference.modelVersion ?? ''}`.trim(),
      comparison: comparison as Record<string, unknown>,
      decidedAt: input.clock.now().toISOString(),
    },
    expectedActive,
  );
  return { version, comparison, previous };
}

/**
 * The model the candidate must beat: the tenant's active version when scoring still loads it, else the
 * starter (a refused active version serves nobody). A starter that scoring refuses stops the run.
 */
async function verifiedReference(input: JudgeInput, serving: ServingModel): Promise<ServingModel> {
  const { pool, starterDir, progress } = input;
  if (serving.source === 'tenant') {
    try {
      await loadModel(serving.dir, { pool });
      return serving;
    } catch (error) {
      if (!(error instanceof ModelRejectedError)) throw error;
      progress(`the active v${serving.version} is refused by scoring (${error.reason}): comparing with the starter model instead`);
    }
  }
  const starter = await loadModel(starterDir, { pool });
  return { source: 'starter', modelVersion: starter.version, dir: starter.dir };
}
