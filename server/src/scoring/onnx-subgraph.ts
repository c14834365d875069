/**
 * Cuts an ONNX model down to the nodes one output needs. onnxruntime executes every node of a graph
 * whatever outputs a run fetches, so explaining one head of a multi-output model (expansion's four
 * ensembles) would pay for all of them on every coalition row. Pure: works on the protobuf bytes
 * (wire format, no schema library), keeping every kept field byte for byte.
 *
 * ModelProto.graph = 7; GraphProto: node = 1, initializer = 5, input = 11, output = 12,
 * value_info = 13; NodeProto: input = 1, output = 2, attribute = 5; AttributeProto: g = 6, graphs = 11;
 * TensorProto.name = 8; ValueInfoProto.name = 1.
 */

interface Field {
  field: number;
  wireType: number;
  /** The whole field, key included. */
  start: number;
  end: number;
  /** The payload of a length-delimited field. */
  payloadStart: number;
  payloadEnd: number;
}

/** A model the pruner cannot read. */
export class OnnxFormatError extends Error {
  override readonly name = 'OnnxFormatError';
}

function readVarint(buf: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let pos = at; pos < buf.length && pos < at + 10; pos++) {
    const byte = buf[pos]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos + 1];
    scale *= 128;
  }
  throw new OnnxFormatError(`bad varint at byte ${at}`);
}

function writeVarint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

function readFields(buf: Uint8Array, start: number, end: number): Field[] {
  const fields: Field[] = [];
  let pos = start;
  while (pos < end) {
    const [key, afterKey] = readVarint(buf, pos);
    const wireType = key % 8;
    const field = Math.floor(key / 8);
    let payloadStart = afterKey;
    let next: number;
    if (wireType === 0) next = readVarint(buf, afterKey)[1];
    else if (wireType === 1) next = afterKey + 8;
    else if (wireType === 5) next = afterKey + 4;
    else if (wireType === 2) {
      const [length, afterLength] = readVarint(buf, afterKey);
      payloadStart = afterLength;
      next = afterLength + length;
    } else throw new OnnxFormatError(`unsupported wire type ${wireType} at byte ${pos}`);
    if (next > end) throw new OnnxFormatError(`field ${field} at byte ${pos} runs past its message`);
    fields.push({ field, wireType, start: pos, end: next, payloadStart, payloadEnd: wireType === 2 ? next : afterKey });
    pos = next;
  }
  return fields;
}

const decoder = new TextDecoder();

function subFields(buf: Uint8Array, parent: Field, number: number): Field[] {
  return readFields(buf, parent.payloadStart, parent.payloadEnd).filter((f) => f.field === number && f.wireType === 2);
}

function strings(buf: Uint8Array, parent: Field, number: number): string[] {
  return subFields(buf, parent, number).map((f) => decoder.decode(buf.subarray(f.payloadStart, f.payloadEnd)));
}

function hasSubgraph(buf: Uint8Array, node: Field): boolean {
  return subFields(buf, node, 5).some((attribute) => readFields(buf, attribute.payloadStart, attribute.payloadEnd).some((f) => f.field === 6 || f.field === 11));
}

/**
 * The model with only the nodes, initializers and outputs that `output` depends on. A graph with
 * control flow (subgraph attributes, whose implicit inputs this does not trace) is returned whole.
 */
export function pruneToOutput(model: Uint8Array, output: string): Uint8Array {
  const top = readFields(model, 0, model.length);
  const graph = top.find((f) => f.field === 7 && f.wireType === 2);
  if (!graph) throw new OnnxFormatError('the model has no graph');
  const fields = readFields(model, graph.payloadStart, graph.payloadEnd);
  const outputs = fields.filter((f) => f.field === 12 && f.wireType === 2);
  if (!outputs.some((f) => strings(model, f, 1)[0] === output)) throw new OnnxFormatError(`the graph has no output ${output}`);
  const nodes = fields.filter((f) => f.field === 1 && f.wireType === 2);
  if (nodes.some((node) => hasSubgraph(model, node))) return model;

  // Nodes are topologically sorted (an ONNX requirement): walk back from the output.
  const needed = new Set([output]);
  const kept = new Set<Field>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (!strings(model, node, 2).some((name) => needed.has(name))) continue;
    kept.add(node);
    for (const name of strings(model, node, 1)) if (name) needed.add(name);
  }
  const keep = (f: Field): boolean => {
    if (f.wireType !== 2) return true;
    if (f.field === 1) return kept.has(f);
    if (f.field === 12) return strings(model, f, 1)[0] === output;
    if (f.field === 5) return needed.has(strings(model, f, 8)[0] ?? '');
    if (f.field === 13) return needed.has(strings(model, f, 1)[0] ?? '');
    return true;
  };
  const parts = fields.filter(keep).map((f) => model.subarray(f.start, f.end));
  const graphLength = parts.reduce((sum, p) => sum + p.length, 0);
  const header = Uint8Array.from([...writeVarint(7 * 8 + 2), ...writeVarint(graphLength)]);
  const pieces = top.flatMap((f) => (f === graph ? [header, ...parts] : [model.subarray(f.start, f.end)]));
  const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
