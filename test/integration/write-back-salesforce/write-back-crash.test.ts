import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { writeBackSalesforce } from '../../../server/src/connectors/salesforce/write-back.js';
import type { Database } from '../../../server/src/store/database.js';
import { migrate } from '../../../server/src/store/migrate.js';
import { openPGlite } from '../../../server/src/store/pglite.js';
import { WriteBackState, type FieldRef, type FieldWrite } from '../../../server/src/store/write-back-state.js';
import { createTestDatabase, DATABASE_KINDS, TEST_POSTGRES_URL } from '../../support/test-databases.js';
import { ran, T1, T2, testRedis, useDatabaseAndRedis } from '../write-back/harness.js';
import { desiredAccounts, expectedAccounts, STAMP_FIELD, withoutStamp } from './account-values.js';
import { collectionUpdatesServed, idAt, newSalesforceTenant, orgApi, queryAccountFields, startOrg } from './harness.js';

const CHILD = fileURLToPath(new URL('./write-back-process.ts', import.meta.url));
/** The killed worker's lease: long enough to be renewed on a loaded machine, short enough to wait out. */
const CHILD_LEASE_MS = 4000;
const QUERIES = 'GET /services/data/vXX.X/query';

/** A store whose process "stops" (throws) at the n-th call of one step, as a killed worker would. */
class StoppingState extends WriteBackState {
  private calls = 0;
  constructor(
    db: Database,
    tenantId: string,
    private readonly stopAt: { step: 'markPending' | 'settle'; call: number },
  ) {
    super(db, tenantId);
  }

  override async markPending(holder: string, writes: readonly FieldWrite[]): Promise<void> {
    await super.markPending(holder, writes);
    if (this.stopAt.step === 'markPending' && ++this.calls === this.stopAt.call) throw new Error('process stopped before sending');
  }

  override async settle(holder: string, outcome: { confirmed: readonly FieldRef[]; abandoned: readonly FieldRef[] }): Promise<void> {
    if (this.stopAt.step === 'settle' && ++this.calls === this.stopAt.call) throw new Error('process stopped after sending');
    await super.settle(holder, outcome);
  }
}

async function pendingRows(db: Database, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from write_back_state where tenant_id = $1 and pending_run is not null', [tenantId]);
  return rows[0]?.n ?? 0;
}

describe.each(DATABASE_KINDS)('Salesforce write-back stopped mid-run on %s', (kind) => {
  const ctx = useDatabaseAndRedis(kind);

  async function scenario() {
    const org = await startOrg(250);
    const tenantId = await newSalesforceTenant(ctx.db, `write-back crash ${kind}`);
    return { org, tenantId, ids: org.accountIds, api: orgApi(org, { tenantId, redis: ctx.redis.redis, prefix: ctx.redis.prefix }) };
  }

  it('repairs a collection Salesforce applied but the run never recorded, from one SOQL read, without sending it again', async () => {
    const { org, api, tenantId, ids } = await scenario();
    try {
      const state = new StoppingState(ctx.db, tenantId, { step: 'settle', call: 1 });
      await expect(writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T1), concurrency: 1, state })).rejects.toThrow('process stopped after sending');
      expect(collectionUpdatesServed(org)).toBe(1);
      expect(await pendingRows(ctx.db, tenantId)).toBe(200 * 15);
      // Deleted between the stopped run and the repair: its in-flight writes are dropped, then reported missing.
      const deleted = idAt(ids, 7);
      org.sandbox.org.delete('Account', deleted);

      const repair = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T2) }));
      expect(repair.reconciled).toEqual({ accounts: 200, fields: 199 * 15, gone: 15 });
      expect(repair).toMatchObject({ changedAccounts: 51, batches: 1, requests: 2, written: 50, missing: [deleted] });
      expect(org.sandbox.stats().requests[QUERIES]).toBe(1);
      expect(collectionUpdatesServed(org)).toBe(2);
      expect(await pendingRows(ctx.db, tenantId)).toBe(0);

      const live = ids.filter((id) => id !== deleted);
      const stored = await queryAccountFields(api, live);
      expect(withoutStamp(stored)).toEqual(Object.fromEntries(live.map((id) => [id, expectedAccounts(ids)[id]])));
      // The stopped run's stamp stands: its insights changed then, not now.
      expect(live.map((id) => stored[id]?.[STAMP_FIELD])).toEqual(live.map((id) => (ids.indexOf(id) < 200 ? '2025-07-01T08:00:00.000+0000' : '2025-07-02T08:00:00.000+0000')));

      const again = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids).filter((a) => a.accountId !== deleted), clock: fixedClock(T2) }));
      expect(again).toMatchObject({ changedAccounts: 0, requests: 0 });
    } finally {
      await org.close();
    }
  });

  it('sends a collection the stopped run recorded but never sent, once', async () => {
    const { org, api, tenantId, ids } = await scenario();
    try {
      const state = new StoppingState(ctx.db, tenantId, { step: 'markPending', call: 2 });
      await expect(writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T1), concurrency: 1, state })).rejects.toThrow('process stopped before sending');
      expect(collectionUpdatesServed(org)).toBe(1);

      const repair = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T2) }));
      expect(repair.reconciled).toEqual({ accounts: 50, fields: 50 * 15, gone: 0 });
      expect(repair).toMatchObject({ changedAccounts: 50, batches: 1, requests: 2 });
      expect(collectionUpdatesServed(org)).toBe(2);
      expect(withoutStamp(await queryAccountFields(api, ids))).toEqual(expectedAccounts(ids));
    } finally {
      await org.close();
    }
  });
});

describe.each(DATABASE_KINDS)('Salesforce write-back in a worker process killed mid-run on %s', (kind) => {
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
      target = mkdtempSync(join(tmpdir(), 'tt-write-back-salesforce-'));
      db = await openPGlite(target);
      await migrate(db);
      cleanup = async () => {
        await db.close().catch(() => undefined);
        rmSync(target, { recursive: true, force: true });
      };
    }
  });
  afterAll(async () => {
    await cleanup();
    await redis.close();
  });

  it('ends with Salesforce holding every value, each collection sent once, after the worker is killed between sending and recording', async () => {
    let child: ChildProcess | undefined;
    let exited: Promise<unknown> = Promise.resolve();
    const org = await startOrg(450, {
      afterUpdate: async (n) => {
        if (n !== 2 || !child) return;
        child.kill('SIGKILL');
        await exited;
      },
    });
    const ids = org.accountIds;
    try {
      const tenantId = await newSalesforceTenant(db, `write-back killed ${kind}`);
      if (kind === 'pglite') await db.close();
      child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        env: {
          ...process.env,
          WB_DATABASE: target,
          WB_ORG_URL: org.url,
          WB_ORG_ID: org.sandbox.orgId,
          WB_TOKEN: org.sandbox.issueSession().accessToken,
          WB_TENANT: tenantId,
          WB_ACCOUNT_IDS: ids.join(','),
          WB_REDIS_PREFIX: redis.prefix,
          WB_LEASE_MS: String(CHILD_LEASE_MS),
          WB_AT: T1,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      exited = new Promise((resolve) => child?.once('exit', (code, signal) => resolve({ code, signal })));
      expect(await exited, output).toEqual({ code: null, signal: 'SIGKILL' });
      expect(collectionUpdatesServed(org)).toBe(2);

      if (kind === 'pglite') db = await openPGlite(target);
      const api = orgApi(org, { tenantId, redis: redis.redis, prefix: redis.prefix });
      expect(await writeBackSalesforce({ db, api, accounts: desiredAccounts(ids), clock: fixedClock(T2) })).toEqual({ skipped: expect.stringMatching(/is running/) });
      await new Promise((resolve) => setTimeout(resolve, CHILD_LEASE_MS + 100));
      org.sandbox.injectFaults({ status: 503, count: 2, route: '/composite/sobjects' });
      const repair = ran(await writeBackSalesforce({ db, api, accounts: desiredAccounts(ids), clock: fixedClock(T2) }));
      expect(repair.reconciled).toEqual({ accounts: 200, fields: 200 * 15, gone: 0 });
      expect(repair).toMatchObject({ changedAccounts: 50, batches: 1, written: 50 });
      expect(collectionUpdatesServed(org)).toBe(3);
      expect(withoutStamp(await queryAccountFields(api, ids))).toEqual(expectedAccounts(ids));
    } finally {
      child?.kill('SIGKILL');
      await org.close();
    }
  });
});
