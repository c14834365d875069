/** How a failed CRM call is handled; every error from a CRM API is classified into one of these. */
export const CrmErrorKind = {
  /** 429, 5xx, timeouts, dropped connections: retried with backoff. */
  Temporary: 'TEMPORARY',
  /** 401/403, revoked or expired token, missing scopes: the tenant's sync stops until it reconnects. */
  Auth: 'AUTH',
  /** 404: the object or endpoint does not exist. */
  NotFound: 'NOT_FOUND',
  /** 400/409/422: the request is wrong, which is a bug in the connector or its mapping. */
  Invalid: 'INVALID',
  /** Anything else; rethrown as is. */
  Unknown: 'UNKNOWN',
} as const;

export type CrmErrorKind = (typeof CrmErrorKind)[keyof typeof CrmErrorKind];

export interface CrmErrorDetails {
  kind: CrmErrorKind;
  crm: 'hubspot' | 'salesforce';
  /** The route template called, e.g. `POST /crm/v3/objects/{objectType}/search`. */
  endpoint: string;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** The CRM's own error category (HubSpot: `RATE_LIMITS`, `INVALID_AUTHENTICATION`...). */
  category?: string | undefined;
  /** The CRM's request id, to quote to its support. */
  correlationId?: string | undefined;
  /** How long the CRM asked us to wait before trying again. */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** A classified CRM failure. `message` is safe to log and to show: it never carries a token. */
export class CrmError extends Error {
  override name = 'CrmError';
  readonly kind: CrmErrorKind;
  readonly crm: CrmErrorDetails['crm'];
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly category: string | undefined;
  readonly correlationId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: CrmErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.crm = details.crm;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.category = details.category;
    this.correlationId = details.correlationId;
    this.retryAfterMs = details.retryAfterMs;
  }

  get isRetryable(): boolean {
    return this.kind === CrmErrorKind.Temporary;
  }
}

/** Raised when a sync is cancelled through its AbortSignal; the work committed so far stays. */
export class SyncAbortedError extends Error {
  override name = 'SyncAbortedError';
  constructor(reason?: unknown) {
    super(`sync aborted${reason instanceof Error ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : ''}`);
  }
}
