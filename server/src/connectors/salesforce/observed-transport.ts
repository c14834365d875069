import type { Connection, HttpRequestOptions } from 'jsforce';
import { callScope, type ObservedExchange } from './call-scope.js';

/**
 * Hooks the connection's transport, the one object every jsforce REST request goes through
 * (`HttpApi` sends with `conn._transport.httpRequest`), so that:
 * - each exchange's status and headers reach the running call's scope (jsforce's errors carry the
 *   error body only) and `onExchange` (the daily-usage header, request counts);
 * - jsforce's own fetch-level retries are off (they retry GETs on 429/5xx five times with their own
 *   backoff, invisible to the tenant's budget): `SalesforceApi.call` retries instead;
 * - every request has a timeout that really aborts it.
 */
export function observeTransport(connection: Connection, options: { timeoutMs: number; onExchange(exchange: ObservedExchange): void }): void {
  const transport = connection._transport;
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (request, requestOptions: HttpRequestOptions = {}) => {
    const scope = callScope.getStore();
    const pending = send(request, {
      ...requestOptions,
      timeout: options.timeoutMs,
      // No method is retried by the library: a retry is a new attempt of the call, counted and budgeted.
      retry: { ...requestOptions.retry, maxRetries: 0, methods: [] },
    });
    pending.then(
      (response) => {
        const exchange: ObservedExchange = { status: response.statusCode, headers: lowerCaseKeys(response.headers ?? {}) };
        scope?.exchanges.push(exchange);
        scope?.record?.(exchange);
        options.onExchange(exchange);
      },
      () => {
        const exchange: ObservedExchange = { status: 'error', headers: {} };
        scope?.exchanges.push(exchange);
        scope?.record?.(exchange);
        options.onExchange(exchange);
      },
    );
    return pending;
  };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}
