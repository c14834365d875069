/** Why a model directory was refused. */
export type ModelRejectionReason =
  | 'CARD_UNREADABLE' // card.json missing, not JSON, missing fields scoring needs, or naming another model
  | 'MANIFEST_MISMATCH' // the card's features/fingerprint differ from manifests/features.json
  | 'MODEL_FILE_MISMATCH' // model.onnx missing or its sha256 differs from the card's
  | 'MODEL_UNLOADABLE' // onnxruntime cannot load or run the file, or its inputs/outputs differ from the card's
  | 'OUTPUT_MISMATCH'; // the card's outputs do not fit the model (e.g. an expansion card without a 90-day head)

/** A model that must not be activated; the previously active model (if any) stays in use. */
export class ModelRejectedError extends Error {
  override readonly name = 'ModelRejectedError';
  constructor(
    readonly modelDir: string,
    readonly reason: ModelRejectionReason,
    detail: string,
  ) {
    super(`model ${modelDir} refused (${reason}): ${detail}`);
  }
}
