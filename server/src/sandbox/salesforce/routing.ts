import type { Request, Response, Router } from 'express';
import type { Clock } from '../../clock/clock.js';
import { SalesforceApiError } from './errors.js';
import type { FaultInjector } from './faults.js';
import type { OrgStore } from './org-store.js';
import type { QueryCursors } from './query-cursors.js';
import type { StatsRecorder } from './stats.js';

/** What every /services/data route module needs. */
export interface RouteContext {
  store: OrgStore;
  stats: StatsRecorder;
  clock: Clock;
  cursors: QueryCursors;
  faults: FaultInjector;
}

export type RouteHandler = (req: Request, res: Response) => void;
type Method = 'get' | 'post' | 'patch' | 'delete';

/** The API version of the request (validated by the version middleware before any route runs). */
export function apiVersion(res: Response): string {
  return String(res.locals.apiVersion ?? '62.0');
}

/**
 * Registers endpoints under /services/data/vXX.X and counts each request they serve in the stats as
 * "METHOD /services/data/vXX.X/<path with {params}>"; other methods on the same path answer 405
 * METHOD_NOT_ALLOWED as Salesforce does.
 */
export function addRoutes(router: Router, ctx: RouteContext, path: string, handlers: Partial<Record<Method, RouteHandler>>): void {
  const template = path.replace(/:(\w+)/g, '{$1}');
  for (const [method, handler] of Object.entries(handlers) as Array<[Method, RouteHandler]>) {
    const key = `${method.toUpperCase()} /services/data/vXX.X${template}`;
    router[method](path, (req: Request, res: Response) => {
      ctx.stats.served(key);
      handler(req, res);
    });
  }
  const allowed = Object.keys(handlers).map((m) => m.toUpperCase());
  if (allowed.includes('GET')) allowed.push('HEAD');
  router.all(path, (req) => {
    throw new SalesforceApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are ${allowed.join(',')}`);
  });
}
