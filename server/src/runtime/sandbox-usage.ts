import type { Logger } from '../logging/logger.js';
import { feedSandboxUsage } from '../sandbox/usage-feed.js';
import type { Database } from '../store/database.js';
import type { Tenant } from '../store/tenants.js';
import { hasSucceededSync } from '../store/sync-state.js';
import { usageRange } from '../store/usage.js';
import type { SandboxMode } from './sandbox-mode.js';

/** Whether the store already holds the tenant's usage up to the sandbox's last day (the day before its as-of). */
async function hasSandboxUsage(db: Database, sandbox: SandboxMode, tenant: Tenant): Promise<boolean> {
  const lastDay = new Date(Date.parse(`${sandbox.asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const range = await usageRange(db, tenant.id);
  return range.lastDay !== null && range.lastDay >= lastDay;
}

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
  if (await hasSandboxUsage(deps.db, deps.sandbox, deps.tenant)) {
    deps.logger.info({ tenant: deps.tenant.id, asOf: deps.sandbox.asOf }, 'sandbox usage already loaded');
    return undefined;
  }
  while (!(await hasSucceededSync(deps.db, deps.tenant.id, deps.tenant.crm))) {
    if (deps.signal?.aborted) return undefined;
    await new Promise((done) => setTimeout(done, 1000));
  }
  const result = await feedSandboxUsage({
    baseUrl: deps.serviceUrl,
    writeKey: deps.tenant.usageWriteKey,
    days: deps.sandbox.usage(deps.tenant.crm),
    onProgress: deps.onProgress,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  deps.logger.info({ tenant: deps.tenant.id, ...result }, 'sandbox usage loaded');
  const after = await usageRange(deps.db, deps.tenant.id);
  return { accountDays: after.accountDays, durationMs: result.durationMs };
}

/**
 * Brings up each sandbox tenant in turn on a fresh store — its first sync, then its usage history,
 * then its scoring — so the first tenant (the HubSpot portal) is complete before the next one (the
 * Salesforce org) starts: the embedded database serves one writer at a time, and interleaving them
 * would only delay both. Until its history is in, `usageReady` is false for a tenant: its first
 * scoring waits for it, since scored on CRM data alone every account would look untracked and the
 * tasks of that first evaluation would be noise the real data revokes. `ownsStartupSync` tells the
 * service which tenants' start-up syncs this sequence enqueues itself.
 */
export function feedSandboxTenants(deps: {
  db: Database;
  sandbox: SandboxMode;
  tenants: readonly Tenant[];
  serviceUrl: string;
  logger: Logger;
  signal: AbortSignal;
  score: (tenantId: string) => Promise<unknown>;
  sync: (tenantId: string) => Promise<unknown>;
  onProgress?: ((tenantId: string, sent: number, total: number | undefined) => void) | undefined;
  onDone?: ((tenantId: string, result: { accountDays: number; durationMs: number }) => void) | undefined;
}): { loaded: Promise<void>; usageReady: (tenantId: string) => boolean; ownsStartupSync: (tenantId: string) => boolean } {
  const waiting = new Set(deps.tenants.map((t) => t.id));
  const loaded = (async () => {
    // A restart finds the history in the store: those tenants are synced and scored as usual.
    for (const tenant of deps.tenants) {
      if (!(await hasSandboxUsage(deps.db, deps.sandbox, tenant))) continue;
      waiting.delete(tenant.id);
      await deps.sync(tenant.id);
    }
    for (const tenant of deps.tenants.filter((t) => waiting.has(t.id))) {
      if (deps.signal.aborted) return;
      try {
        await deps.sync(tenant.id);
        const result = await loadSandboxUsage({
          db: deps.db,
          sandbox: deps.sandbox,
          tenant,
          serviceUrl: deps.serviceUrl,
          logger: deps.logger,
          onProgress: deps.onProgress && ((sent, total) => deps.onProgress?.(tenant.id, sent, total)),
          signal: deps.signal,
        });
        if (result) deps.onDone?.(tenant.id, result);
      } catch (error) {
        deps.logger.error({ tenant: tenant.id, err: (error as Error).message }, 'sandbox usage feed failed');
      }
      if (deps.signal.aborted) return;
      waiting.delete(tenant.id);
      await deps.score(tenant.id).catch((error: Error) => deps.logger.warn({ tenant: tenant.id, err: error.message }, 'could not queue the sandbox scoring'));
    }
  })();
  const owned = new Set(deps.tenants.map((t) => t.id));
  return { loaded, usageReady: (tenantId) => !waiting.has(tenantId), ownsStartupSync: (tenantId) => owned.has(tenantId) };
}
