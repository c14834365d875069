/**
 * Hand-run measurement of the sandbox usage feed end to end: a synthetic portfolio's usage history
 * sent over HTTP through POST /v1/usage/events into PGlite (in memory, or on disk with
 * BENCH_PGLITE_DIR) or PostgreSQL (BENCH_DATABASE_URL).
 *
 *   npx tsx test/integration/usage/usage-feed-bench.ts            # 2,000 accounts x 3 years
 *   BENCH_ACCOUNTS=200 npx tsx test/integration/usage/usage-feed-bench.ts
 *
 * The usage shape follows sandbox/portfolio/usage.ts (seats per segment, weekday/weekend activity,
 * sessions and events per user) so batch sizes and row counts match the real sandbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createUsageRouter } from '../../../server/src/api/usage/usage-router.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import type { UsageDay } from '../../../server/src/sandbox/hubspot/portal-data.js';
import { feedSandboxUsage } from '../../../server/src/sandbox/usage-feed.js';
import type { Database } from '../../../server/src/store/database.js';
import { openDatabase } from '../../../server/src/store/open-database.js';
import { ensureTenant } from '../../../server/src/store/tenants.js';
import { unmappedUsage, usageRange } from '../../../server/src/store/usage.js';
import { insertAccounts } from './usage-harness.js';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
const DAYS = Number(process.env.BENCH_DAYS ?? 1095);
const LAST_DAY = Date.parse('2025-03-09T00:00:00Z');
const FEATURES = ['dashboard', 'search', 'reports', 'export', 'comments', 'notifications', 'sharing', 'templates', 'import', 'calendar', 'mobile_app', 'integrations', 'custom_fields', 'automation', 'api_access', 'sso', 'advanced_analytics', 'workflow_builder', 'forecasting', 'audit_log'];
const ADVANCED = FEATURES.slice(14);

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface BenchAccount {
  id: string;
  domain: string;
  groupKey: string | null;
  seats: number;
}

function accounts(): BenchAccount[] {
  const next = rng(7);
  return Array.from({ length: ACCOUNTS }, (_, i) => {
    const r = next();
    const [lo, hi] = r < 0.6 ? [5, 50] : r < 0.9 ? [50, 500] : [500, 5000];
    const seats = Math.round(lo * Math.pow(hi / lo, next() ** 1.5));
    const id = String(30_000_000 + i * 17);
    const domain = `company-${i}.example.com`;
    const tracking = next();
    return { id, domain, seats, groupKey: tracking < 0.08 ? null : tracking < 0.2 ? `https://www.${domain}/` : id };
  });
}

function* usage(list: readonly BenchAccount[]): Generator<UsageDay> {
  for (const account of list) {
    if (account.groupKey === null) continue;
    const next = rng(Number(account.id));
    let health = 0.3 + 0.6 * next();
    for (let d = DAYS - 1; d >= 0; d -= 1) {
      health = Math.min(1, Math.max(0, health + (next() - 0.5) * 0.04));
      const date = new Date(LAST_DAY - d * 86_400_000);
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
      const activeUsers = Math.min(account.seats, Math.round(account.seats * (0.45 + 0.5 * health) * (weekend ? 0.1 + 0.1 * health : 1) * (0.8 + 0.4 * next())));
      if (activeUsers <= 0) continue;
      const sessions = Math.max(activeUsers, Math.round(activeUsers * (1.2 + 2.4 * health)));
      const events = Math.round(sessions * (6 + 22 * health) * (0.7 + 0.6 * next()));
      const breadth = Math.max(1, Math.min(14, Math.round((3 + 11 * health) * (0.8 + 0.4 * next()))));
      const advancedFeatures = ADVANCED.slice(0, Math.max(0, Math.round(6 * (health - 0.4) * next())));
      yield { companyId: account.id, groupKey: account.groupKey, day: date.toISOString().slice(0, 10), activeUsers, sessions, events, features: [...FEATURES.slice(0, breadth), ...advancedFeatures], advancedFeatures };
    }
  }
}

async function open(): Promise<{ db: Database; cleanup: () => void }> {
  if (process.env.BENCH_DATABASE_URL) return { db: await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL, dataDir: '' }), cleanup: () => undefined };
  if (process.env.BENCH_PGLITE_DISK) {
    const dir = mkdtempSync(join(tmpdir(), 'tt-usage-bench-'));
    return { db: await openDatabase({ dataDir: dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { openPGlite } = await import('../../../server/src/store/pglite.js');
  const { migrate } = await import('../../../server/src/store/migrate.js');
  const db = await openPGlite(undefined);
  await migrate(db);
  return { db, cleanup: () => undefined };
}

/** BENCH_TIMINGS=1: time spent per SQL statement kind (first words), inside and outside transactions. */
function timed(db: Database): { db: Database; report: () => Record<string, number> } {
  const totals = new Map<string, number>();
  const wrap = <T extends Pick<Database, 'query'>>(target: T): T => ({
    ...target,
    query: async (sql: string, params?: unknown[]) => {
      const started = performance.now();
      try {
        return await target.query(sql, params);
      } finally {
        const key = sql.replace(/\s+/g, ' ').trim().slice(0, 40);
        totals.set(key, (totals.get(key) ?? 0) + performance.now() - started);
      }
    },
  });
  const wrapped: Database = { ...db, query: wrap(db).query, transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) };
  return { db: wrapped, report: () => Object.fromEntries([...totals].map(([k, v]) => [k, Math.round(v)])) };
}

async function main(): Promise<void> {
  const opened = await open();
  const cleanup = opened.cleanup;
  const timing = process.env.BENCH_TIMINGS ? timed(opened.db) : undefined;
  const db = timing?.db ?? opened.db;
  const tenant = await ensureTenant(db, { crm: 'hubspot', externalId: `bench${Date.now()}`, name: 'Usage bench' });
  const list = accounts();
  await insertAccounts(db, tenant.id, list.map((a) => ({ id: a.id, domain: a.domain })));
  const app = express();
  app.use('/v1/usage', createUsageRouter({ db, logger: createLogger('warn') }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let lastLog = 0;
  const result = await feedSandboxUsage({
    baseUrl,
    writeKey: tenant.usageWriteKey,
    days: usage(list),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
    onProgress: (sent) => {
      if (sent - lastLog >= 250_000) {
        lastLog = sent;
        console.log(`  ${sent} account-days sent`);
      }
    },
  });
  const range = await usageRange(db, tenant.id);
  const rate = Math.round(range.accountDays / (result.durationMs / 1000));
  console.log(JSON.stringify({ backend: db.kind, ...result, range, accountDaysPerSecond: rate, unmappedStored: await unmappedUsage(db, tenant.id) }, null, 2));
  if (timing) console.log(timing.report());
  server.close();
  await opened.db.close();
  cleanup();
}

await main();
