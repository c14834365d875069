import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Admin endpoints take the admin token as `Authorization: Bearer <token>`, or as the password of HTTP
 * Basic auth (so the queue UI opens in a browser). Compared in constant time.
 */
export function requireAdmin(adminToken: string): RequestHandler {
  const expected = digest(adminToken);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    let presented: string | undefined;
    if (header.startsWith('Bearer ')) presented = header.slice(7).trim();
    else if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      presented = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (presented && timingSafeEqual(digest(presented), expected)) return next();
    res.set('WWW-Authenticate', 'Basic realm="telltale-admin"');
    res.status(401).json({ error: 'unauthorized', message: 'admin endpoints need the admin token (Authorization: Bearer <TELLTALE_ADMIN_TOKEN>)' });
  };
}
