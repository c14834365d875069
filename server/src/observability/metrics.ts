import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus registry, served at /metrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpRequests = new Counter({
  name: 'telltale_http_requests_total',
  help: 'HTTP requests served, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'telltale_http_request_duration_seconds',
  help: 'HTTP request duration',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const jobOutcomes = new Counter({
  name: 'telltale_jobs_total',
  help: 'Jobs finished, by queue, job name, outcome (completed|failed) and error class',
  labelNames: ['queue', 'name', 'outcome', 'error'] as const,
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'telltale_job_duration_seconds',
  help: 'Job run time',
  labelNames: ['queue', 'name'] as const,
  buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
  registers: [registry],
});

export const crmCalls = new Counter({
  name: 'telltale_crm_calls_total',
  help: 'Calls to CRM APIs, by crm, endpoint (route template) and HTTP status',
  labelNames: ['crm', 'endpoint', 'status'] as const,
  registers: [registry],
});

export const usageEvents = new Counter({
  name: 'telltale_usage_events_total',
  help: 'Usage events received, by outcome (stored|duplicate|unmapped|rejected)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
