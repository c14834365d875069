import type { Request, RequestHandler } from 'express';
import { invalidSession, sendError } from './errors.js';
import { sameSecret } from './oauth-server.js';
import type { Session, SessionRegistry } from './sessions.js';

/** The session id of the request's `Authorization: Bearer <session id>` (Salesforce also takes `OAuth <id>`). */
export function accessTokenOf(req: Request): string | undefined {
  return /^(?:Bearer|OAuth)\s+(\S+)$/i.exec((req.get('authorization') ?? '').trim())?.[1];
}

/** The live session of the request's `Authorization` header. */
export function sessionOf(req: Request, sessions: SessionRegistry): Session | undefined {
  const token = accessTokenOf(req);
  return token ? sessions.check(token) : undefined;
}

/** /services/data/vXX.X: a live session or 401 INVALID_SESSION_ID "Session expired or invalid". */
export function requireSession(sessions: SessionRegistry): RequestHandler {
  return (req, res, next) => {
    const session = sessionOf(req, sessions);
    if (!session) {
      sendError(res, invalidSession());
      return;
    }
    res.locals.session = session;
    next();
  };
}

/**
 * The sandbox's own `__` routes: a live session, or the connected app's consumer secret as the bearer
 * token (so a test can still read stats after every session was expired).
 */
export function requireAdmin(sessions: SessionRegistry, consumerSecret: string): RequestHandler {
  return (req, res, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec((req.get('authorization') ?? '').trim())?.[1] ?? '';
    if (sessionOf(req, sessions) || sameSecret(bearer, consumerSecret)) {
      next();
      return;
    }
    sendError(res, invalidSession());
  };
}
