import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { expansionWindow, parseExpansionOutputs } from '../../../server/src/scoring/expansion-window.js';
import { healthTrajectory, parseHealthOutputs } from '../../../server/src/scoring/health-trajectory.js';
import { imputeRow } from '../../../server/src/scoring/impute.js';
import { loadModel, type LoadedModel } from '../../../server/src/scoring/model-card.js';
import { ModelRejectedError } from '../../../server/src/scoring/model-rejected-error.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import { pruneToOutput } from '../../../server/src/scoring/onnx-subgraph.js';
import { scoreExpansion } from '../../../server/src/scoring/score-expansion.js';
import { HEALTH_SCORE_FEATURE, scoreHealth } from '../../../server/src/scoring/score-health.js';
import { ONNX_SESSION_OPTIONS } from '../../../server/src/scoring/worker-protocol.js';
import { CHURN_MODEL_DIR, EXPANSION_MODEL_DIR, HEALTH_MODEL_DIR, copyOfModel, editCard, readCard, readParityFixture, toValues, type ParityRow } from './model-helpers.js';

let pool: OnnxPool;
let expansion: LoadedModel;
let health: LoadedModel;
let fixture: ParityRow[];
let cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  pool = new OnnxPool({ threads: 2 });
  [expansion, health] = await Promise.all([loadModel(EXPANSION_MODEL_DIR, { pool }), loadModel(HEALTH_MODEL_DIR, { pool })]);
  fixture = (await readParityFixture()).rows;
});
afterAll(async () => pool.close());
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

const rows = () => fixture.map((r, i) => ({ accountId: `a${i}`, values: toValues(r) }));

async function refusal(dir: string, options: Parameters<typeof loadModel>[1] = { pool }): Promise<ModelRejectedError> {
  const error: unknown = await loadModel(dir, options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelRejectedError);
  return error as ModelRejectedError;
}

async function damagedCopy(from: string): Promise<string> {
  const copy = await copyOfModel(from);
  cleanups.push(copy.cleanup);
  return copy.dir;
}

describe('the expansion model', () => {
  test('loads with every output of its card and explains the 90-day head', async () => {
    const card = await readCard(EXPANSION_MODEL_DIR);
    expect(expansion.outputs).toEqual(card.onnx.outputs.map((o) => o.name));
    expect(expansion.explanation?.output).toBe(card.onnx.outputs.find((o) => o.name.endsWith('_90d'))!.name);
    expect(expansion.explanation?.favourable).toBe('high');
  });

  test('gives drivers that sum to the 90-day probability minus the baseline within 1e-6 for every account', async () => {
    const scored = await scoreExpansion({ pool, model: expansion, rows: rows(), explain: true });
    expect(scored).toHaveLength(fixture.length);
    for (const s of scored) {
      const sum = s.explanation!.drivers.reduce((t, d) => t + d.points, 0);
      expect(Math.abs(sum - 100 * (s.probability - s.explanation!.baseline))).toBeLessThan(1e-6);
    }
    expect(scored.some((s) => s.explanation!.drivers.some((d) => Math.abs(d.points) > 1))).toBe(true);
  });

  test('reports every head, the amount and the window by the rule, the explained head equal to a plain prediction', async () => {
    const layout = parseExpansionOutputs(expansion.outputs);
    if (typeof layout === 'string') throw new Error(layout);
    const explained = await scoreExpansion({ pool, model: expansion, rows: rows().slice(0, 40), explain: true });
    const plain = await scoreExpansion({ pool, model: expansion, rows: rows().slice(0, 40), explain: false });
    explained.forEach((s, i) => {
      expect(Object.keys(s.probabilities).sort()).toEqual([...layout.heads.values()].map((o) => expansion.outputs[o]!).sort());
      for (const p of Object.values(s.probabilities)) expect(p).toBeGreaterThanOrEqual(0);
      expect(s.probability).toBe(plain[i]!.probability);
      expect(s.probabilities).toEqual(plain[i]!.probabilities);
      expect(s.expectedAmount).toBeGreaterThanOrEqual(0);
      const byDays = (days: number) => s.probabilities[expansion.outputs[layout.heads.get(days)!]!]!;
      expect(s.window).toBe(expansionWindow(byDays));
    });
    expect(plain.every((s) => s.explanation === undefined)).toBe(true);
  });

  test('gives each feature the points its value adds against the reference, as a direct prediction does', async () => {
    const setup = expansion.explanation!;
    const f = expansion.featureNames.length;
    const [scored] = await scoreExpansion({ pool, model: expansion, rows: rows().slice(3, 4), explain: true });
    const x = imputeRow(toValues(fixture[3]!), expansion.imputation).values;
    const moved = new Float32Array(f * f);
    for (let j = 0; j < f; j++) {
      moved.set(x, j * f);
      moved[j * f + j] = setup.healthyReference[j]!;
    }
    const direct = await pool.predict(expansion.onnx, moved);
    const k = expansion.outputs.length;
    for (let j = 0; j < f; j++) expect(scored!.explanation!.featurePoints[j]).toBeCloseTo(100 * (scored!.probability - direct[j * k + setup.outputIndex]!), 9);
  });

  test('is explained through a graph cut to the explained head that scores exactly as the whole graph', async () => {
    const bytes = new Uint8Array(await readFile(join(EXPANSION_MODEL_DIR, 'model.onnx')));
    const input = Float32Array.from(fixture.flatMap((r) => Array.from(imputeRow(toValues(r), expansion.imputation).values)));
    const full = await ort.InferenceSession.create(bytes, { ...ONNX_SESSION_OPTIONS });
    const fullOut = await full.run({ [expansion.onnx.inputName]: new ort.Tensor('float32', input.slice(), [fixture.length, expansion.featureNames.length]) });
    for (const output of expansion.outputs) {
      const pruned = pruneToOutput(bytes, output);
      expect(pruned.length).toBeLessThan(bytes.length);
      const session = await ort.InferenceSession.create(pruned, { ...ONNX_SESSION_OPTIONS });
      expect(session.outputNames).toEqual([output]);
      const out = await session.run({ [expansion.onnx.inputName]: new ort.Tensor('float32', input.slice(), [fixture.length, expansion.featureNames.length]) });
      expect(Array.from(out[output]!.data as Float32Array)).toEqual(Array.from(fullOut[output]!.data as Float32Array));
    }
  });

  test('refuses a card whose outputs lack a head the window needs', async () => {
    const dir = await damagedCopy(EXPANSION_MODEL_DIR);
    await editCard(dir, (card) => {
      const onnx = card.onnx as { outputs: { name: string }[] };
      onnx.outputs = onnx.outputs.filter((o) => !o.name.endsWith('_30d'));
    });
    const error = await refusal(dir);
    expect(error.reason).toBe('OUTPUT_MISMATCH');
    expect(error.message).toContain('_30d');
  });

  test('refuses a directory holding another model than the one asked for', async () => {
    const error = await refusal(CHURN_MODEL_DIR, { pool, expectedModel: 'expansion' });
    expect(error.reason).toBe('CARD_UNREADABLE');
    expect(error.message).toContain('expected "expansion"');
  });
});

describe('the health model', () => {
  test('forecasts every horizon of its card within 0–100, with a trajectory by the rule', async () => {
    const card = await readCard(HEALTH_MODEL_DIR);
    const layout = parseHealthOutputs(card.onnx.outputs.map((o) => o.name));
    if (typeof layout === 'string') throw new Error(layout);
    const scored = await scoreHealth({ pool, model: health, rows: rows() });
    for (const s of scored) {
      expect(s.forecast.map((f) => f.horizonDays)).toEqual(layout.horizons.map((h) => h.days));
      for (const f of s.forecast) {
        for (const v of [f.p10, f.p50, f.p90]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(100);
        }
        expect(f.p10).toBeLessThanOrEqual(f.p50);
        expect(f.p50).toBeLessThanOrEqual(f.p90);
      }
      const { trajectory, confidence } = healthTrajectory(s.score, s.forecast[s.forecast.length - 1]!);
      expect([s.trajectory, s.trajectoryConfidence]).toEqual([trajectory, confidence]);
    }
    expect(new Set(scored.map((s) => s.trajectory)).size).toBeGreaterThan(1);
  });

  test('imputes a missing health score from the card, forecasts numbers and flags the account low-confidence', async () => {
    const card = await readCard(HEALTH_MODEL_DIR);
    const at = health.featureNames.indexOf(HEALTH_SCORE_FEATURE);
    const present = fixture.find((r) => r.values[at] !== null)!;
    const values = toValues(present);
    values[at] = Number.NaN;
    const [missing, observed] = await scoreHealth({ pool, model: health, rows: [{ accountId: 'missing', values }, { accountId: 'observed', values: toValues(present) }] });
    expect(missing!.score).toBeCloseTo(card.imputation.medians[HEALTH_SCORE_FEATURE]!, 9);
    expect(missing!.scoreImputed).toBe(true);
    expect(missing!.lowConfidence).toBe(true);
    expect(missing!.imputedFeatures).toContain(HEALTH_SCORE_FEATURE);
    expect(missing!.missingFeatures).toContain(HEALTH_SCORE_FEATURE);
    for (const f of missing!.forecast) expect([f.p10, f.p50, f.p90].every(Number.isFinite)).toBe(true);
    expect(observed!.scoreImputed).toBe(false);
    expect(observed!.imputedFeatures).not.toContain(HEALTH_SCORE_FEATURE);
  });

  test('refuses a card that cannot fill a missing health score, since its forecast would not be a number', async () => {
    const dir = await damagedCopy(HEALTH_MODEL_DIR);
    await editCard(dir, (card) => {
      (card.imputation as { medians: Record<string, number | null> }).medians[HEALTH_SCORE_FEATURE] = null;
    });
    const error = await refusal(dir);
    expect(error.reason).toBe('MODEL_UNLOADABLE');
    expect(error.message).toContain('every feature missing');
  });
});
