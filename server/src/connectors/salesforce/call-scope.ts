import { AsyncLocalStorage } from 'node:async_hooks';

/** One HTTP exchange of a call, as the transport saw it. */
export interface ObservedExchange {
  /** HTTP status, or 'error' when no response arrived (network failure, timeout). */
  status: number | 'error';
  /** Response headers, lower-cased names (empty without a response). */
  headers: Record<string, string>;
}

/**
 * What happened on the wire during one `SalesforceApi.call`: jsforce's errors carry the error body
 * but not the HTTP status or headers, and one call may send several requests (a 401, the session
 * refresh, the replay), so the transport records each exchange here.
 */
export interface CallScope {
  exchanges: ObservedExchange[];
  /** Session refreshes this call triggered (a second one means the new session was rejected too). */
  refreshes: number;
  /** Why the last refresh failed, before jsforce rewrapped it as a plain Error. */
  refreshError?: unknown;
  /** Counts each exchange as it happens (metrics, per-stream request counts); `endpoint` when not the call's own (a token request). */
  record?: (exchange: ObservedExchange, endpoint?: string) => void;
}

/** The scope of the call running in the current async context (jsforce runs inside it). */
export const callScope = new AsyncLocalStorage<CallScope>();

export const newCallScope = (): CallScope => ({ exchanges: [], refreshes: 0 });

/** The last exchange that received a response, if any. */
export function lastResponse(scope: CallScope | undefined): { status: number; headers: Record<string, string> } | undefined {
  for (let i = (scope?.exchanges.length ?? 0) - 1; i >= 0; i--) {
    const exchange = scope?.exchanges[i];
    if (exchange && exchange.status !== 'error') return { status: exchange.status, headers: exchange.headers };
  }
  return undefined;
}
