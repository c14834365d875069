import type { Request, Response, Router } from 'express';
import type { Clock } from '../../clock/clock.js';
import type { PortalStore } from './portal-store.js';
import type { StatsRecorder } from './stats.js';

/** What every route module needs. */
export interface RouteContext {
  store: PortalStore;
  stats: StatsRecorder;
  clock: Clock;
}

export type RouteHandler = (req: Request, res: Response) => void;

/** "GET /crm/v3/objects/:objectType" → "GET /crm/v3/objects/{objectType}" (HubSpot's own notation). */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;
}

/** Registers an emulated HubSpot endpoint and counts each request it serves in the stats. */
export function addRoute(router: Router, ctx: RouteContext, method: 'get' | 'post' | 'patch', path: string, handler: RouteHandler): void {
  const key = routeKey(method, path);
  router[method](path, (req: Request, res: Response) => {
    ctx.stats.served(key);
    handler(req, res);
  });
}
