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
import { learnedMissingFromBackground, type ImputationPlan, type ImputationPolicy } from './impute.js';
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
});

/** The fields of card.json that scoring reads. */
export type ModelCard = z.output<typeof cardSchema>;

/** A verified model, ready to score. */
export interface LoadedModel {
  dir: string;
  name: string;
  version: string;
  manifestVersion: string;
  onnx: OnnxModelRef;
  featureNames: readonly string[];
  /** Signal groups in explanation order, and each feature's index into it. */
  groups: readonly SignalGroup[];
  groupOfFeature: Uint8Array;
  /** Background rows explanations use, row-major, NaN = missing. */
  background: Float64Array;
  backgroundRows: number;
  imputation: ImputationPlan;
  /** Per feature; see healthy-reference.ts. */
  healthyReference: Float64Array;
  /** Mean prediction over the background rows: v(∅) of every explanation. */
  baseline: number;
}

export interface LoadModelOptions {
  /** The pool that loads and test-runs the ONNX file (the caller's thread never does). */
  pool: OnnxPool;
  /** Defaults to manifests/features.json. */
  manifest?: FeatureManifest;
  imputationPolicy?: ImputationPolicy;
  /**
   * Background rows explanations average over: the first n of the card's seeded sample (all when
   * omitted). Explanation cost is linear in it; the healthy reference always uses every card row.
   */
  explanationBackgroundRows?: number;
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

  const modelFile = join(dir, card.onnx.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(modelFile);
  } catch (error) {
    throw new ModelRejectedError(dir, 'MODEL_FILE_MISMATCH', `cannot read ${card.onnx.file}: ${(error as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== card.onnx.sha256) throw new ModelRejectedError(dir, 'MODEL_FILE_MISMATCH', `${card.onnx.file} has sha256 ${sha256}, the card says ${card.onnx.sha256}`);

  const featureNames = manifest.features.map((f) => f.name);
  const features = featureNames.length;
  const onnx: OnnxModelRef = { modelFile, modelKey: sha256, inputName: card.onnx.input.name, outputName: card.onnx.outputs[0]!.name, features };
  const background = Float64Array.from(card.background.rows.flat(), (v) => (v === null ? Number.NaN : v));
  const backgroundRows = card.background.rows.length;

  let predictions: Float32Array;
  try {
    const probe = await options.pool.probe(onnx, Float32Array.from(background));
    if (!probe.inputNames.includes(onnx.inputName) || !probe.outputNames.includes(onnx.outputName)) {
      throw new Error(`inputs [${probe.inputNames.join(', ')}] outputs [${probe.outputNames.join(', ')}], the card names ${onnx.inputName} -> ${onnx.outputName}`);
    }
    predictions = probe.predictions;
  } catch (error) {
    throw new ModelRejectedError(dir, 'MODEL_UNLOADABLE', (error as Error).message);
  }
  const bad = predictions.findIndex((p) => !(p >= 0 && p <= 1));
  if (bad >= 0) throw new ModelRejectedError(dir, 'MODEL_UNLOADABLE', `background row ${bad} scores ${predictions[bad]}, not a probability`);

  const medians = Float64Array.from(featureNames, (f) => card.imputation.medians[f] ?? Number.NaN);
  const groupIndex = new Map<string, number>(SIGNAL_GROUPS.map((g, i) => [g, i]));
  const explanationRows = Math.max(1, Math.min(backgroundRows, options.explanationBackgroundRows ?? backgroundRows));
  let baseline = 0;
  for (const p of predictions.subarray(0, explanationRows)) baseline += p;
  return {
    dir,
    name: card.model,
    version: card.version,
    manifestVersion: card.manifest.version,
    onnx,
    featureNames,
    groups: SIGNAL_GROUPS,
    groupOfFeature: Uint8Array.from(manifest.features, (f) => groupIndex.get(f.group)!),
    background: background.slice(0, explanationRows * features),
    backgroundRows: explanationRows,
    imputation: {
      featureNames,
      medians,
      learnedMissing: learnedMissingFromBackground(background, features),
      policy: options.imputationPolicy ?? 'unlearned',
    },
    healthyReference: healthyReference(background, predictions, features, medians),
    baseline: baseline / explanationRows,
  };
}
