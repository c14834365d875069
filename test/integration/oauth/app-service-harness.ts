/**
 * The whole service (`startService`: HTTP API, BullMQ workers, store) configured as a marketplace app
 * (HUBSPOT_CLIENT_ID/SECRET, no tenant yet), with a separate HubSpot sandbox portal standing in for
 * api.hubapi.com, both over real HTTP, on real Redis and an embedded PGlite store.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Job } from 'bullmq';
import { signatureV3 } from '../../../server/src/api/hubspot-signature.js';
import { parseConfig } from '../../../server/src/config/env.js';
import { QUEUE_OF, type JobName, type JobPayloads } from '../../../server/src/jobs/job-types.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { startService, type RunningService } from '../../../server/src/runtime/service.js';
import { generatePortfolio, toPortalData } from '../../../server/src/sandbox/portfolio/index.js';
import { SecretBox } from '../../../server/src/secrets/secret-box.js';
import { FIXTURE_SECRET, startSandbox, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';

const REDIS_URL = process.env.TELLTALE_TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface AppServiceHarness {
  service: RunningService;
  /** The portal HubSpot would be: OAuth server, CRM APIs, properties. */
  portal: RunningSandbox;
  /** TELLTALE_PUBLIC_URL: where the browser and HubSpot reach the service. */
  publicUrl: string;
  /** Opens what the service sealed with its TELLTALE_ENCRYPTION_KEY. */
  box: SecretBox;
  /** Sends a card request signed as `hubspot.fetch` signs it (v3, the app's client secret unless `secret`). */
  signedGet(path: string, portalId: string, options?: { secret?: string }): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Waits until a job of this name whose payload matches `payload` has finished; throws with its reason when it failed. */
  finishedJob<N extends JobName>(name: N, payload: Partial<JobPayloads[N]>, timeoutMs?: number): Promise<Job<JobPayloads[N]>>;
  close(): Promise<void>;
}

/** Starts the portal (a generated portfolio of `accounts` companies) and the service as its installable app. */
export async function startAppService(options: { accounts: number; seed?: number }): Promise<AppServiceHarness> {
  const asOf = new Date().toISOString().slice(0, 10);
  const portal = await startSandbox({ data: toPortalData(generatePortfolio({ seed: options.seed ?? 7, accounts: options.accounts, asOf })), rateLimit: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'tt-app-install-'));
  const key = randomBytes(32);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const prefix = `{tt-app-install-${process.pid}-${randomBytes(3).toString('hex')}}`;
  const config = parseConfig({
    TELLTALE_DATA_DIR: dataDir,
    REDIS_URL,
    TELLTALE_ADMIN_TOKEN: randomBytes(18).toString('hex'),
    HUBSPOT_CLIENT_ID: portal.sandbox.oauth.clientId,
    HUBSPOT_CLIENT_SECRET: FIXTURE_SECRET,
    HUBSPOT_API_BASE_URL: portal.baseUrl,
    TELLTALE_ENCRYPTION_KEY: key.toString('hex'),
    TELLTALE_PUBLIC_URL: publicUrl,
  });
  let service: RunningService;
  try {
    service = await startService({ config, role: 'all', logger: createLogger('silent'), port, queuePrefix: prefix });
  } catch (error) {
    await portal.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  async function finishedJob<N extends JobName>(name: N, payload: Partial<JobPayloads[N]>, timeoutMs = 90_000): Promise<Job<JobPayloads[N]>> {
    const queue = service.queues.queue(QUEUE_OF[name]);
    const matches = (job: Job) => job.name === name && Object.entries(payload).every(([key, value]) => (job.data as Record<string, unknown>)[key] === value);
    const wanted = `${name} ${JSON.stringify(payload)}`;
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const jobs = (await queue.getJobs(['completed', 'failed'])).filter(matches);
      const failed = jobs.find((job) => job.failedReason);
      if (failed) throw new Error(`${wanted} failed: ${failed.failedReason}`);
      const done = jobs.find((job) => job.finishedOn !== undefined);
      if (done) return done as Job<JobPayloads[N]>;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no ${wanted} finished within ${timeoutMs} ms`);
  }

  return {
    service,
    portal,
    publicUrl,
    box: new SecretBox(key),
    async signedGet(path, portalId, signOptions = {}) {
      const url = `${publicUrl}${path}?${new URLSearchParams({ portalId, userId: '5150', userEmail: 'csm@example.com', appId: '1' })}`;
      const timestamp = String(Date.now());
      const signature = signatureV3({ clientSecret: signOptions.secret ?? FIXTURE_SECRET, method: 'GET', url, body: '', timestamp });
      const response = await fetch(url, { headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    finishedJob,
    async close() {
      await service.stop();
      await portal.close();
      await deleteKeys(`${prefix}*`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A TCP port nothing listens on now: the public URL has to be known before the service starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The queues' keys (jobs, schedulers) this run left in the shared Redis. */
async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}
