import type { Client } from '@hubspot/api-client';
import { ApiException } from '@hubspot/api-client/lib/codegen/crm/properties/apis/exception.js';
import type { z } from 'zod';

/** A request sent as JSON through the client's own `apiRequest` (its auth and base path). */
export interface JsonRequest<Schema extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path below the base URL, e.g. `/crm/v3/properties/companies`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** What a 2xx answer must look like. */
  schema: Schema;
}

/**
 * Sends a request through `client.apiRequest` and parses the 2xx answer with `schema`. A non-2xx
 * answer throws the client's ApiException (status, parsed body, headers), exactly what its generated
 * methods throw, so the one classifier handles both. Used where the generated models drop fields.
 */
export async function sendJson<Schema extends z.ZodType>(client: Client, request: JsonRequest<Schema>): Promise<{ status: number; body: z.output<Schema> }> {
  const response = await client.apiRequest({
    method: request.method,
    path: request.path,
    ...(request.query ? { qs: request.query } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const json = parseJson(text);
  if (!response.ok) throw new ApiException(response.status, `HubSpot answered ${response.status}`, json ?? text, headers);
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`HubSpot ${request.method} ${request.path} answered ${response.status} with an unexpected body: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { status: response.status, body: parsed.data };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
