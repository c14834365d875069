import { randomUUID } from 'node:crypto';
import type { UsageDay } from '../../../server/src/sandbox/hubspot/portal-data.js';
import { generatePortfolio, toPortalData, usageDays } from '../../../server/src/sandbox/portfolio/index.js';
import type { Database } from '../../../server/src/store/database.js';
import { resolveAccountKeys, upsertUsageSummaries, type UsageSummaryRow } from '../../../server/src/store/usage.js';
import type { Tenant } from '../../../server/src/store/tenants.js';
import { connectRedis, newTenant, runSync, startSandbox } from '../connector-hubspot/harness.js';

export interface PortfolioTenantOptions {
  seed: number;
  accounts: number;
  /** Last simulated day of the portfolio, 'YYYY-MM-DD'. */
  asOf: string;
  years?: number;
}

/**
 * A tenant whose store was filled the way production fills it: a synthetic portfolio served by the
 * HubSpot sandbox over HTTP and synced through the real connector (without the rate budget, streams
 * one at a time), then its product usage stored as the usage API stores a warehouse backfill.
 */
export async function buildPortfolioTenant(db: Database, options: PortfolioTenantOptions): Promise<Tenant> {
  const portfolio = generatePortfolio({ seed: options.seed, accounts: options.accounts, asOf: options.asOf, years: options.years ?? 3 });
  const data = toPortalData(portfolio);
  const sandbox = await startSandbox(data, false);
  const redis = connectRedis();
  const prefix = `tt-test-training-${randomUUID()}:`;
  const externalId = `${data.portalId}${options.seed}${options.accounts}`;
  try {
    const tenant = await newTenant(db, externalId);
    // One stream at a time: without the rate budget, concurrent engagement streams have deadlocked on
    // PostgreSQL while marking the same contacts engaged (markContactsEngaged).
    await runSync({ db, redis, basePath: sandbox.basePath, tenant, prefix }, { rateLimit: { perTenSeconds: 100_000, searchPerSecond: 10_000 }, concurrency: 1 });
    await storeUsage(db, tenant.id, usageDays(portfolio), new Date(`${options.asOf}T23:00:00.000Z`));
    return tenant;
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await sandbox.close();
  }
}

/**
 * Stores the portfolio's usage as the usage API stores a warehouse backfill (`Daily Usage Summary`
 * per account-day): group keys resolved to accounts by the store's own rule, one rollup row each.
 */
async function storeUsage(db: Database, tenantId: string, days: Iterable<UsageDay>, now: Date): Promise<void> {
  let batch: UsageDay[] = [];
  const flush = async () => {
    const accounts = await resolveAccountKeys(db, tenantId, batch.map((d) => d.groupKey));
    const rows: UsageSummaryRow[] = [];
    for (const d of batch) {
      const accountId = accounts.get(d.groupKey);
      if (!accountId) continue;
      rows.push({ accountId, day: d.day, activeUsers: d.activeUsers, sessions: d.sessions, events: d.events, distinctFeatures: new Set([...d.features, ...d.advancedFeatures]).size, advancedFeatures: d.advancedFeatures.length });
    }
    await upsertUsageSummaries(db, tenantId, rows, now);
    batch = [];
  };
  for (const day of days) {
    batch.push(day);
    if (batch.length >= 20_000) await flush();
  }
  if (batch.length > 0) await flush();
}
