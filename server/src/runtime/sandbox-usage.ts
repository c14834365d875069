import type { Logger } from '../logging/logger.js';
import { feedSandboxUsage } from '../sandbox/usage-feed.js';
import type { Database } from '../store/database.js';
import type { Tenant } from '../store/tenants.js';
import { hasSucceededSync } from '../store/sync-state.js';
import { usageRange } from '../store/usage.js';
import type { SandboxMode } from './sandbox-mode.js';

/**
 * The sandbox's product sends its usage history through the public usage API, as a customer's
 * warehouse would. It waits for the first complete CRM sync (usage maps to accounts by CRM id or
 * domain, and the embedded database serves one writer at a time, so the CRM sync goes first), and is
 * skipped when the store already holds usage up to the sandbox's last day.
 */
export async function loadSandboxUsage(deps: {
  db: Database;
  sandbox: SandboxMode;
  tenant: Tenant;
  serviceUrl: string;
  logger: Logger;
  onProgress?: ((sent: number, total: number | undefined) => void) | undefined;
  signal?: AbortSignal;
}): Promise<{ accountDays: number; durationMs: number } | undefined> {
  const range = await usageRange(deps.db, deps.tenant.id);
  const lastDay = new Date(Date.parse(`${deps.sandbox.asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  if (range.lastDay && range.lastDay >= lastDay) {
    deps.logger.info({ tenant: deps.tenant.id, lastDay: range.lastDay }, 'sandbox usage already loaded');
    return undefined;
  }
  while (!(await hasSucceededSync(deps.db, deps.tenant.id, 'hubspot'))) {
    if (deps.signal?.aborted) return undefined;
    await new Promise((done) => setTimeout(done, 1000));
  }
  const result = await feedSandboxUsage({
    baseUrl: deps.serviceUrl,
    writeKey: deps.tenant.usageWriteKey,
    days: deps.sandbox.usage(),
    onProgress: deps.onProgress,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  deps.logger.info({ tenant: deps.tenant.id, ...result }, 'sandbox usage loaded');
  const after = await usageRange(deps.db, deps.tenant.id);
  return { accountDays: after.accountDays, durationMs: result.durationMs };
}
