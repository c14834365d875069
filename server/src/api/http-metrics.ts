import type { RequestHandler } from 'express';
import { httpDuration, httpRequests } from '../observability/metrics.js';

/** Counts every request by method, route template (never the raw path: ids would explode the labels) and status. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const template = req.route?.path;
    const route = typeof template === 'string' ? `${req.baseUrl}${template}` : req.baseUrl || 'unmatched';
    httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    httpDuration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
};
