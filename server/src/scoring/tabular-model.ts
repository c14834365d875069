/**
 * Loading a model directory for table scoring. A bring-your-own-table card (`kind: "tabular"`,
 * written by models/telltale_models/tabular_card.py) is verified here: its schema, its cell rules,
 * its category codes, the fingerprint of its columns, the sha256 of model.onnx, and a probe run of its
 * background rows in a worker. Any other card goes through loadModel (the service's checks against
 * manifests/features.json).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadModel } from './model-card.js';
import { readVerifiedModelFile } from './model-file.js';
import { ModelRejectedError } from './model-rejected-error.js';
import type { OnnxPool } from './onnx-pool.js';
import { MISSING_VALUES, NUMBER_PATTERN, manifestTableScorer, type InputColumn, type TableScorer } from './tabular-inputs.js';
import type { OnnxModelRef } from './worker-protocol.js';

const share = z.number().min(0).max(1);
const columnSchema = z.discriminatedUnion('type', [
  z.object({ name: z.string().min(1), type: z.literal('numeric'), median: z.number().nullable(), missing_in_training: share }),
  z.object({
    name: z.string().min(1),
    type: z.literal('categorical'),
    categories: z.record(z.string(), z.number().int().min(0)),
    most_frequent: z.string().nullable(),
    missing_in_training: share,
  }),
]);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

const tabularCardSchema = z.object({
  model: z.string().min(1),
  kind: z.literal('tabular'),
  version: z.string().min(1),
  table: z.object({
    label: z.string().min(1),
    id_columns: z.array(z.string()),
    time_column: z.string().nullable(),
    missing_values: z.array(z.string()),
    number_pattern: z.string(),
    columns: z.array(columnSchema).min(1),
    fingerprint: sha256Hex,
  }),
  onnx: z.object({
    file: z.string().min(1),
    sha256: sha256Hex,
    input: z.object({ name: z.string().min(1) }),
    outputs: z.array(z.object({ name: z.string().min(1) })).min(1),
  }),
  background: z.object({ rows: z.array(z.array(z.number().nullable())).min(1) }),
  imputation: z.object({ medians: z.record(z.string(), z.number().nullable()) }),
});

/** The fields of a bring-your-own-table card that scoring reads. */
export type TabularCard = z.output<typeof tabularCardSchema>;
type CardColumn = TabularCard['table']['columns'][number];

/** The IEEE 754 double as 16 hex digits, big-endian (tabular_columns.float_bits). */
function floatBits(value: number | null | undefined): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return Array.from(new Uint8Array(view.buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Categories in code order; undefined unless the codes are exactly 0..k-1. */
function categoriesInCodeOrder(categories: Record<string, number>): string[] | undefined {
  const ordered: string[] = [];
  for (const [category, code] of Object.entries(categories)) ordered[code] = category;
  const complete = ordered.length === Object.keys(categories).length && Object.keys(categories).length > 0 && ordered.every((c) => c !== undefined);
  return complete ? ordered : undefined;
}

/** sha256 of [[name, type, categories or null, fill bits or null, missing in training], ...] as compact JSON (tabular_columns.columns_fingerprint). */
export function tabularColumnsFingerprint(columns: readonly CardColumn[], medians: Record<string, number | null>): string {
  const canonical = columns.map((c) => [c.name, c.type, c.type === 'categorical' ? (categoriesInCodeOrder(c.categories) ?? null) : null, floatBits(medians[c.name]), c.missing_in_training > 0]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

async function readTabularCard(dir: string, json: unknown): Promise<TabularCard> {
  const parsed = tabularCardSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `card.json is invalid: ${issues}`);
  }
  const card = parsed.data;
  const { table } = card;
  if (table.number_pattern !== NUMBER_PATTERN || table.missing_values.join('\u0000') !== MISSING_VALUES.join('\u0000')) {
    throw new ModelRejectedError(dir, 'CARD_UNREADABLE', 'the card reads cells by other rules (missing_values, number_pattern) than this scorer: retrain the model with this version');
  }
  const names = table.columns.map((c) => c.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `the card lists column(s) twice: ${repeated.join(', ')}`);
  const badCodes = table.columns.find((c) => c.type === 'categorical' && !categoriesInCodeOrder(c.categories));
  if (badCodes) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `column ${badCodes.name}: category codes are not 0..k-1`);
  const noMedian = names.filter((n) => !(n in card.imputation.medians));
  if (noMedian.length > 0) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `imputation.medians lacks column(s) ${noMedian.join(', ')}`);
  const contradicted = table.columns.find((c) => (c.type === 'numeric' ? c.median : c.most_frequent === null ? null : (c.categories[c.most_frequent] ?? Number.NaN)) !== card.imputation.medians[c.name]);
  if (contradicted) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `column ${contradicted.name}: its median or most frequent category contradicts imputation.medians`);
  if (tabularColumnsFingerprint(table.columns, card.imputation.medians) !== table.fingerprint) {
    throw new ModelRejectedError(dir, 'MANIFEST_MISMATCH', "the card's columns, categories or medians do not match its fingerprint (card.json was edited or damaged)");
  }
  const badRow = card.background.rows.findIndex((row) => row.length !== names.length);
  if (badRow >= 0) throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `background row ${badRow} has ${card.background.rows[badRow]!.length} values, expected ${names.length}`);
  return card;
}

/** Reads and verifies a bring-your-own-table model; throws ModelRejectedError naming the directory and the reason. */
export async function loadTabularModel(modelDir: string, pool: OnnxPool, json?: unknown): Promise<TableScorer> {
  const dir = resolve(modelDir);
  const card = await readTabularCard(dir, json ?? (await readCardJson(dir)));
  const { modelFile, sha256 } = await readVerifiedModelFile(dir, card.onnx);

  const columns: InputColumn[] = card.table.columns.map((c) => ({ name: c.name, categories: c.type === 'categorical' ? new Map(Object.entries(c.categories)) : null }));
  const outputs = card.onnx.outputs.map((o) => o.name);
  const onnx: OnnxModelRef = { modelFile, modelKey: sha256, inputName: card.onnx.input.name, outputNames: outputs, features: columns.length };
  await probeProbabilities(dir, pool, onnx, card.background.rows);
  const featureNames = columns.map((c) => c.name);
  return {
    kind: 'tabular',
    dir,
    name: card.model,
    version: card.version,
    columns,
    imputation: {
      featureNames,
      medians: Float64Array.from(featureNames, (n) => card.imputation.medians[n] ?? Number.NaN),
      learnedMissing: card.table.columns.map((c) => c.missing_in_training > 0),
      policy: 'unlearned',
    },
    onnx,
    outputs,
    idColumns: [...card.table.id_columns, ...(card.table.time_column ? [card.table.time_column] : [])],
  };
}

/** Loads the model in a worker and scores the card's background rows: every output must be a probability. */
async function probeProbabilities(dir: string, pool: OnnxPool, onnx: OnnxModelRef, rows: (number | null)[][]): Promise<void> {
  let predictions: Float32Array;
  try {
    const result = await pool.probe(onnx, Float32Array.from(rows.flat(), (v) => (v === null ? Number.NaN : v)));
    if (!result.inputNames.includes(onnx.inputName) || !onnx.outputNames.every((o) => result.outputNames.includes(o))) {
      throw new Error(`inputs [${result.inputNames.join(', ')}] outputs [${result.outputNames.join(', ')}], the card names ${onnx.inputName} -> ${onnx.outputNames.join(', ')}`);
    }
    predictions = result.predictions;
  } catch (error) {
    throw new ModelRejectedError(dir, 'MODEL_UNLOADABLE', (error as Error).message);
  }
  const bad = predictions.findIndex((p) => !(p >= 0 && p <= 1));
  if (bad >= 0) throw new ModelRejectedError(dir, 'MODEL_UNLOADABLE', `background value ${bad} scores ${predictions[bad]}, not a probability`);
}

async function readCardJson(dir: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(dir, 'card.json'), 'utf8'));
  } catch (error) {
    throw new ModelRejectedError(dir, 'CARD_UNREADABLE', `card.json: ${(error as Error).message}`);
  }
}

/**
 * The model in `dir` ready to score tables: a bring-your-own-table model when its card says
 * `kind: "tabular"`, else a model over manifests/features.json, verified by loadModel.
 */
export async function openTableScorer(modelDir: string, pool: OnnxPool): Promise<TableScorer> {
  const dir = resolve(modelDir);
  const json = await readCardJson(dir);
  if (typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'tabular') return loadTabularModel(dir, pool, json);
  return manifestTableScorer(await loadModel(dir, { pool }));
}
