import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelRejectedError } from './model-rejected-error.js';

/**
 * The ONNX file a card names, read and checked against the card's sha256 (a truncated or replaced
 * file is refused as MODEL_FILE_MISMATCH). Returns its path and hash (the hash keys worker sessions).
 */
export async function readVerifiedModelFile(dir: string, onnx: { file: string; sha256: string }): Promise<{ modelFile: string; sha256: string }> {
  const modelFile = join(dir, onnx.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(modelFile);
  } catch (error) {
    throw new ModelRejectedError(dir, 'MODEL_FILE_MISMATCH', `cannot read ${onnx.file}: ${(error as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== onnx.sha256) throw new ModelRejectedError(dir, 'MODEL_FILE_MISMATCH', `${onnx.file} has sha256 ${sha256}, the card says ${onnx.sha256}`);
  return { modelFile, sha256 };
}
