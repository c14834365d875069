import { readFileSync } from 'node:fs';
import type { CallScope } from '../../../server/src/connectors/salesforce/call-scope.js';

/** A canned error answer: HTTP status and body (Salesforce's JSON, or the OAuth endpoint's). */
export interface ErrorFixture {
  status: number;
  body: unknown;
}

export const errorFixture = (name: string): ErrorFixture => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as ErrorFixture;
export const htmlFixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}.html`, import.meta.url), 'utf8');

/** jsforce's HttpApiError: `name` and `errorCode` are the error code, `data` what the body said. */
class HttpApiError extends Error {
  readonly errorCode: string;
  constructor(
    message: string,
    errorCode: string,
    readonly data: unknown,
  ) {
    super(message);
    this.name = errorCode;
    this.errorCode = errorCode;
  }
}

/**
 * The error jsforce 3 throws for an error response, built the way its `HttpApi.getError` builds it
 * (lib/http-api.js): a one-element array body becomes the error; several elements become
 * MULTIPLE_API_ERRORS with the array as data; a body without a message becomes
 * `ERROR_HTTP_<status>` with the raw text; an HTML page keeps the code and the text as data. The
 * integration tier checks the same fixtures through the real library.
 */
export function jsforceError(status: number, body: unknown, contentType = 'application/json'): Error {
  const errors = Array.isArray(body) && body.length === 1 ? body[0] : body;
  if (Array.isArray(errors)) return new HttpApiError('Multiple errors returned.\n  Check `error.data` for the error details', 'MULTIPLE_API_ERRORS', errors);
  const parsed =
    typeof errors === 'object' && errors !== null && 'message' in errors && typeof errors.message === 'string'
      ? (errors as { message: string; errorCode: string })
      : { errorCode: `ERROR_HTTP_${status}`, message: typeof body === 'string' ? body : JSON.stringify(body) };
  if (contentType === 'text/html') return new HttpApiError('HTTP response contains html content.', parsed.errorCode, parsed.message);
  return new HttpApiError(parsed.message, parsed.errorCode, parsed);
}

/** The scope of a call that received `status` (with `headers`). */
export const scopeWith = (status: number, headers: Record<string, string> = {}): CallScope => ({ exchanges: [{ status, headers }], refreshes: 0 });
