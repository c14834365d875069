/** Why a usage request was refused; each code has one HTTP status. */
export type UsageErrorCode = 'unauthorized' | 'invalid_batch' | 'too_large';

const STATUS: Record<UsageErrorCode, number> = { unauthorized: 401, invalid_batch: 400, too_large: 413 };

/** One problem in a batch: which event (index in `batch`, absent for the body itself) and which field. */
export interface UsageIssue {
  index?: number;
  field: string;
  message: string;
}

/** A refused usage request. Nothing of the batch is stored when one is thrown. */
export class UsageRequestError extends Error {
  readonly status: number;

  constructor(
    readonly code: UsageErrorCode,
    message: string,
    readonly issues: UsageIssue[] = [],
  ) {
    super(message);
    this.name = 'UsageRequestError';
    this.status = STATUS[code];
  }

  /** The JSON error body: `{ success: false, error, message, issues }`. */
  toBody(): { success: false; error: UsageErrorCode; message: string; issues: UsageIssue[] } {
    return { success: false, error: this.code, message: this.message, issues: this.issues };
  }
}

/** "batch[3].properties.feature" — the path a message names. */
export function fieldPath(index: number | undefined, path: ReadonlyArray<PropertyKey>): string {
  const tail = path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return index === undefined ? tail.replace(/^\./, '') || 'body' : `batch[${index}]${tail}`;
}
