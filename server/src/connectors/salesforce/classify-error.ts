import { z } from 'zod';
import { RequestTimeoutError, retryAfterMs } from '../hubspot/classify-error.js';
import { CrmError, CrmErrorKind } from '../crm-error.js';
import { lastResponse, type CallScope } from './call-scope.js';

/** Salesforce asks nothing shorter when the org's daily allocation is spent: the job reschedules. */
export const REQUEST_LIMIT_RETRY_MS = 60 * 60_000;

/** How jsforce reports an error response (`HttpApiError`: name and errorCode from the body, the body's error in `data`). */
const jsforceErrorSchema = z.object({ errorCode: z.string(), message: z.string(), data: z.unknown().optional() });

/** One entry of Salesforce's REST error body `[{ "message", "errorCode", "fields"? }]`. */
const restErrorSchema = z.object({ errorCode: z.string(), message: z.string() });

/** Node fetch (undici: TypeError "fetch failed" with a coded cause) and node-fetch (FetchError with a code). */
const codedSchema = z.object({ code: z.string() });

const TEMPORARY_CODES = new Set(['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'QUERY_TIMEOUT', 'REQUEST_RUNNING_TOO_LONG']);
const AUTH_CODES = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'API_DISABLED_FOR_ORG',
  'API_CURRENTLY_DISABLED',
  'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
]);
const NOT_FOUND_CODES = new Set(['NOT_FOUND', 'ENTITY_IS_DELETED']);
const INVALID_CODES = new Set([
  'MALFORMED_QUERY',
  'INVALID_FIELD',
  'INVALID_TYPE',
  'INVALID_QUERY_FILTER_OPERATOR',
  'INVALID_QUERY_LOCATOR',
  'MALFORMED_ID',
  'JSON_PARSER_ERROR',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'REQUIRED_FIELD_MISSING',
  'STRING_TOO_LONG',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'EXCEEDED_ID_LIMIT',
  'METHOD_NOT_ALLOWED',
  'MULTIPLE_CHOICES',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** What to tell an operator whose org refused Telltale's session. */
export const RECONNECT_SALESFORCE =
  'Reconnect Salesforce: check that the connected app consumer key, the integration user and its certificate ' +
  '(SALESFORCE_CONSUMER_KEY, SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY_FILE) match the org, that the user is pre-authorised ' +
  'for the app and has API access to the synced objects, then restart Telltale (a login that works at start reconnects the org).';

/**
 * Turns whatever a jsforce call threw into a CrmError. `scope` holds the call's HTTP exchanges (the
 * status and headers jsforce's error lacks) and the original error of a failed session refresh.
 */
export function classifySalesforceError(error: unknown, context: { endpoint: string; scope?: CallScope | undefined }): CrmError {
  if (error instanceof CrmError) return error;
  const { endpoint, scope } = context;

  if (error instanceof Error && error.message.startsWith('Unable to refresh session')) {
    if (scope?.refreshError instanceof CrmError) return scope.refreshError;
    return new CrmError(`Salesforce ${endpoint}: the session expired and could not be refreshed (${error.message}). ${RECONNECT_SALESFORCE}`, {
      kind: CrmErrorKind.Auth,
      crm: 'salesforce',
      endpoint,
      cause: error,
    });
  }

  const api = jsforceErrorSchema.safeParse(error);
  if (api.success) {
    const body = firstRestError(api.data.data) ?? { errorCode: api.data.errorCode, message: api.data.message };
    const response = lastResponse(scope);
    const status = response?.status ?? statusFromCode(api.data.errorCode);
    return fromResponse({ endpoint, status, headers: response?.headers ?? {}, errorCode: body.errorCode, message: body.message, cause: error });
  }

  if (isTimeout(error) || isNetworkFailure(error)) {
    const what = isTimeout(error) ? 'no response in time' : `network failure (${networkCode(error) ?? 'connection closed'})`;
    return new CrmError(`Salesforce ${endpoint}: ${what}`, { kind: CrmErrorKind.Temporary, crm: 'salesforce', endpoint, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CrmError(`Salesforce ${endpoint}: ${message}`, { kind: CrmErrorKind.Unknown, crm: 'salesforce', endpoint, cause: error });
}

interface ResponseFacts {
  endpoint: string;
  status: number | undefined;
  headers: Record<string, string>;
  errorCode: string;
  message: string;
  cause: unknown;
}

function fromResponse(facts: ResponseFacts): CrmError {
  const { endpoint, status, headers, errorCode, message } = facts;
  const details = { crm: 'salesforce' as const, endpoint, status, category: errorCode, cause: facts.cause };
  const said = `Salesforce ${endpoint} answered ${status ?? 'an error'} ${errorCode}: ${message}`;
  const kind = kindOf(errorCode, status);

  if (errorCode === 'REQUEST_LIMIT_EXCEEDED' && !/concurrent/i.test(message)) {
    // The org's rolling 24-hour allocation is spent: waiting inside this call cannot help.
    const wait = Math.max(REQUEST_LIMIT_RETRY_MS, retryAfterMs(status ?? 403, headers) ?? 0);
    return new CrmError(`${said}. The org's daily API allocation is spent; retry after ${new Date(Date.now() + wait).toISOString()}.`, {
      ...details,
      kind: CrmErrorKind.Temporary,
      retryAfterMs: wait,
    });
  }
  if (kind === CrmErrorKind.Temporary) return new CrmError(said, { ...details, kind, retryAfterMs: retryAfterMs(status ?? 503, headers) });
  if (kind === CrmErrorKind.Auth) return new CrmError(`${said}. ${RECONNECT_SALESFORCE}`, { ...details, kind });
  return new CrmError(said, { ...details, kind });
}

/** The error code decides when Salesforce names one Telltale knows; otherwise the HTTP status. */
function kindOf(errorCode: string, status: number | undefined): CrmErrorKind {
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED' || TEMPORARY_CODES.has(errorCode)) return CrmErrorKind.Temporary;
  if (AUTH_CODES.has(errorCode)) return CrmErrorKind.Auth;
  if (NOT_FOUND_CODES.has(errorCode)) return CrmErrorKind.NotFound;
  if (INVALID_CODES.has(errorCode)) return CrmErrorKind.Invalid;
  if (status === undefined) return CrmErrorKind.Unknown;
  if (status === 429 || status === 408 || status >= 500) return CrmErrorKind.Temporary;
  if (status === 401 || status === 403) return CrmErrorKind.Auth;
  if (status === 404) return CrmErrorKind.NotFound;
  if (status === 300 || status === 400 || status === 405 || status === 409 || status === 414 || status === 415 || status === 422) return CrmErrorKind.Invalid;
  return CrmErrorKind.Unknown;
}

/** jsforce names a body-less error response `ERROR_HTTP_<status>`. */
function statusFromCode(errorCode: string): number | undefined {
  const match = /^ERROR_HTTP_(\d{3})$/.exec(errorCode);
  return match ? Number(match[1]) : undefined;
}

/** The first error of a body jsforce could not reduce to one (MULTIPLE_API_ERRORS) or the one it kept. */
function firstRestError(data: unknown): z.infer<typeof restErrorSchema> | undefined {
  const candidate = Array.isArray(data) ? data[0] : data;
  const parsed = restErrorSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

function isTimeout(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function isNetworkFailure(error: unknown): boolean {
  const code = networkCode(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  return error instanceof Error && /fetch failed|socket hang up|other side closed/i.test(error.message);
}

/** The system error code of a network failure, from the error or its cause (undici nests it twice). */
function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const coded = codedSchema.safeParse(current);
    if (coded.success && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(coded.data.code)) return coded.data.code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}
