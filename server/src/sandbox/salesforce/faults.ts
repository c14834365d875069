/**
 * Faults a test queues on the org (POST /__faults): server errors on matching requests, every session
 * expired at once, and per-record errors the next write of given records fails with.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { badRequest, sendBadGateway, sendError, serverError } from './errors.js';
import type { StatsRecorder } from './stats.js';

/** The next `count` /services/data requests whose path contains `route` (all when absent) get `status`. */
export interface ServerErrorPlan {
  status: 500 | 502 | 503;
  count: number;
  route?: string;
}

/** The next write of record `id` (composite or single-record) fails with this error instead of saving. */
export interface RecordErrorPlan {
  id: string;
  statusCode: string;
  message: string;
  fields: string[];
}

const planSchema = z.union([
  z.strictObject({ status: z.union([z.literal(500), z.literal(502), z.literal(503)]), count: z.number().int().min(0), route: z.string().optional() }),
  z.strictObject({ errorCode: z.literal('INVALID_SESSION_ID') }),
  z.strictObject({
    recordErrors: z.array(z.strictObject({
      id: z.string().min(15),
      statusCode: z.string().regex(/^[A-Z_]+$/).default('FIELD_CUSTOM_VALIDATION_EXCEPTION'),
      message: z.string().min(1).default('The record failed a validation rule.'),
      fields: z.array(z.string()).default([]),
    })).min(1),
  }),
]);

/** A fault plan as POST /__faults takes it. */
export type FaultPlan = z.input<typeof planSchema>;

/** Reads a fault plan from untrusted input; 400 when malformed. */
export function parseFaultPlan(raw: unknown): z.output<typeof planSchema> {
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    throw badRequest('INVALID_FAULT_PLAN', 'A fault plan is { status: 500|502|503, count, route? }, { errorCode: "INVALID_SESSION_ID" } or { recordErrors: [{ id, statusCode?, message?, fields? }] }.');
  }
  return parsed.data;
}

export class FaultInjector {
  private serverErrors: Array<ServerErrorPlan & { remaining: number }> = [];
  private readonly recordErrors = new Map<string, RecordErrorPlan>();

  addServerErrors(plan: ServerErrorPlan): void {
    if (plan.count > 0) this.serverErrors.push({ ...plan, remaining: plan.count });
  }

  addRecordErrors(plans: readonly RecordErrorPlan[]): void {
    for (const plan of plans) this.recordErrors.set(plan.id.slice(0, 15), plan);
  }

  /** The error the next write of `id` fails with, if one is queued (used up by this call). */
  takeRecordError(id: string): RecordErrorPlan | undefined {
    const plan = this.recordErrors.get(id.slice(0, 15));
    if (plan) this.recordErrors.delete(id.slice(0, 15));
    return plan;
  }

  clear(): void {
    this.serverErrors = [];
    this.recordErrors.clear();
  }

  private takeServerError(path: string): ServerErrorPlan['status'] | undefined {
    const plan = this.serverErrors.find((p) => p.remaining > 0 && (p.route === undefined || path.includes(p.route)));
    if (!plan) return undefined;
    plan.remaining--;
    this.serverErrors = this.serverErrors.filter((p) => p.remaining > 0);
    return plan.status;
  }

  /** Answers a request with a queued server error (Salesforce's 500/503 bodies, a proxy's 502 page). */
  middleware(stats: StatsRecorder): RequestHandler {
    return (req, res, next) => {
      const status = this.takeServerError(req.originalUrl);
      if (status === undefined) {
        next();
        return;
      }
      stats.fault();
      if (status === 502) sendBadGateway(res);
      else sendError(res, serverError(status));
    };
  }
}
