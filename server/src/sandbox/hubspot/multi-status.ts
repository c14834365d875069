import { batchErrorEntry, HubSpotApiError } from './errors.js';

/** A batch write input's trace id (`objectWriteTraceId`), when it carries one. */
export function traceIdOf(input: unknown): string | undefined {
  const value = typeof input === 'object' && input !== null ? (input as { objectWriteTraceId?: unknown }).objectWriteTraceId : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A validated input, or the error HubSpot reports for it in a multi-status answer. */
export type CheckedInput<I> = { input: I; ok: true } | { input: I; ok: false; error: ReturnType<typeof batchErrorEntry> };

/**
 * Validates batch inputs the way HubSpot does: an input with an `objectWriteTraceId` that fails
 * validation becomes its own error entry (`context.objectWriteTraceId`) and the others go ahead
 * (207 multi-status); an input without one that fails rejects the whole batch (the error is thrown).
 */
export function checkBatchInputs<I extends { traceId: string | undefined }>(inputs: readonly I[], validate: (input: I) => I): Array<CheckedInput<I>> {
  return inputs.map((input) => {
    try {
      return { input: validate(input), ok: true as const };
    } catch (error) {
      if (!(error instanceof HubSpotApiError) || input.traceId === undefined) throw error;
      const entry = batchErrorEntry(error.category, error.message, { context: { objectWriteTraceId: [input.traceId] }, errors: error.extras.errors ?? [] });
      return { input, ok: false as const, error: entry };
    }
  });
}
