import type { Command } from 'commander';
import { parseConfig } from '../config/env.js';
import { createLogger } from '../logging/logger.js';
import { startService } from '../runtime/service.js';
import { failAndExit } from './fail.js';
import { createProgress } from './progress.js';
import { adminRequest, findRunningService } from './service-client.js';

interface JobView {
  state: string;
  progress: unknown;
  result: unknown;
  failedReason: string | null;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync CRM data into the store now (through the running service when there is one, else in this process)')
    .option('--tenant <id>', 'only this tenant (default: every active tenant)')
    .option('--full', 're-read everything instead of only what changed since the last sync', false)
    .action(async (options: { tenant?: string; full: boolean }) => {
      try {
        await runSync(options.tenant, options.full ? 'full' : 'incremental');
      } catch (error) {
        failAndExit(error);
      }
    });
}

async function runSync(tenantFilter: string | undefined, mode: 'full' | 'incremental'): Promise<void> {
  const config = parseConfig();
  const running = await findRunningService(config.dataDir);
  if (running) {
    console.log(`Using the service running at ${running.url}`);
    const portfolio = await adminRequest<{ tenants: Array<{ tenant: { id: string; status: string } }> }>(running, 'GET', '/api/v1/portfolio');
    const ids = selectTenants(portfolio.tenants.map((t) => t.tenant), tenantFilter);
    for (const id of ids) {
      const { jobId } = await adminRequest<{ jobId: string }>(running, 'POST', `/api/v1/tenants/${encodeURIComponent(id)}/sync`, { mode });
      await follow(id, () => adminRequest<JobView>(running, 'GET', `/api/v1/jobs/sync/${encodeURIComponent(jobId)}`));
    }
    return;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const service = await startService({ config, role: 'all', logger, autoSync: false, port: 0, reporter: { step: (m) => console.log(`• ${m}`) } });
  try {
    const ids = selectTenants(service.tenants, tenantFilter);
    for (const id of ids) {
      const job = await service.queues.enqueueSync(id, mode, 'manual');
      await follow(id, async () => {
        const fresh = await service.queues.queue('sync').getJob(job.id!);
        return { state: fresh ? await fresh.getState() : 'unknown', progress: fresh?.progress, result: fresh?.returnvalue, failedReason: fresh?.failedReason ?? null };
      });
    }
  } finally {
    await service.stop();
  }
}

function selectTenants(tenants: Array<{ id: string; status: string }>, filter: string | undefined): string[] {
  if (filter) {
    if (!tenants.some((t) => t.id === filter)) throw new Error(`--tenant: no tenant "${filter}" (known: ${tenants.map((t) => t.id).join(', ') || 'none'})`);
    return [filter];
  }
  const active = tenants.filter((t) => t.status === 'active').map((t) => t.id);
  if (active.length === 0) throw new Error('no active tenant to sync: configure a CRM or run on the sandbox');
  return active;
}

async function follow(tenantId: string, poll: () => Promise<JobView>): Promise<void> {
  const progress = createProgress(`sync ${tenantId}`);
  for (;;) {
    const job = await poll();
    const p = job.progress as { records?: number; estimatedTotal?: number; stream?: string } | undefined;
    if (p && typeof p === 'object' && typeof p.records === 'number') progress.update(p.records, p.estimatedTotal, p.stream);
    if (job.state === 'completed') {
      const result = job.result as { records?: number; requests?: number; durationMs?: number; skipped?: string } | null;
      progress.finish(result?.skipped ? `skipped: ${result.skipped}` : `done: ${result?.records ?? 0} records, ${result?.requests ?? 0} CRM requests, ${Math.round((result?.durationMs ?? 0) / 100) / 10} s`);
      return;
    }
    if (job.state === 'failed') throw new Error(`sync of ${tenantId} failed: ${job.failedReason ?? 'unknown reason'}`);
    await new Promise((done) => setTimeout(done, 500));
  }
}
