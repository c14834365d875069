/** The messages between the scoring thread and the ONNX worker threads (onnx-worker.ts). */

/** Which model a task runs: the file, a cache key that changes when the file does, and its tensor names. */
export interface OnnxModelRef {
  modelFile: string;
  /** sha256 of the file (from the card): a worker's cached session is reused only for the same key. */
  modelKey: string;
  inputName: string;
  /** The outputs a prediction returns, in this order (the card's order); each is one value per row. */
  outputNames: readonly string[];
  /** Columns per row (the manifest's feature count). */
  features: number;
}

/**
 * Score float32 rows (row-major, rows × features). The result holds rows × outputNames.length
 * values, row-major: row r's output o is at r × outputs + o.
 */
export interface PredictTask {
  kind: 'predict';
  model: OnnxModelRef;
  rows: Float32Array;
}

/** Load the model (if not cached) and report its tensor names, then score `rows` like `predict`. */
export interface ProbeTask {
  kind: 'probe';
  model: OnnxModelRef;
  rows: Float32Array;
}

export interface ProbeResult {
  inputNames: string[];
  outputNames: string[];
  /** Empty when the names differ from the reference's. */
  predictions: Float32Array;
}

/**
 * Coalition values for exact group Shapley values plus what-if predictions of one output, for a batch
 * of accounts, in one ONNX run. The result is one Float64Array laid out per account as
 * [v(mask) for mask in 0..2^groups-1,
 *  f(x with group g at the reference) for g in 0..groups-1,
 *  f(x with feature j at the reference) for j in 0..features-1] (see coalitions.ts).
 */
export interface ExplainTask {
  kind: 'explain';
  model: OnnxModelRef;
  /** The output explained (one of model.outputNames). */
  output: string;
  /** The accounts' (imputed) rows, row-major. */
  rows: Float32Array;
  /** Background rows, row-major (NaN = missing, as in training). */
  background: Float32Array;
  /** Group index of each feature column. */
  groupOfFeature: Uint8Array;
  groups: number;
  /** One value per feature: where a what-if moves a group or a feature to. */
  healthyReference: Float32Array;
}

export type OnnxTask = PredictTask | ProbeTask | ExplainTask;

/**
 * Session options of every worker session: one thread each, since the pool already runs one worker
 * per core. Exported so a direct session can be compared with the pool bit for bit.
 */
export const ONNX_SESSION_OPTIONS = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
} as const;
