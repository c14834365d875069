/**
 * The ONNX worker thread (run by piscina from onnx-pool.ts). It keeps one InferenceSession per model
 * file and content hash (and per explained output, see onnx-subgraph.ts), and is the only place in the
 * service that runs ONNX.
 */
import { readFile } from 'node:fs/promises';
import { move } from 'piscina';
import * as ort from 'onnxruntime-node';
import { buildCoalitionMatrix, foldCoalitionPredictions } from './coalitions.js';
import { pruneToOutput } from './onnx-subgraph.js';
import { ONNX_SESSION_OPTIONS, type OnnxModelRef, type OnnxTask, type ProbeResult } from './worker-protocol.js';

const sessions = new Map<string, Promise<ort.InferenceSession>>();

function cached(key: string, create: () => Promise<ort.InferenceSession>): Promise<ort.InferenceSession> {
  let found = sessions.get(key);
  if (!found) {
    found = create();
    sessions.set(key, found);
    // A failed load is not cached, so a fixed file can be tried again.
    found.catch(() => sessions.delete(key));
  }
  return found;
}

function session(model: OnnxModelRef): Promise<ort.InferenceSession> {
  return cached(`${model.modelFile}#${model.modelKey}`, () => ort.InferenceSession.create(model.modelFile, { ...ONNX_SESSION_OPTIONS }));
}

/**
 * A session computing only `output`: onnxruntime runs every node of a graph whatever the outputs
 * fetched, so a multi-output model is cut down to the nodes that output needs (same nodes, same
 * values) before an explanation sends thousands of rows through it.
 */
function outputSession(model: OnnxModelRef, output: string): Promise<ort.InferenceSession> {
  if (model.outputNames.length === 1) return session(model);
  return cached(`${model.modelFile}#${model.modelKey}#${output}`, async () => {
    const pruned = pruneToOutput(new Uint8Array(await readFile(model.modelFile)), output);
    return ort.InferenceSession.create(pruned, { ...ONNX_SESSION_OPTIONS });
  });
}

async function run(s: ort.InferenceSession, model: OnnxModelRef, rows: Float32Array, outputs: readonly string[]): Promise<Float32Array> {
  const count = rows.length / model.features;
  if (!Number.isInteger(count)) throw new Error(`rows hold ${rows.length} values, not a multiple of ${model.features} features`);
  if (count === 0) return new Float32Array(0);
  const input = new ort.Tensor('float32', rows, [count, model.features]);
  const results = await s.run({ [model.inputName]: input }, [...outputs]);
  // A copy the worker owns (row-major, rows × outputs), so it can be transferred back.
  const out = new Float32Array(count * outputs.length);
  outputs.forEach((name, o) => {
    const output = results[name];
    if (!output) throw new Error(`model has no output ${name}`);
    if (output.data.length !== count) throw new Error(`output ${name} holds ${output.data.length} values for ${count} rows`);
    const data = output.data as Float32Array;
    if (outputs.length === 1) out.set(data);
    else for (let r = 0; r < count; r++) out[r * outputs.length + o] = data[r]!;
  });
  return out;
}

/** Piscina's task handler. */
export default async function runOnnxTask(task: OnnxTask): Promise<Float32Array | Float64Array | ProbeResult> {
  switch (task.kind) {
    case 'predict':
      return move(await run(await session(task.model), task.model, task.rows, task.model.outputNames)) as unknown as Float32Array;
    case 'probe': {
      const s = await session(task.model);
      const result: ProbeResult = {
        inputNames: [...s.inputNames],
        outputNames: [...s.outputNames],
        predictions: new Float32Array(0),
      };
      if (result.inputNames.includes(task.model.inputName) && task.model.outputNames.every((name) => result.outputNames.includes(name))) {
        result.predictions = await run(s, task.model, task.rows, task.model.outputNames);
      }
      return result;
    }
    case 'explain': {
      if (!task.model.outputNames.includes(task.output)) throw new Error(`model has no output ${task.output}`);
      const accounts = task.rows.length / task.model.features;
      const backgroundRows = task.background.length / task.model.features;
      const matrix = buildCoalitionMatrix(task);
      const predictions = await run(await outputSession(task.model, task.output), task.model, matrix, [task.output]);
      const folded = foldCoalitionPredictions(predictions, accounts, task.groups, backgroundRows, task.model.features);
      return move(folded) as unknown as Float64Array;
    }
  }
}
