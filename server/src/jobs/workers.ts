import { UnrecoverableError, Worker, type Job } from 'bullmq';
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
      async (job: Job) => {
        const handler = options.handlers[job.name as JobName] as ((data: unknown, job: Job) => Promise<unknown>) | undefined;
        if (!handler) throw new PermanentJobError(`no handler for job "${job.name}"`);
        const log = options.logger.child({ queue, job: job.name, jobId: job.id, tenant: (job.data as { tenantId?: string }).tenantId });
        const started = Date.now();
        log.info({ attempt: job.attemptsMade + 1 }, 'job started');
        try {
          const result = await handler(job.data, job);
          log.info({ durationMs: Date.now() - started }, 'job completed');
          return result;
        } catch (error) {
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

export async function closeWorkers(workers: Worker[], logger: Logger): Promise<void> {
  for (const worker of workers) {
    try {
      await worker.close();
    } catch (error) {
      logger.warn({ err: (error as Error).message, queue: worker.name }, 'worker did not close cleanly');
    }
  }
}
