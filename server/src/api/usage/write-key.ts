import type { Request } from 'express';

/**
 * The write key a request presents, the ways Segment accepts it: HTTP Basic auth with the key as
 * username and an empty password (`Authorization: Basic base64("<key>:")`; a missing colon is
 * tolerated), else a `writeKey` field in the JSON body. Undefined when neither is present.
 */
export function presentedWriteKey(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = (colon === -1 ? decoded : decoded.slice(0, colon)).trim();
    if (username !== '') return username;
  }
  const body: unknown = req.body;
  if (body && typeof body === 'object' && 'writeKey' in body && typeof body.writeKey === 'string' && body.writeKey.trim() !== '') {
    return body.writeKey.trim();
  }
  return undefined;
}

/** `Authorization` header value for a write key (what Segment's libraries send). */
export const basicAuthFor = (writeKey: string): string => `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
