/**
 * A model directory (`model.onnx` + `card.json`) as scoring uses it, and the checks that refuse one:
 * the card must describe exactly manifests/features.json, the ONNX file must be the one the card
 * hashed, and a worker must load it and score the card's background rows.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SIGNAL_GROUPS, loadFeatureManifest, type FeatureManifest, type SignalGroup } from '../features/features-manifest.js';
import { healthyReference } from './healthy-reference.js';
import { imputeRow, learnedMissingFromBackground, type ImputationPlan, type ImputationPolicy } from './impute.js';
import { MODEL_KINDS, isModelName, type ModelName } from './model-kinds.js';
import { readVerifiedModelFile } from './model-file.js';
import { riskScaleOf, type RiskScale } from './risk-band.js';
import { ModelRejectedError } from './model-rejected-error.js';
import type { OnnxPool } from './onnx-pool.js';
import type { OnnxModelRef } from './worker-protocol.js';

const cardSchema = z.object({
  model: z.string().min(1),
  version: z.string().min(1),
  manifest: z.object({
    version: z.string().min(1),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    features: z.array(z.string()).min(1),
    groups: z.record(z.string(), z.string()),
  }),
  onnx: z.object({
    file: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    input: z.object({ name: z.string().min(1) }),
    outputs: z.array(z.object({ name: z.string().min(1) })).min(1),
  }),
  background: z.object({ rows: z.array(z.array(z.number().nullable())).min(1) }),
  imputation: z.object({ medians: z.record(z.string(), z.number().nullable()) }),
  /** Churn cards: the probabilities at the 0th…100th percentile of the calibration window's predictions. */
  risk_scale: z.object({ points: z.array(z.number()) }).optional(),
});

/** The fields of card.json that scoring reads. */
export type ModelCard = z.output<typeof cardSchema>;

/** How a model's predictions are explained (churn and expansion; see coalitions.ts). */
export interface ExplanationSetup {
  /** The explained output, and its index into LoadedModel.outputs. */
  output: string;
  outputIndex: number;
  /** Which predictions are good for the account: low (churn) or high (expansion). */
  favourable: 'low' | 'high';
  /** Per feature; see healthy-reference.ts. */
  healthyReference: Float64Array;
  /** Mean of the explained output over the background rows: v(∅) of every explanation. */
  baseline: number;
}

/** A verified model, ready to score. */
export interface LoadedModel {
  dir: string;
  name: ModelName;
  version: string;
  manifestVersion: string;
  /** Every output of the card, in its order (onnx.outputNames is the same list). */
  outputs: readonly string[];
  onnx: OnnxModelRef;
  featureNames: readonly string[];
  /** Signal groups in explanation order, and each feature's index into it. */
  groups: readonly SignalGroup[];
  groupOfFeature: Uint8Array;
  /** Background rows explanations use, row-major, NaN = missing. */
  background: Float64Array;
  backgroundRows: number;
  imputation: ImputationPlan;
  /** The churn model's scale from probability to risk score (see risk-band.ts); absent for the others. */
  riskScale?: RiskScale;
  /** Absent for models that are not explained (health). */
  explanation: ExplanationSetup | undefined;
}

export interface LoadModelOptions {
  /** The pool that loads and test-runs the ONNX file (the caller's thread never does). */
  pool: OnnxPool;
  /** Defaults to manifests/features.json. */
  manifest?: FeatureManifest;
  imputationPolicy?: ImputationPolicy;
  /**
   * Background rows explanations average over (default DEFAULT_EXPLANATION_BACKGROUND_ROWS): n of the
   * card's seeded sample spread over the explained output (spreadRows). Explanation cost is linear in
   * it; the healthy reference always uses every card row.
   */
  explanationBackgroundRows?: number;
  /** The model the directory must hold (card.model); default: whatever known model the card names. */
  expectedModel?: ModelName;
}

/** sha256 of the ordered [feature, group] list, serialised as Python's json.dumps does (model_card.py). */
export function manifestFingerprint(features: readonly string[], groupOf: (feature: string) => string): string {
  const text = `[${features.map((f) => `[${JSON.stringify(f)}, ${JSON.stringify(groupOf(f))}]`).join(', ')}]`;
  return createHash('sha256').update(text).digest('hex');
}

async function readCard(dir: string): Promise<ModelCard> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8'));
  } catch (error) {
    throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `card.json: ${(error as Error).message}`);
  }
  const parsed = cardSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `card.json is invalid: ${issues}`);
  }
  return parsed.data;
}

function checkManifest(dir: string, card: ModelCard, manifest: FeatureManifest): void {
  const names = manifest.features.map((f) => f.name);
  const groupOf = new Map(manifest.features.map((f) => [f.name, f.group]));
  const expected = manifestFingerprint(names, (f) => groupOf.get(f)!);
  if (card.manifest.fingerprint !== expected) {
    throw new ModelRejectedError(dir, 'MANIFEST_MISMATCH', `card fingerprint ${card.manifest.fingerprint} != manifests/features.json ${expected} (manifest ${manifest.version}, card ${card.manifest.version})`);
  }
  // The fingerprint is only a claim: the card's own feature list must produce it too.
  const own = manifestFingerprint(card.manifest.features, (f) => card.manifest.groups[f] ?? '');
  if (own !== expected) throw new ModelRejectedError(dir, 'MANIFEST_MISMATCH', 'the card lists features or groups that differ from its fingerprint');
  const badRow = card.background.rows.findIndex((row) => row.length !== names.length);
  if (badRow >= 0) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `background row ${badRow} has ${card.background.rows[badRow]!.length} values, expected ${names.length}`);
}

/** Reads and verifies a model directory; throws ModelRejectedError naming the directory and the reason. */
export async function loadModel(modelDir: string, options: LoadModelOptions): Promise<LoadedModel> {
  const dir = resolve(modelDir);
  const manifest = options.manifest ?? loadFeatureManifest();
  const card = await readCard(dir);
  checkManifest(dir, card, manifest);

  const { modelFile, sha256 } = await readVerifiedModelFile(dir, card.onnx);

  const name = card.model;
  if (!isModelName(name)) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `card.model "${name}" is not one of the models scoring knows`);
  if (options.expectedModel && name !== options.expectedModel) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `the card describes model "${name}", expected "${options.expectedModel}"`);
  const kind = MODEL_KINDS[name];
  const outputs = card.onnx.outputs.map((o) => o.name);
  const outputProblem = kind.checkOutputs(outputs);
  if (outputProblem) throw new ModelRejectedError(dir, 'OUTPUT_MISMATCH', outputProblem);
  const riskScale = name === 'churn' ? readRiskScale(dir, card) : undefined;

  const featureNames = manifest.features.map((f) => f.name);
  const features = featureNames.length;
  const onnx: OnnxModelRef = { modelFile, modelKey: sha256, inputName: card.onnx.input.name, outputNames: outputs, features };
  const background = Float64Array.from(card.background.rows.flat(), (v) => (v === null ? Number.NaN : v));
  const backgroundRows = card.background.rows.length;
  const predictions = await probe(dir, options.pool, onnx, background);
  const at = (row: number, output: number) => predictions[row * outputs.length + output]!;

  for (const [o, output] of outputs.entries()) {
    const values = Array.from({ length: backgroundRows }, (_, r) => at(r, o));
    const bad = kind.isProbability(output, outputs) ? values.findIndex((p) => !(p >= 0 && p <= 1)) : values.every((v) => Number.isNaN(v)) ? 0 : -1;
    if (bad >= 0) throw new ModelRejectedError(dir, 'MODEL_UNLOADABLE', `output ${output} scores background row ${bad} as ${values[bad]}, not a ${kind.isProbability(output, outputs) ? 'probability' : 'number'}`);
  }
  const usableRows = Array.from({ length: backgroundRows }, (_, r) => outputs.every((_, o) => Number.isFinite(at(r, o))));
  const medians = Float64Array.from(featureNames, (f) => card.imputation.medians[f] ?? Number.NaN);
  const imputation: ImputationPlan = {
    featureNames,
    medians,
    learnedMissing: learnedMissingFromBackground(background, features, usableRows),
    policy: options.imputationPolicy ?? 'unlearned',
  };
  await checkImputedRowScores(dir, options.pool, onnx, imputation);
  const groupIndex = new Map<string, number>(SIGNAL_GROUPS.map((g, i) => [g, i]));
  const explanationRows = Math.max(1, Math.min(backgroundRows, options.explanationBackgroundRows ?? DEFAULT_EXPLANATION_BACKGROUND_ROWS));
  const explainedIndex = kind.explained ? outputs.indexOf(kind.explained.output(outputs)) : 0;
  const chosen = spreadRows(backgroundRows, explanationRows, (r) => at(r, explainedIndex));
  const explanationBackground = new Float64Array(chosen.length * features);
  chosen.forEach((row, i) => explanationBackground.set(background.subarray(row * features, (row + 1) * features), i * features));
  return {
    dir,
    name,
    version: card.version,
    manifestVersion: card.manifest.version,
    outputs,
    onnx,
    featureNames,
    groups: SIGNAL_GROUPS,
    groupOfFeature: Uint8Array.from(manifest.features, (f) => groupIndex.get(f.group)!),
    background: explanationBackground,
    backgroundRows: explanationRows,
    imputation,
    ...(riskScale ? { riskScale } : {}),
    explanation: kind.explained && explanationSetup(kind.explained, outputs, { background, backgroundRows, chosen, features, medians, at }),
  };
}

function readRiskScale(dir: string, card: ModelCard): RiskScale {
  if (!card.risk_scale) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', 'the churn card has no risk_scale (train it again with the current pipeline)');
  const scale = riskScaleOf(card.risk_scale.points);
  if (typeof scale === 'string') throw new ModelRejectedError(dir, 'CARD_UNREADABLE', scale);
  return scale;
}

/** Loads the model in a worker and scores the background rows: every output, rows × outputs. */
async function probe(dir: string, pool: OnnxPool, onnx: OnnxModelRef, background: Float64Array): Promise<Float32Array> {
  try {
    const result = await pool.probe(onnx, Float32Array.from(background));
    if (!result.inputNames.includes(onnx.inputName) || !onnx.outputNames.every((o) => result.outputNames.includes(o))) {
      throw new Error(`inputs [${result.inputNames.join(', ')}] outputs [${result.outputNames.join(', ')}], the card names ${onnx.inputName} -> ${onnx.outputNames.join(', ')}`);
    }
    return result.predictions;
  } catch (error) {
    throw new ModelRejectedError(dir, 'MODEL_UNLOADABLE', (error as Error).message);
  }
}

/** An account with every feature missing must still get a number from every output once imputed. */
async function checkImputedRowScores(dir: string, pool: OnnxPool, onnx: OnnxModelRef, imputation: ImputationPlan): Promise<void> {
  const empty = imputeRow(new Float64Array(onnx.features).fill(Number.NaN), imputation).values;
  const scores = await pool.predict(onnx, Float32Array.from(empty));
  const bad = onnx.outputNames.filter((_, o) => !Number.isFinite(scores[o]!));
  if (bad.length > 0) throw new ModelRejectedError(dir, 'MODEL_UNLOADABLE', `a row with every feature missing scores ${bad.join(', ')} as NaN even after imputation (the card lacks the medians it needs)`);
}

function explanationSetup(
  explained: NonNullable<(typeof MODEL_KINDS)[ModelName]['explained']>,
  outputs: readonly string[],
  data: { background: Float64Array; backgroundRows: number; chosen: readonly number[]; features: number; medians: Float64Array; at: (row: number, output: number) => number },
): ExplanationSetup {
  const output = explained.output(outputs);
  const outputIndex = outputs.indexOf(output);
  const predictions = Array.from({ length: data.backgroundRows }, (_, r) => data.at(r, outputIndex));
  let baseline = 0;
  for (const row of data.chosen) baseline += predictions[row]!;
  return {
    output,
    outputIndex,
    favourable: explained.favourable,
    healthyReference: healthyReference(data.background, predictions, data.features, data.medians, explained.favourable),
    baseline: baseline / data.chosen.length,
  };
}

/**
 * Background rows explanations average over by default. Explanation cost is linear in it (2^6
 * coalitions × rows per account, plus 59 what-if rows): on 2 cores 64 rows explain ~450 churn
 * accounts/s, 16 rows ~1,400–1,550, 8 rows ~2,700 (the bench); 8 meet the target of 100,000 accounts
 * in a minute, and taken as below (spreadRows) they keep the baseline near the full sample's.
 */
export const DEFAULT_EXPLANATION_BACKGROUND_ROWS = 8;

/**
 * `wanted` of `total` rows spread over the distribution of the explained output: the rows at evenly
 * spaced ranks (the middle of each of `wanted` equal slices), so the subset's mean prediction — the
 * explanations' baseline — stays near the full sample's. All rows, in card order, when none are left out.
 */
export function spreadRows(total: number, wanted: number, prediction: (row: number) => number): number[] {
  if (wanted >= total) return Array.from({ length: total }, (_, r) => r);
  const byPrediction = Array.from({ length: total }, (_, r) => r).sort((a, b) => prediction(a) - prediction(b) || a - b);
  return Array.from({ length: wanted }, (_, k) => byPrediction[Math.floor(((k + 0.5) * total) / wanted)]!);
}
