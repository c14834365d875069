/**
 * GET /limits: the org's limits as Salesforce reports them. DailyApiRequests is live (this request
 * included); the others are fixed allocations of an org this size with nothing used.
 */
import { Router } from 'express';
import type { ApiUsage } from './api-usage.js';
import { addRoutes, type RouteContext } from './routing.js';

const FIXED: Record<string, { Max: number; Remaining: number }> = {
  DailyAsyncApexExecutions: { Max: 250_000, Remaining: 250_000 },
  DailyBulkApiBatches: { Max: 15_000, Remaining: 15_000 },
  DailyBulkV2QueryJobs: { Max: 10_000, Remaining: 10_000 },
  DailyStreamingApiEvents: { Max: 10_000, Remaining: 10_000 },
  DataStorageMB: { Max: 1_024, Remaining: 1_024 },
  FileStorageMB: { Max: 10_240, Remaining: 10_240 },
  SingleEmail: { Max: 5_000, Remaining: 5_000 },
};

export function limitsRoutes(ctx: RouteContext, usage: ApiUsage): Router {
  const router = Router();
  addRoutes(router, ctx, '/limits', {
    get: (_req, res) => {
      res.json({ DailyApiRequests: { Max: usage.max, Remaining: usage.remaining() }, ...FIXED });
    },
  });
  return router;
}
