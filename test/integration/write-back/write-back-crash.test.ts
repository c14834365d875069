import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { writeBackHubSpot } from '../../../server/src/connectors/hubspot/write-back.js';
import type { Database } from '../../../server/src/store/database.js';
import { migrate } from '../../../server/src/store/migrate.js';
import { openPGlite } from '../../../server/src/store/pglite.js';
import { WriteBackState, type FieldRef, type FieldWrite } from '../../../server/src/store/write-back-state.js';
import { createTestDatabase, DATABASE_KINDS, TEST_POSTGRES_URL } from '../../support/test-databases.js';
import { desired, expectedPortal, portalValues, withoutStamp } from './company-values.js';
import { batchUpdatesServed, preparePortal, ran, sandboxApi, T1, T2, testRedis, useDatabaseAndRedis } from './harness.js';

const CHILD = fileURLToPath(new URL('./write-back-process.ts', import.meta.url));
/** The killed worker's lease: long enough to be renewed on a loaded machine, short enough to wait out. */
const CHILD_LEASE_MS = 4000;

/** A store whose process "stops" (throws) at the n-th call of one step, as a killed worker would. */
class StoppingState extends WriteBackState {
  private calls = 0;
  constructor(
    db: Database,
    tenantId: string,
    private readonly step: 'markPending' | 'settle',
    private readonly at: number,
  ) {
    super(db, tenantId);
  }

  override async markPending(holder: string, writes: readonly FieldWrite[]): Promise<void> {
    await super.markPending(holder, writes);
    if (this.step === 'markPending' && ++this.calls === this.at) throw new Error('process stopped before sending');
  }

  override async settle(holder: string, outcome: { confirmed: readonly FieldRef[]; abandoned: readonly FieldRef[] }): Promise<void> {
    if (this.step === 'settle' && ++this.calls === this.at) throw new Error('process stopped after sending');
    await super.settle(holder, outcome);
  }
}

async function pendingRows(db: Database, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from write_back_state where tenant_id = $1 and pending_run is not null', [tenantId]);
  return rows[0]?.n ?? 0;
}

describe.each(DATABASE_KINDS)('HubSpot write-back stopped mid-run on %s', (kind) => {
  const ctx = useDatabaseAndRedis(kind);

  it('repairs a batch HubSpot applied but the run never recorded, without sending it again', async () => {
    const { running, api, tenantId, ids } = await preparePortal(ctx.db, ctx.redis, 250);
    try {
      const state = new StoppingState(ctx.db, tenantId, 'settle', 2);
      await expect(writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T1), concurrency: 1, state })).rejects.toThrow('process stopped after sending');
      expect(batchUpdatesServed(running)).toBe(2);
      expect(await pendingRows(ctx.db, tenantId)).toBe(100 * 15);

      const repair = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T2) }));
      expect(repair.reconciled).toEqual({ accounts: 100, fields: 1500, gone: 0 });
      expect(repair).toMatchObject({ changedAccounts: 50, batches: 1, requests: 2 });
      expect(running.sandbox.stats().requests['POST /crm/v3/objects/{objectType}/batch/read']).toBe(1);
      expect(batchUpdatesServed(running)).toBe(3);
      expect(withoutStamp(portalValues(running, ids))).toEqual(expectedPortal(ids));
      // The stopped run's stamp stands: its insights changed then, not now.
      const portal = portalValues(running, ids);
      expect(ids.map((id) => portal[id]?.insights_updated_at)).toEqual(ids.map((_, i) => (i < 200 ? T1 : T2)));
      expect(await pendingRows(ctx.db, tenantId)).toBe(0);

      const again = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T2) }));
      expect(again).toMatchObject({ changedAccounts: 0, requests: 0 });
    } finally {
      await running.close();
    }
  });

  it('sends a batch the stopped run recorded but never sent, once', async () => {
    const { running, api, tenantId, ids } = await preparePortal(ctx.db, ctx.redis, 250);
    try {
      const state = new StoppingState(ctx.db, tenantId, 'markPending', 2);
      await expect(writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T1), concurrency: 1, state })).rejects.toThrow('process stopped before sending');
      expect(batchUpdatesServed(running)).toBe(1);

      const repair = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T2) }));
      expect(repair.reconciled).toEqual({ accounts: 100, fields: 1500, gone: 0 });
      expect(repair).toMatchObject({ changedAccounts: 150, batches: 2 });
      expect(batchUpdatesServed(running)).toBe(3);
      expect(withoutStamp(portalValues(running, ids))).toEqual(expectedPortal(ids));
    } finally {
      await running.close();
    }
  });
});

describe.each(DATABASE_KINDS)('HubSpot write-back in a worker process killed mid-run on %s', (kind) => {
  const redis = testRedis();
  let db: Database;
  let target: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (kind === 'postgres') {
      const database = await createTestDatabase('postgres');
      db = database.db;
      const { rows } = await db.query<{ name: string }>('select current_database() as name');
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = `/${rows[0]?.name ?? ''}`;
      target = url.toString();
      cleanup = () => database.drop();
    } else {
      // PGlite serves one process: the file database is handed to the worker and taken back after it dies.
      target = mkdtempSync(join(tmpdir(), 'tt-write-back-'));
      db = await openPGlite(target);
      await migrate(db);
      cleanup = async () => {
        // Already closed when the test stopped while the worker had the database.
        await db.close().catch(() => undefined);
        rmSync(target, { recursive: true, force: true });
      };
    }
  });
  afterAll(async () => {
    await cleanup();
    await redis.close();
  });

  it('ends with HubSpot holding every value, each batch sent once, after the worker is killed between sending and recording and a 429 storm', async () => {
    let child: ChildProcess | undefined;
    let exited: Promise<unknown> = Promise.resolve();
    const { running, tenantId, ids } = await preparePortal(db, redis, 250, {
      afterApplied: async (n) => {
        if (n !== 2 || !child) return;
        child.kill('SIGKILL');
        await exited;
      },
    });
    try {
      if (kind === 'pglite') await db.close();
      child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        env: { ...process.env, WB_DATABASE: target, WB_BASE_URL: running.baseUrl, WB_TENANT: tenantId, WB_COMPANIES: '250', WB_REDIS_PREFIX: redis.prefix, WB_LEASE_MS: String(CHILD_LEASE_MS), WB_AT: T1 },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      exited = new Promise((resolve) => child?.once('exit', (code, signal) => resolve({ code, signal })));
      expect(await exited, output).toEqual({ code: null, signal: 'SIGKILL' });
      expect(batchUpdatesServed(running)).toBe(2);

      if (kind === 'pglite') db = await openPGlite(target);
      const api = sandboxApi(running, { tenantId, redis: redis.redis, prefix: redis.prefix });
      expect(await writeBackHubSpot({ db, api, accounts: desired(ids), clock: fixedClock(T2) })).toEqual({ skipped: expect.stringMatching(/is running/) });
      await new Promise((resolve) => setTimeout(resolve, CHILD_LEASE_MS + 100));
      running.sandbox.injectFaults({ status: 429, count: 4, route: '/batch/' });
      const repair = ran(await writeBackHubSpot({ db, api, accounts: desired(ids), clock: fixedClock(T2) }));
      expect(repair.reconciled).toEqual({ accounts: 100, fields: 1500, gone: 0 });
      expect(repair).toMatchObject({ changedAccounts: 50, batches: 1 });
      expect(batchUpdatesServed(running)).toBe(3);
      expect(withoutStamp(portalValues(running, ids))).toEqual(expectedPortal(ids));
    } finally {
      child?.kill('SIGKILL');
      await running.close();
    }
  });
});
