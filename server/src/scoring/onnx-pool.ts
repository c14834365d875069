/**
 * The ONNX scorer: a piscina pool of worker threads, each holding onnxruntime-node sessions. Every
 * ONNX load and run happens in a worker, so the caller's event loop never blocks on a model.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ExplainTask, OnnxModelRef, OnnxTask, PredictTask, ProbeResult, ProbeTask } from './worker-protocol.js';

export interface OnnxPoolOptions {
  /** Worker threads; default: one per available core. */
  threads?: number;
}

/**
 * Where the worker lives. Compiled (server/dist) the pool runs onnx-worker.js beside this file. Run
 * from TypeScript sources (vitest, tsx) it runs onnx-worker.ts with tsx's CommonJS hook preloaded:
 * piscina's worker first require()s the task file, and in Node 20 loader hooks given with `--import`
 * do not reach a worker's imports, while a `--require` hook does.
 */
export function resolveWorker(moduleUrl: string = import.meta.url): { filename: string; execArgv: string[] } {
  if (moduleUrl.endsWith('.ts')) {
    const tsxRequireHook = createRequire(moduleUrl).resolve('tsx/cjs');
    return { filename: fileURLToPath(new URL('./onnx-worker.ts', moduleUrl)), execArgv: ['--require', tsxRequireHook] };
  }
  return { filename: fileURLToPath(new URL('./onnx-worker.js', moduleUrl)), execArgv: [] };
}

export class OnnxPool {
  private readonly pool: Piscina<OnnxTask, unknown>;

  constructor(options: OnnxPoolOptions = {}) {
    const threads = options.threads ?? Math.max(1, availableParallelism());
    const worker = resolveWorker();
    this.pool = new Piscina<OnnxTask, unknown>({
      filename: worker.filename,
      execArgv: worker.execArgv,
      minThreads: threads,
      maxThreads: threads,
      // Tasks are CPU-bound ONNX runs: one at a time per worker.
      concurrentTasksPerWorker: 1,
    });
  }

  /** Worker threads in the pool. */
  get threads(): number {
    return this.pool.threads.length;
  }

  /**
   * Every output of the model for each row of `rows` (row-major float32, model.features columns):
   * rows × model.outputNames.length values, row-major. `rows` is transferred.
   */
  async predict(model: OnnxModelRef, rows: Float32Array): Promise<Float32Array> {
    const task: PredictTask = { kind: 'predict', model, rows };
    return (await this.pool.run(task, { transferList: [rows.buffer as ArrayBuffer] })) as Float32Array;
  }

  /** Loads the model in a worker and reports its tensor names; scores `rows` when the names match. */
  async probe(model: OnnxModelRef, rows: Float32Array): Promise<ProbeResult> {
    const task: ProbeTask = { kind: 'probe', model, rows };
    return (await this.pool.run(task)) as ProbeResult;
  }

  /** Coalition values and what-if predictions of one output for a batch of accounts (see worker-protocol.ts). `task.rows` is transferred. */
  async explain(task: Omit<ExplainTask, 'kind'>): Promise<Float64Array> {
    const message: ExplainTask = { kind: 'explain', ...task };
    return (await this.pool.run(message, { transferList: [task.rows.buffer as ArrayBuffer] })) as Float64Array;
  }

  /** Stops the workers (waits for running tasks). */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
