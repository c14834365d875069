import type { Request } from 'express';
import { validationError } from './errors.js';

/** A list query parameter, given repeated (`?properties=a&properties=b`) or comma-separated. */
export function listParam(req: Request, name: string): string[] {
  const raw: unknown = (req.query as Record<string, unknown>)[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function stringParam(req: Request, name: string): string | undefined {
  const raw: unknown = (req.query as Record<string, unknown>)[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function booleanParam(req: Request, name: string): boolean {
  return stringParam(req, name)?.toLowerCase() === 'true';
}

/** An integer parameter, clamped to `max` as HubSpot's list endpoints do; 400 when not a number. */
export function limitParam(req: Request, defaults: { fallback: number; max: number }): number {
  const raw = stringParam(req, 'limit');
  if (raw === undefined) return defaults.fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw validationError(`Invalid value for limit: ${raw}`, { context: { limit: [raw] } });
  return Math.min(Math.max(n, 1), defaults.max);
}

/** The absolute URL of this request with `after` replaced (HubSpot's `paging.next.link`). */
export function nextLink(req: Request, after: string): string {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  url.searchParams.set('after', after);
  return url.toString();
}

/** The request body as an object, or 400 as HubSpot answers a body it cannot read. */
export function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationError('Invalid input JSON: expected an object body');
  return body as Record<string, unknown>;
}

export function stringArray(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw validationError(`Invalid input JSON: ${field} must be an array of strings`);
  return value as string[];
}

/** `inputs` of a batch body, with HubSpot's size limit. */
export function batchInputs(body: Record<string, unknown>, max: number): unknown[] {
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: inputs must be an array');
  if (inputs.length > max) {
    throw validationError(`Too many inputs: ${inputs.length} inputs were provided, the limit is ${max}.`, {
      context: { inputs: [String(inputs.length)], limit: [String(max)] },
    });
  }
  return inputs;
}
