/**
 * The one place the cards talk HTTP: `hubspot.fetch` (HubSpot signs the request and adds the portal)
 * with a timeout, JSON in and out, and every failure turned into a BackendError that carries the
 * message of the backend's ApiError answer.
 */
import { hubspot } from '@hubspot/ui-extensions';
import type { ApiError } from '../insights-contract';
import { BackendError, asBackendError, kindOfStatus } from './backend-error';

export interface JsonRequest {
  method: 'GET' | 'POST';
  /** Sent as JSON; hubspot.fetch serialises it. */
  body?: Record<string, unknown>;
  /** How long to wait for the answer before giving up. */
  timeoutMs: number;
}

export async function requestJson<T>(url: string, request: JsonRequest): Promise<T> {
  const response = await fetchWithTimeout(url, request);
  if (!response.ok) throw await errorFromAnswer(response);
  try {
    return (await response.json()) as T;
  } catch {
    throw new BackendError('server', `Telltale answered ${request.method} ${pathOf(url)} with something that is not JSON.`, response.status);
  }
}

async function fetchWithTimeout(url: string, request: JsonRequest): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // hubspot.fetch has its own timeout option; the race makes sure the card stops waiting even if
  // the host never settles the promise.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BackendError('unreachable', `Telltale did not answer within ${Math.round(request.timeoutMs / 1000)} seconds.`)),
      request.timeoutMs,
    );
  });
  const options = { method: request.method, timeout: request.timeoutMs, ...(request.body ? { body: request.body } : {}) };
  try {
    return await Promise.race([hubspot.fetch(url, options), timeout]);
  } catch (error) {
    throw asBackendError(error);
  } finally {
    clearTimeout(timer);
  }
}

async function errorFromAnswer(response: Response): Promise<BackendError> {
  const kind = kindOfStatus(response.status);
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // An error page or an empty body: the status alone has to explain it.
  }
  const message = isApiError(body) ? body.message : `Telltale answered with HTTP ${response.status}.`;
  return new BackendError(kind, message, response.status);
}

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.error === 'string' && typeof candidate.message === 'string' && candidate.message.length > 0;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
