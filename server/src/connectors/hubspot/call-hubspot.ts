import type { Logger } from '../../logging/logger.js';
import { crmCalls } from '../../observability/metrics.js';
import { classifyHubSpotError, RequestTimeoutError, type ObservedResponse } from './classify-error.js';
import { CrmErrorKind } from '../crm-error.js';
import type { HubSpotRateLimiter } from '../rate-limiter.js';
import { retryDelayMs, type RetryPolicy } from '../retry-policy.js';
import { sleep, throwIfAborted } from '../sleep.js';

/**
 * A per-call @hubspot/api-client middleware that records the response status and headers. Its
 * methods are generic so one object fits every generated API module's own context classes.
 */
export interface ResponseObserver {
  pre<C>(context: C): Promise<C>;
  post<C extends { httpStatusCode: number; headers: { [key: string]: string } }>(context: C): Promise<C>;
}

/** The per-call options handed to a generated API method: our observer appended to its middleware. */
export interface ObservedCallOptions {
  middleware: ResponseObserver[];
  middlewareMergeStrategy: 'append';
}

/** One HTTP request as the wrapper saw it (every attempt, including retried ones). */
export interface RequestRecord {
  endpoint: string;
  status: number | 'error';
  attempt: number;
}

export interface CallContext {
  tenantId: string;
  limiter: HubSpotRateLimiter;
  retry: RetryPolicy;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  onRequest?: ((request: RequestRecord) => void) | undefined;
}

/**
 * Every HubSpot call goes through here: it waits for the tenant's shared rate budget, runs the call
 * with a timeout, counts it in `crmCalls`, classifies a failure at this boundary, and retries
 * TEMPORARY failures with exponential backoff and full jitter (honouring Retry-After). The call is
 * repeated, never skipped, so a page is either read or the sync fails.
 */
export async function callHubSpot<T>(
  context: CallContext,
  endpoint: string,
  kind: 'search' | 'other',
  run: (options: ObservedCallOptions) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(context.signal);
    await context.limiter.acquire(context.tenantId, kind, context.signal);
    let observed: ObservedResponse | undefined;
    const observer: ResponseObserver = {
      pre: (request) => Promise.resolve(request),
      post: (response) => {
        observed = { status: response.httpStatusCode, headers: response.headers };
        return Promise.resolve(response);
      },
    };
    try {
      const result = await withTimeout(run({ middleware: [observer], middlewareMergeStrategy: 'append' }), context.retry.timeoutMs);
      record(context, endpoint, observed?.status ?? 200, attempt);
      return result;
    } catch (caught) {
      const error = classifyHubSpotError(caught, { endpoint, observed });
      record(context, endpoint, error.status ?? 'error', attempt);
      if (error.kind !== CrmErrorKind.Temporary || attempt >= context.retry.maxAttempts) throw error;
      const delay = retryDelayMs(error, attempt, context.retry);
      if (error.status === 429 && error.retryAfterMs) await context.limiter.pause(context.tenantId, error.retryAfterMs);
      context.logger?.warn({ endpoint, status: error.status, attempt, delayMs: delay, correlationId: error.correlationId }, 'HubSpot call failed; retrying');
      await sleep(delay, context.signal);
    }
  }
}

function record(context: CallContext, endpoint: string, status: number | 'error', attempt: number): void {
  crmCalls.inc({ crm: 'hubspot', endpoint, status: String(status) });
  context.onRequest?.({ endpoint, status, attempt });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(`no response within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
