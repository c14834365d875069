import type { Command } from 'commander';
import { parseConfig } from '../config/env.js';
import type { AnySyncProgress } from '../jobs/sync-job.js';
import { createLogger } from '../logging/logger.js';
import { startService, type Role } from '../runtime/service.js';
import { failAndExit } from './fail.js';
import { createProgress, type Progress } from './progress.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start the service: API, workers and schedulers (on the built-in sandbox CRM when no CRM credentials are set)')
    .option('--role <role>', 'all (API + workers + schedulers), api, or worker', 'all')
    .action(async (options: { role: string }) => {
      if (!['all', 'api', 'worker'].includes(options.role)) failAndExit(new Error(`--role: expected all, api or worker, got "${options.role}"`));
      await runStart(options.role as Role);
    });
}

async function runStart(role: Role): Promise<void> {
  let config;
  try {
    config = parseConfig();
  } catch (error) {
    failAndExit(error);
  }
  const logger = createLogger(config.logLevel);
  const syncBars = new Map<string, Progress>();
  const usageBars = new Map<string, Progress>();
  const startedAt = Date.now();
  const seconds = () => `${Math.round((Date.now() - startedAt) / 1000)} s`;
  let service;
  try {
    service = await startService({
      config,
      role,
      logger,
      reporter: {
        step: (message) => console.log(`• ${message}`),
        syncProgress: (tenantId: string, progress: AnySyncProgress) => {
          let bar = syncBars.get(tenantId);
          if (!bar) {
            bar = createProgress(`sync ${tenantId}`);
            syncBars.set(tenantId, bar);
          }
          if (progress.done) {
            bar.finish(`${progress.records} records in ${seconds()} since start (${progress.requests} CRM requests)`);
            syncBars.delete(tenantId);
          } else bar.update(progress.records, progress.estimatedTotal, progress.stream);
        },
        usageProgress: (tenantId, sent, total) => {
          let bar = usageBars.get(tenantId);
          if (!bar) {
            bar = createProgress(`usage history ${tenantId}`);
            usageBars.set(tenantId, bar);
          }
          bar.update(sent, total, 'account-days sent');
        },
        usageDone: (tenantId, { accountDays, durationMs }) => {
          (usageBars.get(tenantId) ?? createProgress(`usage history ${tenantId}`)).finish(`${accountDays} account-days stored in ${Math.round(durationMs / 1000)} s (${seconds()} since start)`);
          usageBars.delete(tenantId);
        },
      },
    });
  } catch (error) {
    failAndExit(error);
  }
  console.log(`\nTelltale is running at ${service.url} (role ${role})`);
  console.log(`  admin token     ${service.sandbox ? service.adminToken : '(TELLTALE_ADMIN_TOKEN)'}`);
  console.log(`  portfolio       curl -H "Authorization: Bearer <admin token>" ${service.url}/api/v1/portfolio`);
  console.log(`  queues          ${service.url}/admin/queues (any user name, the admin token as password)`);
  console.log(`  health, metrics ${service.url}/readyz  ${service.url}/metrics`);
  if (service.sandbox) {
    console.log(`  sandbox CRMs    ${service.url}/sandbox (HubSpot portal at ${service.url}/sandbox/hubspot, Salesforce org at ${service.url}/sandbox/salesforce)`);
  }
  console.log('Press Ctrl+C to stop.\n');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (finishing running jobs)…`);
    service
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => failAndExit(error));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
