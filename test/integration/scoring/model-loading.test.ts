import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_EXPLANATION_BACKGROUND_ROWS, loadModel, manifestFingerprint, spreadRows } from '../../../server/src/scoring/model-card.js';
import { ModelRejectedError } from '../../../server/src/scoring/model-rejected-error.js';
import { ModelRegistry } from '../../../server/src/scoring/model-registry.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import { loadFeatureManifest } from '../../../server/src/features/features-manifest.js';
import { CHURN_MODEL_DIR, copyOfModel, editCard } from './model-helpers.js';

let pool: OnnxPool;
let cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  pool = new OnnxPool({ threads: 2 });
});
afterAll(async () => pool.close());
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

async function damagedCopy(): Promise<string> {
  const copy = await copyOfModel();
  cleanups.push(copy.cleanup);
  return copy.dir;
}

async function rejection(dir: string): Promise<ModelRejectedError> {
  const error: unknown = await loadModel(dir, { pool }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelRejectedError);
  return error as ModelRejectedError;
}

describe('loadModel', () => {
  test('computes the manifest fingerprint exactly as the Python card writer does', async () => {
    const manifest = loadFeatureManifest();
    const card = JSON.parse(await readFile(join(CHURN_MODEL_DIR, 'card.json'), 'utf8')) as { manifest: { fingerprint: string } };
    const groups = new Map(manifest.features.map((f) => [f.name, f.group]));
    expect(manifestFingerprint(manifest.features.map((f) => f.name), (f) => groups.get(f)!)).toBe(card.manifest.fingerprint);
  });

  test('accepts the starter churn model with its background baseline and healthy reference', async () => {
    const model = await loadModel(CHURN_MODEL_DIR, { pool });
    const card = JSON.parse(await readFile(join(CHURN_MODEL_DIR, 'card.json'), 'utf8')) as { onnx: { outputs: { name: string }[] } };
    expect(model.featureNames).toHaveLength(53);
    expect(model.backgroundRows).toBe(DEFAULT_EXPLANATION_BACKGROUND_ROWS);
    expect(model.outputs).toEqual(card.onnx.outputs.map((o) => o.name));
    expect(model.explanation?.output).toBe(card.onnx.outputs[0]!.name);
    expect(model.explanation!.baseline).toBeGreaterThan(0.01);
    expect(model.explanation!.baseline).toBeLessThan(0.5);
    expect(model.explanation!.healthyReference.every((v) => Number.isFinite(v))).toBe(true);
  });

  test('explains against background rows spread over the predictions, so the baseline stays near the whole sample\'s', async () => {
    const all = await loadModel(CHURN_MODEL_DIR, { pool, explanationBackgroundRows: 64 });
    const spread = await loadModel(CHURN_MODEL_DIR, { pool });
    expect(all.backgroundRows).toBe(64);
    expect(spread.background).toHaveLength(DEFAULT_EXPLANATION_BACKGROUND_ROWS * 53);
    expect(Math.abs(spread.explanation!.baseline - all.explanation!.baseline)).toBeLessThan(0.01);
  });

  test('spreadRows takes the rows at evenly spaced ranks of the prediction', () => {
    const predictions = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4];
    expect(spreadRows(8, 4, (r) => predictions[r]!)).toEqual([5, 7, 4, 0]);
    expect(spreadRows(3, 5, (r) => r)).toEqual([0, 1, 2]);
  });

  test('refuses a card whose fingerprint differs from the manifest', async () => {
    const dir = await damagedCopy();
    await editCard(dir, (card) => {
      (card.manifest as { fingerprint: string }).fingerprint = '0'.repeat(64);
    });
    const error = await rejection(dir);
    expect(error.reason).toBe('MANIFEST_MISMATCH');
    expect(error.modelDir).toBe(dir);
    expect(error.message).toContain(dir);
  });

  test('refuses a card whose feature list is reordered under the right fingerprint', async () => {
    const dir = await damagedCopy();
    await editCard(dir, (card) => {
      const features = (card.manifest as { features: string[] }).features;
      [features[0], features[1]] = [features[1]!, features[0]!];
    });
    expect((await rejection(dir)).reason).toBe('MANIFEST_MISMATCH');
  });

  test('refuses a card without the background rows', async () => {
    const dir = await damagedCopy();
    await editCard(dir, (card) => {
      delete card.background;
    });
    expect((await rejection(dir)).reason).toBe('CARD_UNREADABLE');
  });

  test('refuses a truncated model file', async () => {
    const dir = await damagedCopy();
    await truncate(join(dir, 'model.onnx'), 1000);
    const error = await rejection(dir);
    expect(error.reason).toBe('MODEL_FILE_MISMATCH');
    expect(error.message).toContain('sha256');
  });

  test('refuses a model file onnxruntime cannot load even when the card hashes it', async () => {
    const dir = await damagedCopy();
    const bytes = (await readFile(join(dir, 'model.onnx'))).subarray(0, 2000);
    await writeFile(join(dir, 'model.onnx'), bytes);
    await editCard(dir, (card) => {
      (card.onnx as { sha256: string }).sha256 = createHash('sha256').update(bytes).digest('hex');
    });
    expect((await rejection(dir)).reason).toBe('MODEL_UNLOADABLE');
  });

  test('refuses a model whose input is not the one the card names', async () => {
    const dir = await damagedCopy();
    await editCard(dir, (card) => {
      (card.onnx as { input: { name: string } }).input.name = 'rows';
    });
    const error = await rejection(dir);
    expect(error.reason).toBe('MODEL_UNLOADABLE');
    expect(error.message).toContain('rows');
  });
});

describe('ModelRegistry', () => {
  test('keeps the previous model active when a corrupt one is activated', async () => {
    const registry = new ModelRegistry({ pool });
    const first = await registry.activate(CHURN_MODEL_DIR, 'churn');
    expect(first.activated).toBe(true);
    const dir = await damagedCopy();
    await truncate(join(dir, 'model.onnx'), 10);
    const second = await registry.activate(dir, 'churn');
    expect(second.activated).toBe(false);
    if (second.activated) return;
    expect(second.error.reason).toBe('MODEL_FILE_MISMATCH');
    expect(second.active?.dir).toBe(first.activated ? first.model.dir : undefined);
    const active = registry.get('churn')!;
    const probabilities = await pool.predict(active.onnx, Float32Array.from(active.background.subarray(0, 53)));
    expect(probabilities[0]).toBeGreaterThan(0);
  });
});
