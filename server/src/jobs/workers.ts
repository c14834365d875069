import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { jobDuration, jobOutcomes } from '../observability/metrics.js';
import { QUEUE_NAMES, type JobName, type QueueName } from './job-types.js';
import type { HandlerMap } from './registry.js';

/** An error a retry cannot fix (bad credentials, invalid payload): the job fails at once. */
export class PermanentJobError extends UnrecoverableError {}

/** Starts one worker per queue, each dispatching by job name through the registry. */
export function startWorkers(options: {
  prefix: string;
  connect: (name: string) => Redis;
  handlers: HandlerMap;
  logger: Logger;
  concurrency?: Partial<Record<QueueName, number>>;
}): Worker[] {
  return QUEUE_NAMES.map((queue) => {
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        const handler = options.handlers[job.name as JobName] as ((data: unknown, job: Job, token?: string) => Promise<unknown>) | undefined;
        if (!handler) throw new PermanentJobError(`no handler for job "${job.name}"`);
        const log = options.logger.child({ queue, job: job.name, jobId: job.id, tenant: (job.data as { tenantId?: string }).tenantId });
        const started = Date.now();
        log.info({ attempt: job.attemptsMade + 1 }, 'job started');
        try {
          const result = await handler(job.data, job, token);
          log.info({ durationMs: Date.now() - started }, 'job completed');
          return result;
        } catch (error) {
          if (error instanceof DelayedError) {
            log.info({ durationMs: Date.now() - started }, 'job delayed');
            throw error;
          }
          log.warn({ durationMs: Date.now() - started, err: (error as Error).message }, 'job failed');
          throw error;
        } finally {
          jobDuration.observe({ queue, name: job.name }, (Date.now() - started) / 1000);
        }
      },
      { connection: options.connect(`worker:${queue}`), prefix: options.prefix, concurrency: options.concurrency?.[queue] ?? 2 },
    );
    worker.on('completed', (job) => jobOutcomes.inc({ queue, name: job.name, outcome: 'completed', error: '' }));
    worker.on('failed', (job, error) => jobOutcomes.inc({ queue, name: job?.name ?? 'unknown', outcome: 'failed', error: error.name }));
    worker.on('error', (error) => options.logger.error({ queue, err: error.message }, 'worker error'));
    return worker;
  });
}

/**
 * Lets running jobs finish for up to `graceMs`, then closes without waiting: a job cut off this way
 * keeps its lock until it expires and is then picked up again (every handler is safe to re-run).
 */
export async function closeWorkers(workers: Worker[], logger: Logger, graceMs = 10_000): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      try {
        const closed = worker.close();
        const inTime = await Promise.race([closed.then(() => true), new Promise<boolean>((done) => setTimeout(() => done(false), graceMs).unref())]);
        if (!inTime) {
          logger.warn({ queue: worker.name, graceMs }, 'jobs still running at shutdown: closing without waiting');
          await worker.close(true);
        }
      } catch (error) {
        logger.warn({ err: (error as Error).message, queue: worker.name }, 'worker did not close cleanly');
      }
    }),
  );
}
