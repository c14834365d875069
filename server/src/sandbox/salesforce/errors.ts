/**
 * Salesforce REST API error answers: an HTTP status with a JSON array of
 * `{ message, errorCode, fields? }`, as every /services/data resource sends them.
 */
import { randomInt } from 'node:crypto';
import type { ErrorRequestHandler, Response } from 'express';

/** One entry of an error body. */
export interface SalesforceErrorBody {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** An error a route throws to answer with Salesforce's error body and HTTP status. */
export class SalesforceApiError extends Error {
  override readonly name = 'SalesforceApiError';
  constructor(
    readonly httpStatus: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  toBody(): SalesforceErrorBody[] {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}

export function sendError(res: Response, error: SalesforceApiError): void {
  res.status(error.httpStatus).json(error.toBody());
}

export const notFound = (): SalesforceApiError => new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
export const invalidSession = (): SalesforceApiError => new SalesforceApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
export const requestLimitExceeded = (): SalesforceApiError => new SalesforceApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
export const badRequest = (errorCode: string, message: string): SalesforceApiError => new SalesforceApiError(400, errorCode, message);

/** Salesforce's answer for an internal failure (500 UNKNOWN_EXCEPTION with an ErrorId) or an unavailable server (503). */
export function serverError(status: 500 | 503): SalesforceApiError {
  if (status === 503) return new SalesforceApiError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable.');
  const errorId = `${randomInt(100_000_000, 2_000_000_000)}-${randomInt(10_000, 99_999)} (${-randomInt(100_000_000, 2_000_000_000)})`;
  return new SalesforceApiError(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`);
}

/** A 502 as the load balancer in front of an instance sends it: an HTML page, not a JSON body. */
export function sendBadGateway(res: Response): void {
  res.status(502).type('text/html').send('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
}

function isBodyParserError(error: unknown): error is { type: string; status: number; message: string } {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error && typeof error.type === 'string';
}

/** Last middleware of the sandbox router: every failure leaves as a Salesforce error body. */
export const salesforceErrorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (error instanceof SalesforceApiError) {
    sendError(res, error);
    return;
  }
  if (isBodyParserError(error)) {
    sendError(res, badRequest('JSON_PARSER_ERROR', `Unexpected character in the request body: ${error.message}`));
    return;
  }
  console.error('salesforce sandbox: unexpected error', error);
  sendError(res, serverError(500));
};
