/**
 * A stand-in for HubSpot's `hubspot.fetch` in the card tests: answers by "METHOD /path" below
 * /api/v1/hubspot, records every request, and fails loudly on a request no test expected.
 */
export const BACKEND_URL = 'https://telltale.test';

export type RouteAnswer = Response | Error | Promise<Response>;

export interface RecordedRequest {
  route: string;
  url: string;
  options: { method?: string; body?: Record<string, unknown>; timeout?: number } | undefined;
}

/** A JSON answer as the backend sends it. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** The backend's ApiError answer. */
export function apiError(status: number, error: string, message: string): Response {
  return json({ error, message }, status);
}

/** A promise the test settles when it wants to. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * The fetch implementation for `vi.mocked(hubspot.fetch).mockImplementation(...)`. A route's answer
 * may be a list: each request takes the next one and the last one repeats.
 */
export function serveRoutes(routes: Record<string, RouteAnswer | RouteAnswer[]>, requests: RecordedRequest[] = []) {
  const served = new Map<string, number>();
  return async (url: string | URL, options?: RecordedRequest['options']): Promise<Response> => {
    const href = String(url);
    const path = href.startsWith(`${BACKEND_URL}/api/v1/hubspot`) ? href.slice(`${BACKEND_URL}/api/v1/hubspot`.length) : href;
    const route = `${options?.method ?? 'GET'} ${path}`;
    requests.push({ route, url: href, options });
    const configured = routes[route];
    if (configured === undefined) throw new Error(`unexpected request ${route}`);
    const answers = Array.isArray(configured) ? configured : [configured];
    const index = Math.min(served.get(route) ?? 0, answers.length - 1);
    served.set(route, index + 1);
    const answer = answers[index] as RouteAnswer;
    if (answer instanceof Error) throw answer;
    // A Response body can be read once; hand out a copy so a repeated answer still works.
    return answer instanceof Response ? answer.clone() : answer;
  };
}
