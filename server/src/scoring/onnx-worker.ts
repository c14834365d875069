/**
 * The ONNX worker thread (run by piscina from onnx-pool.ts). It keeps one InferenceSession per model
 * file and content hash, and is the only place in the service that runs ONNX.
 */
import { move } from 'piscina';
import * as ort from 'onnxruntime-node';
import { buildCoalitionMatrix, foldCoalitionPredictions } from './coalitions.js';
import { ONNX_SESSION_OPTIONS, type OnnxModelRef, type OnnxTask, type ProbeResult } from './worker-protocol.js';

const sessions = new Map<string, Promise<ort.InferenceSession>>();

function session(model: OnnxModelRef): Promise<ort.InferenceSession> {
  const key = `${model.modelFile}#${model.modelKey}`;
  let found = sessions.get(key);
  if (!found) {
    found = ort.InferenceSession.create(model.modelFile, { ...ONNX_SESSION_OPTIONS });
    sessions.set(key, found);
    // A failed load is not cached, so a fixed file can be tried again.
    found.catch(() => sessions.delete(key));
  }
  return found;
}

async function predict(model: OnnxModelRef, rows: Float32Array): Promise<Float32Array> {
  const count = rows.length / model.features;
  if (!Number.isInteger(count)) throw new Error(`rows hold ${rows.length} values, not a multiple of ${model.features} features`);
  if (count === 0) return new Float32Array(0);
  const s = await session(model);
  const input = new ort.Tensor('float32', rows, [count, model.features]);
  const outputs = await s.run({ [model.inputName]: input });
  const output = outputs[model.outputName];
  if (!output) throw new Error(`model has no output ${model.outputName}`);
  if (output.data.length !== count) throw new Error(`output ${model.outputName} holds ${output.data.length} values for ${count} rows`);
  // A copy the worker owns, so it can be transferred back.
  return Float32Array.from(output.data as Float32Array);
}

/** Piscina's task handler. */
export default async function runOnnxTask(task: OnnxTask): Promise<Float32Array | Float64Array | ProbeResult> {
  switch (task.kind) {
    case 'predict':
      return move(await predict(task.model, task.rows)) as unknown as Float32Array;
    case 'probe': {
      const s = await session(task.model);
      const result: ProbeResult = {
        inputNames: [...s.inputNames],
        outputNames: [...s.outputNames],
        predictions: new Float32Array(0),
      };
      if (result.inputNames.includes(task.model.inputName) && result.outputNames.includes(task.model.outputName)) {
        result.predictions = await predict(task.model, task.rows);
      }
      return result;
    }
    case 'explain': {
      const accounts = task.rows.length / task.model.features;
      const backgroundRows = task.background.length / task.model.features;
      const matrix = buildCoalitionMatrix(task);
      const predictions = await predict(task.model, matrix);
      const folded = foldCoalitionPredictions(predictions, accounts, task.groups, backgroundRows);
      return move(folded) as unknown as Float64Array;
    }
  }
}
