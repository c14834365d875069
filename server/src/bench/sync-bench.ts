/**
 * `npm run bench`: the initial sync of the sandbox portfolio into a fresh store, through the real
 * HubSpot client over HTTP under the sandbox's rate limits. Prints wall times, CRM requests used
 * against the minimum HubSpot's page and batch limits allow, the feature-build rate, and scoring
 * throughput (scoring-bench.ts) on the built feature rows, then the card API's insights latency
 * after a real scoring of the tenant (insights-bench.ts), then the time from a change in the sandbox
 * portal to the updated property there, through `telltale start` (change-latency-bench.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { OBJECT_STREAM_DEFINITIONS, OBJECT_STREAMS } from '../connectors/hubspot/streams.js';
import { syncHubSpotTenant } from '../connectors/hubspot/sync.js';
import { buildFeatureRows } from '../features/build-features.js';
import type { AccountRow } from '../scoring/predict-accounts.js';
import { benchChangeLatency } from './change-latency-bench.js';
import { benchInsights } from './insights-bench.js';
import { benchScoring } from './scoring-bench.js';
import { openRedis } from '../jobs/redis.js';
import { createLogger } from '../logging/logger.js';
import { createHubSpotSandbox } from '../sandbox/hubspot/create-sandbox.js';
import { generatePortfolio, portfolioSummary, toPortalData } from '../sandbox/portfolio/index.js';
import { openDatabase } from '../store/open-database.js';
import { ensureTenant } from '../store/tenants.js';

const SEARCH_PAGE = 200; // records per CRM search page
const ASSOCIATION_BATCH = 1000; // inputs per v4 association batch read
const HISTORY_BATCH = 50; // inputs per batch read with propertiesWithHistory
const OWNERS_PAGE = 500; // owners per page

const accounts = Number(process.env.TELLTALE_SANDBOX_ACCOUNTS ?? 2000);
const seed = Number(process.env.TELLTALE_SANDBOX_SEED ?? 42);
const asOf = new Date().toISOString().slice(0, 10);
const logger = createLogger('warn');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const dir = mkdtempSync(join(tmpdir(), 'telltale-bench-'));
let server: Server | undefined;
const started = Date.now();
const portfolio = generatePortfolio({ seed, accounts, asOf });
const data = toPortalData(portfolio);
const summary = portfolioSummary(portfolio);
const generatedMs = Date.now() - started;
console.log(`portfolio: ${accounts} companies, seed ${seed}, history to ${asOf}, generated in ${seconds(generatedMs)}`);

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir });
const redis = await openRedis({ url: process.env.REDIS_URL, dataDir: dir, logger });
try {
  const sandbox = createHubSpotSandbox({ data, accessToken: 'pat-bench-0000000000000000000000', clientSecret: 'bench-secret' });
  const app = express();
  app.use('/sandbox/hubspot', sandbox.router);
  server = await new Promise<Server>((done) => {
    const s = app.listen(0, () => done(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const tenant = await ensureTenant(db, { crm: 'hubspot', externalId: String(data.portalId), name: 'bench', isSandbox: true });

  let lastLine = 0;
  const syncStarted = Date.now();
  const report = await syncHubSpotTenant({
    db,
    redis: redis.connect('bench'),
    tenant,
    client: { accessToken: 'pat-bench-0000000000000000000000', basePath: `http://127.0.0.1:${port}/sandbox/hubspot` },
    mode: 'full',
    rateLimitPrefix: `{tt-bench-${process.pid}}`,
    logger,
    onProgress: (p) => {
      if (Date.now() - lastLine > 10_000) {
        lastLine = Date.now();
        console.log(`  sync: ${p.records}${p.estimatedTotal ? `/${p.estimatedTotal}` : ''} records, ${p.requests} requests (${p.stream})`);
      }
    },
  });
  const syncMs = Date.now() - syncStarted;
  const stats = sandbox.stats();

  const counts: Record<string, number> = summary.objects;
  let minimum = Math.ceil(summary.owners / OWNERS_PAGE) + Math.ceil(counts.companies! / HISTORY_BATCH);
  for (const stream of OBJECT_STREAMS) {
    const n = counts[stream] ?? 0;
    minimum += Math.max(1, Math.ceil(n / SEARCH_PAGE));
    if (stream !== 'companies') minimum += Math.ceil(n / ASSOCIATION_BATCH);
    if (OBJECT_STREAM_DEFINITIONS[stream].readsContacts) minimum += Math.ceil(n / ASSOCIATION_BATCH);
  }

  const asOfDates = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(`${asOf}T00:00:00Z`);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - i);
    return d;
  });
  const featuresStarted = Date.now();
  let snapshots = 0;
  const featureRows: AccountRow[] = [];
  for await (const row of buildFeatureRows({ db, tenantId: tenant.id, asOfDates })) {
    snapshots++;
    featureRows.push({ accountId: row.accountId, values: row.values });
  }
  const featuresMs = Date.now() - featuresStarted;

  console.log('\nresult');
  console.log(`  database                    ${db.kind}`);
  console.log(`  records synced              ${report.records}`);
  console.log(`  initial sync wall time      ${seconds(syncMs)}`);
  console.log(`  CRM requests used           ${stats.total} (+${stats.rateLimited429} answered 429)`);
  console.log(`  minimum the limits allow    ${minimum} (search pages of ${SEARCH_PAGE}, association batches of ${ASSOCIATION_BATCH}, history batches of ${HISTORY_BATCH})`);
  console.log(`  requests / minimum          ${(stats.total / minimum).toFixed(2)}`);
  console.log(`  feature build               ${snapshots} account-snapshots (12 monthly dates) in ${seconds(featuresMs)} = ${Math.round(snapshots / (featuresMs / 1000))} per second`);
  await benchScoring(featureRows);
  await benchInsights(db, tenant, logger);
  await benchChangeLatency();
} finally {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  await redis.stop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
