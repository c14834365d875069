import type { Connection } from 'jsforce';
import type { Logger } from '../../logging/logger.js';
import { crmCalls } from '../../observability/metrics.js';
import { RequestTimeoutError } from '../hubspot/classify-error.js';
import { CrmErrorKind } from '../crm-error.js';
import { retryDelayMs, type RetryPolicy } from '../retry-policy.js';
import { sleep, throwIfAborted } from '../sleep.js';
import { callScope, newCallScope, type ObservedExchange } from './call-scope.js';
import { classifySalesforceError } from './classify-error.js';
import type { DailyApiBudget } from './daily-api-budget.js';
import type { SalesforceSession } from './session.js';

/** The per-tenant request budget shared by every process (the Redis limiter). */
export interface RequestLimiter {
  acquire(tenantId: string, kind: 'search' | 'other', signal?: AbortSignal): Promise<void>;
  pause(tenantId: string, ms: number): Promise<void>;
}

/** One HTTP request as the wrapper saw it (every attempt, the session's token requests included). */
export interface RequestRecord {
  endpoint: string;
  status: number | 'error';
  attempt: number;
}

export interface SalesforceCallContext {
  tenantId: string;
  orgId: string;
  connection: Connection;
  session: SalesforceSession;
  limiter: RequestLimiter;
  budget: DailyApiBudget;
  retry: RetryPolicy;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  onRequest?: ((request: RequestRecord) => void) | undefined;
}

/**
 * A failure that asks for a longer wait than this is not retried inside the call (the org's daily
 * allocation is spent): it is thrown, and the job that ran the call is rescheduled.
 */
export const LONGEST_WAIT_IN_CALL_MS = 5 * 60_000;

/**
 * Every Salesforce call goes through here: it refuses to start once the org's daily API usage has
 * reached Telltale's share, obtains a session when there is none yet, waits for the tenant's shared
 * rate budget, runs the call with a timeout, counts every HTTP attempt in `crmCalls`, classifies a
 * failure at this boundary and retries TEMPORARY failures with exponential backoff and full jitter
 * (never sooner than Retry-After). The call is repeated, never skipped.
 */
export async function callSalesforce<T>(context: SalesforceCallContext, endpoint: string, fn: (connection: Connection) => Promise<T>): Promise<T> {
  const { connection, session, retry } = context;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(context.signal);
    context.budget.check(endpoint, context.orgId);
    const scope = newCallScope();
    scope.record = (exchange: ObservedExchange, other?: string) => record(context, other ?? endpoint, exchange.status, attempt);
    try {
      return await callScope.run(scope, async () => {
        if (!connection.accessToken && session.canRefresh) connection.accessToken = await session.refresh();
        await context.limiter.acquire(context.tenantId, 'other', context.signal);
        return await withTimeout(fn(connection), retry.timeoutMs + TIMEOUT_MARGIN_MS);
      });
    } catch (caught) {
      const error = classifySalesforceError(caught, { endpoint, scope });
      const waitAsked = error.retryAfterMs ?? 0;
      if (error.kind !== CrmErrorKind.Temporary || attempt >= retry.maxAttempts || waitAsked > LONGEST_WAIT_IN_CALL_MS) throw error;
      const delay = retryDelayMs(error, attempt, retry);
      if (error.status === 429 && waitAsked > 0) await context.limiter.pause(context.tenantId, waitAsked);
      context.logger?.warn({ endpoint, status: error.status, category: error.category, attempt, delayMs: delay }, 'Salesforce call failed; retrying');
      await sleep(delay, context.signal);
    }
  }
}

/** The transport aborts each request at the policy's timeout; this bounds the whole call (body included). */
const TIMEOUT_MARGIN_MS = 5_000;

function record(context: Pick<SalesforceCallContext, 'onRequest'>, endpoint: string, status: number | 'error', attempt: number): void {
  crmCalls.inc({ crm: 'salesforce', endpoint, status: String(status) });
  context.onRequest?.({ endpoint, status, attempt });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(`no response within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
