import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadModel, type LoadedModel } from '../../../server/src/scoring/model-card.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import { riskScore } from '../../../server/src/scoring/risk-band.js';
import { ScoringInputError, scoreAccounts } from '../../../server/src/scoring/score-accounts.js';
import { imputeRow } from '../../../server/src/scoring/impute.js';
import { ONNX_SESSION_OPTIONS } from '../../../server/src/scoring/worker-protocol.js';
import { CHURN_MODEL_DIR, readParityFixture, toValues, type ParityRow } from './model-helpers.js';

let pool: OnnxPool;
let model: LoadedModel;
let fixture: ParityRow[];

beforeAll(async () => {
  pool = new OnnxPool({ threads: 2 });
  model = await loadModel(CHURN_MODEL_DIR, { pool });
  fixture = (await readParityFixture()).rows;
});
afterAll(async () => pool.close());

const accountRows = (): { accountId: string; values: Float64Array }[] => fixture.map((r) => ({ accountId: `${r.account_id}@${r.snapshot_date}`, values: toValues(r) }));

describe('scoreAccounts', () => {
  test('scores through the pool exactly as a direct onnxruntime session with the same options does', async () => {
    const f = model.featureNames.length;
    const input = new Float32Array(fixture.length * f);
    fixture.forEach((r, i) => input.set(imputeRow(toValues(r), model.imputation).values, i * f));
    const session = await ort.InferenceSession.create(model.onnx.modelFile, { ...ONNX_SESSION_OPTIONS });
    const direct = (await session.run({ features: new ort.Tensor('float32', input.slice(), [fixture.length, f]) })).probability!.data as Float32Array;
    const pooled = await pool.predict(model.onnx, input);
    expect(Array.from(pooled)).toEqual(Array.from(direct));
  });

  test('agrees with the Python onnxruntime probabilities to 1e-5 on at least 99.9% of the fixture rows', async () => {
    const scores = await scoreAccounts({ pool, model, rows: accountRows(), explain: false, batchSize: 64 });
    const within = scores.filter((s, i) => Math.abs(s.probability - fixture[i]!.probability) <= 1e-5).length;
    expect(fixture.length).toBeGreaterThanOrEqual(200);
    expect(within / fixture.length).toBeGreaterThanOrEqual(0.999);
  });

  test('flags exactly the rows the Python side imputed, naming the features', async () => {
    const scores = await scoreAccounts({ pool, model, rows: accountRows(), explain: false });
    scores.forEach((s, i) => {
      expect(s.imputedFeatures).toEqual(fixture[i]!.imputed);
      expect(s.lowConfidence).toBe(fixture[i]!.imputed.length > 0);
    });
    expect(scores.some((s) => s.lowConfidence)).toBe(true);
    expect(scores.some((s) => !s.lowConfidence)).toBe(true);
  });

  test('keeps input order and derives score (on the risk scale of the card) and band from the probability', async () => {
    const scores = await scoreAccounts({ pool, model, rows: accountRows(), explain: false, batchSize: 7 });
    expect(scores.map((s) => s.accountId)).toEqual(accountRows().map((r) => r.accountId));
    expect(model.riskScale).toBeDefined();
    for (const s of scores) {
      expect(s.riskScore).toBe(riskScore(s.probability, model.riskScale!));
      expect(s.band).toBe(s.riskScore >= 80 ? 'high' : s.riskScore >= 50 ? 'medium' : 'low');
    }
  });

  test('gives drivers that sum to prediction minus baseline within 1e-6 for every account', async () => {
    const plain = await scoreAccounts({ pool, model, rows: accountRows(), explain: false });
    const explained = await scoreAccounts({ pool, model, rows: accountRows(), explain: true });
    explained.forEach((s, i) => {
      expect(s.probability).toBe(plain[i]!.probability);
      expect(s.drivers).toHaveLength(6);
      const sum = s.drivers!.reduce((t, d) => t + d.points, 0);
      expect(Math.abs(sum - 100 * (s.probability - s.baseline!))).toBeLessThan(1e-6);
      expect(s.baseline).toBeCloseTo(model.explanation!.baseline, 12);
      expect(s.whatIf!.map((w) => w.group)).toEqual([...model.groups]);
    });
    expect(explained.some((s) => s.drivers!.some((d) => Math.abs(d.points) > 0.1))).toBe(true);
  });

  test('gives a group the whole difference when it is the only one that differs from a single background row', async () => {
    const f = model.featureNames.length;
    const x = imputeRow(toValues(fixture[0]!), model.imputation).values;
    const other = imputeRow(toValues(fixture[1]!), model.imputation).values;
    const support = model.groups.indexOf('support');
    // Background: x itself, except the support features taken from another account.
    const background = Float64Array.from(x, (v, j) => (model.groupOfFeature[j] === support ? other[j]! : v));
    const single: LoadedModel = { ...model, background, backgroundRows: 1 };
    const [scored] = await scoreAccounts({ pool, model: single, rows: [{ accountId: 'a', values: x }], explain: true });
    const [alt] = await scoreAccounts({ pool, model, rows: [{ accountId: 'b', values: background }], explain: false });
    const drivers = scored!.drivers!;
    drivers.forEach((d, g) => {
      if (g !== support) expect(d.points).toBe(0);
    });
    expect(drivers[support]!.points).toBeCloseTo(100 * (scored!.probability - alt!.probability), 9);
    expect(background.length).toBe(f);
  });

  test('reports a what-if of zero for a group already at the healthy reference', async () => {
    const x = Float64Array.from(model.explanation!.healthyReference);
    const [scored] = await scoreAccounts({ pool, model, rows: [{ accountId: 'healthy', values: x }], explain: true });
    for (const w of scored!.whatIf!) expect(w.deltaPoints).toBe(0);
    for (const points of scored!.featurePoints!) expect(points).toBe(0);
  });

  test('explains over a smaller background sample when asked, still summing to prediction minus baseline', async () => {
    const small = await loadModel(CHURN_MODEL_DIR, { pool, explanationBackgroundRows: 8 });
    expect(small.backgroundRows).toBe(8);
    expect(Array.from(small.explanation!.healthyReference)).toEqual(Array.from(model.explanation!.healthyReference));
    const scored = await scoreAccounts({ pool, model: small, rows: accountRows().slice(0, 20), explain: true });
    for (const s of scored) {
      expect(s.baseline).toBeCloseTo(small.explanation!.baseline, 12);
      expect(Math.abs(s.drivers!.reduce((t, d) => t + d.points, 0) - 100 * (s.probability - s.baseline!))).toBeLessThan(1e-6);
    }
  });

  test('refuses a row with the wrong number of features', async () => {
    await expect(scoreAccounts({ pool, model, rows: [{ accountId: 'short', values: new Float64Array(3) }], explain: false })).rejects.toBeInstanceOf(ScoringInputError);
  });
});
