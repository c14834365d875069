import type { RequestHandler } from 'express';
import { sendError, serverError, validationError } from './errors.js';
import type { StatsRecorder } from './stats.js';

/** Answer the next `count` requests whose path contains `route` (all when absent) with `status`. */
export interface FaultPlan {
  status: 429 | 500 | 502 | 503 | 504;
  count: number;
  route?: string;
}

const FAULT_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Reads a fault plan from untrusted input (the HTTP route); 400 when malformed. */
export function parseFaultPlan(raw: unknown): FaultPlan {
  const plan = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const status = Number(plan.status);
  const count = Number(plan.count);
  if (!FAULT_STATUSES.has(status) || !Number.isInteger(count) || count < 0 || (plan.route !== undefined && typeof plan.route !== 'string')) {
    throw validationError('A fault plan needs status (429, 500, 502, 503 or 504), count (integer >= 0) and optionally route (string).');
  }
  return { status: status as FaultPlan['status'], count, ...(typeof plan.route === 'string' ? { route: plan.route } : {}) };
}

/** Queued fault plans, consumed in order by matching requests. */
export class FaultInjector {
  private plans: Array<FaultPlan & { remaining: number }> = [];

  add(plan: FaultPlan): void {
    if (plan.count > 0) this.plans.push({ ...plan, remaining: plan.count });
  }

  clear(): void {
    this.plans = [];
  }

  /** The status to fail this request with, if a plan matches (and uses up one of its count). */
  take(path: string): FaultPlan['status'] | undefined {
    const plan = this.plans.find((p) => p.remaining > 0 && (p.route === undefined || path.includes(p.route)));
    if (!plan) return undefined;
    plan.remaining--;
    this.plans = this.plans.filter((p) => p.remaining > 0);
    return plan.status;
  }

  middleware(stats: StatsRecorder, rateLimitBody: () => object): RequestHandler {
    return (req, res, next) => {
      const status = this.take(req.path);
      if (status === undefined) {
        next();
        return;
      }
      stats.fault();
      if (status === 429) res.status(429).json(rateLimitBody());
      else sendError(res, serverError(status));
    };
  }
}
