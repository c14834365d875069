/**
 * Why a call to Telltale's card API failed, in the terms the cards explain to the user:
 * - `not_configured`: the build has no usable BACKEND_URL profile variable;
 * - `unauthorised`: 401, the request signature or the portal's installation was refused;
 * - `not_found`: 404, Telltale does not know the record;
 * - `conflict`: 409, the record's state no longer allows the request (someone else acted first);
 * - `rejected`: any other 4xx, the request was refused as it stands;
 * - `server`: 5xx, Telltale failed while answering;
 * - `unreachable`: no answer at all (network failure or timeout).
 */
export type BackendErrorKind = 'not_configured' | 'unauthorised' | 'not_found' | 'conflict' | 'rejected' | 'server' | 'unreachable';

export class BackendError extends Error {
  override readonly name = 'BackendError';

  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    /** The HTTP status of the answer; null when there was none. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The error kind an HTTP status stands for. */
export function kindOfStatus(status: number): BackendErrorKind {
  if (status === 401 || status === 403) return 'unauthorised';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'server';
  return 'rejected';
}

/** Any thrown value as a BackendError; a non-BackendError means the call never got an answer. */
export function asBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new BackendError('unreachable', `Telltale could not be reached: ${detail}`);
}
