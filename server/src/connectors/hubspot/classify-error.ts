import { z } from 'zod';
import { CrmError, CrmErrorKind } from '../crm-error.js';

/** Status and headers of the response a failed call received, as the request observer saw them. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string>;
}

/** The shape of @hubspot/api-client's ApiException (code, parsed body, response headers). */
const apiExceptionSchema = z.object({
  code: z.number().int(),
  body: z.unknown(),
  headers: z.record(z.string(), z.string()).optional(),
});

/** HubSpot's error body: `{status, message, correlationId, category, subCategory?, policyName?}`. */
const hubspotErrorBodySchema = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.string().optional(),
  policyName: z.string().optional(),
});

/** Node and node-fetch network failures carry a system error code. */
const systemErrorSchema = z.object({ code: z.string().optional(), type: z.string().optional(), message: z.string() });

const TEMPORARY_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);

/** Raised by the request wrapper when a call outlives its timeout. */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
  readonly code = 'ETIMEDOUT';
}

/**
 * Turns whatever a @hubspot/api-client call threw into a CrmError. `observed` is the response the
 * call received (when one did), which still tells the status when the library failed to parse the
 * body (an HTML 502 from a proxy, an empty 503).
 */
export function classifyHubSpotError(error: unknown, context: { endpoint: string; observed?: ObservedResponse | undefined }): CrmError {
  if (error instanceof CrmError) return error;
  const endpoint = context.endpoint;
  const api = apiExceptionSchema.safeParse(error);
  const status = api.success ? api.data.code : context.observed?.status;
  const headers = lowerCaseKeys({ ...(context.observed?.headers ?? {}), ...(api.success ? (api.data.headers ?? {}) : {}) });

  if (status !== undefined && status > 0) {
    const body = api.success ? parseBody(api.data.body) : {};
    return fromStatus(status, body, headers, endpoint, error);
  }

  const system = systemErrorSchema.safeParse(error);
  const code = system.success ? system.data.code : undefined;
  if (error instanceof RequestTimeoutError || (code !== undefined && TEMPORARY_NETWORK_CODES.has(code)) || isSocketHangUp(error)) {
    return new CrmError(`HubSpot ${endpoint}: network failure (${code ?? 'socket hang up'})`, {
      kind: CrmErrorKind.Temporary,
      crm: 'hubspot',
      endpoint,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CrmError(`HubSpot ${endpoint}: ${message}`, { kind: CrmErrorKind.Unknown, crm: 'hubspot', endpoint, cause: error });
}

function fromStatus(
  status: number,
  body: z.infer<typeof hubspotErrorBodySchema>,
  headers: Record<string, string>,
  endpoint: string,
  cause: unknown,
): CrmError {
  const details = {
    crm: 'hubspot' as const,
    endpoint,
    status,
    category: body.category,
    correlationId: body.correlationId,
    cause,
  };
  const said = body.message ? `: ${body.message}` : '';
  const ref = body.correlationId ? ` (correlationId ${body.correlationId})` : '';
  if (status === 429 || status === 423 || status === 408 || status >= 500) {
    return new CrmError(`HubSpot ${endpoint} answered ${status}${said}${ref}`, {
      ...details,
      kind: CrmErrorKind.Temporary,
      retryAfterMs: retryAfterMs(status, headers),
    });
  }
  if (status === 401 || status === 403) {
    const what =
      status === 403
        ? 'the access token lacks a scope this sync needs'
        : body.category === 'EXPIRED_AUTHENTICATION'
          ? 'the access token has expired'
          : 'the access token was rejected (revoked, wrong or expired)';
    return new CrmError(
      `HubSpot ${endpoint} answered ${status}${said}${ref}: ${what}. Reconnect HubSpot: reinstall the Telltale app in the portal ` +
        '(OAuth) or set HUBSPOT_ACCESS_TOKEN to a valid private-app token with the CRM read scopes, then run the sync again.',
      { ...details, kind: CrmErrorKind.Auth },
    );
  }
  if (status === 404) {
    return new CrmError(`HubSpot ${endpoint} answered 404${said}${ref}`, { ...details, kind: CrmErrorKind.NotFound });
  }
  if (status === 400 || status === 409 || status === 422 || status === 414) {
    return new CrmError(`HubSpot ${endpoint} rejected the request (${status})${said}${ref}`, { ...details, kind: CrmErrorKind.Invalid });
  }
  return new CrmError(`HubSpot ${endpoint} answered ${status}${said}${ref}`, { ...details, kind: CrmErrorKind.Unknown });
}

function parseBody(body: unknown): z.infer<typeof hubspotErrorBodySchema> {
  const parsed = hubspotErrorBodySchema.safeParse(typeof body === 'string' ? safeJson(body) : body);
  return parsed.success ? parsed.data : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/**
 * The wait a 429/503 asks for: `Retry-After` (seconds or an HTTP date) when present; otherwise, for a
 * 429 whose rolling window is spent (`X-HubSpot-RateLimit-Remaining: 0`), one window interval.
 */
export function retryAfterMs(status: number, headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  if (status !== 429) return undefined;
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
  const remaining = Number(headers['x-hubspot-ratelimit-remaining']);
  if (Number.isFinite(interval) && interval > 0 && remaining === 0) return interval;
  return undefined;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

function isSocketHangUp(error: unknown): boolean {
  return error instanceof Error && /socket hang up|other side closed|fetch failed/i.test(error.message);
}
