import type { Job } from 'bullmq';
import type { JobName, JobPayloads } from './job-types.js';

/** What a handler returns is stored as the job's return value (shown in the queue UI). */
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown>;

export type HandlerMap = { [N in JobName]: JobHandler<N> };

/** Raised at start-up when a job has no handler or two. */
export class JobRegistryError extends Error {
  override name = 'JobRegistryError';
}

/**
 * Builds the job-name → handler table from registrations, failing when a job has no handler or two,
 * so a missing wiring is a start-up error rather than a job stuck in a queue.
 */
export function buildRegistry(names: readonly JobName[], registrations: ReadonlyArray<{ [N in JobName]: [N, JobHandler<N>] }[JobName]>): HandlerMap {
  const table = new Map<JobName, unknown>();
  for (const [name, handler] of registrations) {
    if (table.has(name)) throw new JobRegistryError(`job "${name}" has two handlers`);
    table.set(name, handler);
  }
  const missing = names.filter((name) => !table.has(name));
  if (missing.length > 0) throw new JobRegistryError(`no handler for job(s): ${missing.join(', ')}`);
  return Object.fromEntries(table) as HandlerMap;
}
