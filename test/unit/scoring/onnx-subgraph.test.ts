import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { OnnxFormatError, pruneToOutput } from '../../../server/src/scoring/onnx-subgraph.js';

const modelDir = (name: string) => fileURLToPath(new URL(`../../../models/${name}/`, import.meta.url));
const read = (name: string) => ({
  bytes: new Uint8Array(readFileSync(`${modelDir(name)}model.onnx`)),
  outputs: (JSON.parse(readFileSync(`${modelDir(name)}card.json`, 'utf8')) as { onnx: { outputs: { name: string }[] } }).onnx.outputs.map((o) => o.name),
});

test('leaves a graph whose only output is the one asked for byte for byte as it was', () => {
  const churn = read('churn');
  expect(churn.outputs).toHaveLength(1);
  expect(Buffer.from(pruneToOutput(churn.bytes, churn.outputs[0]!)).equals(Buffer.from(churn.bytes))).toBe(true);
});

test('cuts a multi-output graph to a smaller one per output, each different', () => {
  const expansion = read('expansion');
  const cut = expansion.outputs.map((o) => pruneToOutput(expansion.bytes, o));
  for (const bytes of cut) expect(bytes.length).toBeLessThan(expansion.bytes.length);
  expect(new Set(cut.map((b) => Buffer.from(b).toString('base64'))).size).toBe(expansion.outputs.length);
});

test('names an output the graph does not have', () => {
  const expansion = read('expansion');
  expect(() => pruneToOutput(expansion.bytes, 'no_such_output')).toThrow(new OnnxFormatError('the graph has no output no_such_output'));
});

test('refuses bytes that are not a protobuf message', () => {
  const expansion = read('expansion');
  expect(() => pruneToOutput(expansion.bytes.subarray(0, expansion.bytes.length - 7), expansion.outputs[0]!)).toThrow(OnnxFormatError);
  expect(() => pruneToOutput(Uint8Array.from([0x0f, 0x01]), 'x')).toThrow(OnnxFormatError);
});
