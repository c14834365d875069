import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Response } from 'express';

/** HubSpot's error categories that the sandbox answers with. */
export type HubSpotErrorCategory =
  | 'INVALID_AUTHENTICATION'
  | 'MISSING_SCOPES'
  | 'OBJECT_NOT_FOUND'
  | 'VALIDATION_ERROR'
  | 'OBJECT_ALREADY_EXISTS'
  | 'RATE_LIMITS'
  | 'INTERNAL_ERROR'
  | 'BAD_GATEWAY'
  | 'SERVICE_UNAVAILABLE'
  | 'GATEWAY_TIMEOUT';

/** One entry of an error body's `errors[]` (HubSpot's ErrorDetail). */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/** The JSON body HubSpot sends with every non-2xx answer, and inside batch `errors[]`. */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: HubSpotErrorCategory;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: HubSpotErrorDetail[];
  links?: Record<string, string>;
  /** Only on 429 answers. */
  errorType?: 'RATE_LIMIT';
  policyName?: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';
  requestId?: string;
}

export type HubSpotErrorExtras = Pick<HubSpotErrorBody, 'subCategory' | 'context' | 'errors' | 'links'>;

/** An error a route throws to answer with HubSpot's error body and HTTP status. */
export class HubSpotApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly category: HubSpotErrorCategory,
    message: string,
    readonly extras: HubSpotErrorExtras = {},
  ) {
    super(message);
    this.name = 'HubSpotApiError';
  }

  toBody(correlationId: string = randomUUID()): HubSpotErrorBody {
    return { status: 'error', message: this.message, correlationId, category: this.category, ...this.extras };
  }
}

export function validationError(message: string, extras: HubSpotErrorExtras = {}): HubSpotApiError {
  return new HubSpotApiError(400, 'VALIDATION_ERROR', message, extras);
}

export function notFoundError(message: string, extras: HubSpotErrorExtras = {}): HubSpotApiError {
  return new HubSpotApiError(404, 'OBJECT_NOT_FOUND', message, extras);
}

/** A batch-level error entry (HubSpot's StandardError, as found in 207 answers' `errors[]`). */
export function batchErrorEntry(
  category: HubSpotErrorCategory,
  message: string,
  extras: HubSpotErrorExtras = {},
): Omit<HubSpotErrorBody, 'correlationId'> & { context: Record<string, string[]>; errors: HubSpotErrorDetail[]; links: Record<string, string> } {
  return { status: 'error', category, message, context: {}, errors: [], links: {}, ...extras };
}

export function sendError(res: Response, error: HubSpotApiError): void {
  res.status(error.httpStatus).json(error.toBody());
}

const SERVER_ERROR_CATEGORY: Record<number, HubSpotErrorCategory> = {
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

const SERVER_ERROR_MESSAGE: Record<number, string> = {
  500: 'internal error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** HubSpot's answer for a 5xx (used by fault injection and unexpected failures). */
export function serverError(status: 500 | 502 | 503 | 504): HubSpotApiError {
  return new HubSpotApiError(status, SERVER_ERROR_CATEGORY[status] ?? 'INTERNAL_ERROR', SERVER_ERROR_MESSAGE[status] ?? 'internal error');
}

function isBodyParserError(error: unknown): error is { type: string; status: number; message: string } {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error && typeof error.type === 'string';
}

/** Last middleware of the sandbox router: every failure leaves as a HubSpot error body. */
export const hubSpotErrorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (error instanceof HubSpotApiError) {
    sendError(res, error);
    return;
  }
  if (isBodyParserError(error)) {
    sendError(res, validationError(`Invalid input JSON: ${error.message}`));
    return;
  }
  console.error('hubspot sandbox: unexpected error', error);
  sendError(res, serverError(500));
};
