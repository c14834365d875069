import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/store/database.js';
import { openPostgres } from '../../server/src/store/postgres.js';
import { TEST_POSTGRES_URL } from '../support/test-databases.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'server/bin/telltale.js');
// The sandbox also runs a Salesforce org; this test is about the HubSpot portal's sync.
const PORTAL_TENANT = 'hubspot-24681357';
const TABLES = {
  accounts: 'id, name, domain, owner_id, segment, arr, seats, contract_start, renewal_date, lifecycle, churned_at, crm_updated_at, archived',
  account_history: 'account_id, field, valid_from, value',
  contacts: 'id, account_id, email, job_title, seniority, buying_roles, is_sponsor, is_champion, crm_updated_at',
  deals: 'id, account_id, kind, stage, is_closed, is_won, amount, close_date, crm_updated_at',
  tickets: 'id, account_id, priority, status, created_at, first_response_at, resolved_at, escalated, csat, crm_updated_at',
  engagements: 'id, account_id, kind, direction, occurred_at, contact_id, with_executive, status, crm_updated_at',
} as const;

async function createDatabase(name: string): Promise<{ url: string; db: Database }> {
  const admin = await openPostgres(TEST_POSTGRES_URL, 1);
  await admin.exec(`drop database if exists ${name} with (force)`);
  await admin.exec(`create database ${name}`);
  await admin.close();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), db: await openPostgres(url.toString(), 2) };
}

async function dump(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, columns] of Object.entries(TABLES)) {
    const { rows } = await db.query(`select ${columns} from ${table} order by 1, 2`);
    out[table] = JSON.stringify(rows);
  }
  return out;
}

/** The sync CLI as a separate process, against PostgreSQL and the shared test Redis (its own db index). */
describe('a sync killed with SIGKILL mid-way', () => {
  const suffix = `${process.pid}`;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const databases: Array<{ db: Database; name: string }> = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tt-kill-'));
    const { HUBSPOT_ACCESS_TOKEN: _a, HUBSPOT_CLIENT_ID: _b, HUBSPOT_CLIENT_SECRET: _c, ...clean } = process.env;
    env = { ...clean, TELLTALE_DATA_DIR: dataDir, TELLTALE_SANDBOX_ACCOUNTS: '300', TELLTALE_SANDBOX_AS_OF: '2026-06-30', LOG_LEVEL: 'warn', REDIS_URL: 'redis://127.0.0.1:6379/7' };
    for (const db of ['7', '8']) spawnSync('redis-cli', ['-n', db, 'flushdb']);
  });
  afterAll(async () => {
    for (const { db, name } of databases) {
      await db.close();
      const admin = await openPostgres(TEST_POSTGRES_URL, 1);
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    }
    for (const db of ['7', '8']) spawnSync('redis-cli', ['-n', db, 'flushdb']);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes from its cursors in a new process and ends with the same store as an uninterrupted sync', async () => {
    const interrupted = await createDatabase(`tt_kill_a_${suffix}`);
    const reference = await createDatabase(`tt_kill_b_${suffix}`);
    databases.push({ db: interrupted.db, name: `tt_kill_a_${suffix}` }, { db: reference.db, name: `tt_kill_b_${suffix}` });

    const first = spawn(process.execPath, [bin, 'sync', '--tenant', PORTAL_TENANT], { cwd: root, env: { ...env, DATABASE_URL: interrupted.url }, stdio: 'ignore' });
    const exited = new Promise((done) => first.once('exit', done));
    let progressed = false;
    for (let i = 0; i < 600 && !progressed; i++) {
      await new Promise((done) => setTimeout(done, 100));
      const { rows } = await interrupted.db
        .query<{ n: number }>(`select count(*)::int as n from sync_cursors where cursor is not null`)
        .catch(() => ({ rows: [{ n: 0 }] }));
      progressed = (rows[0]?.n ?? 0) >= 3;
    }
    expect(progressed).toBe(true);
    first.kill('SIGKILL');
    await exited;
    const partial = await interrupted.db.query<{ n: number }>(`select count(*)::int as n from sync_runs where status = 'running'`);
    expect(partial.rows[0]?.n).toBe(1);

    const resumed = spawnSync(process.execPath, [bin, 'sync', '--tenant', PORTAL_TENANT], { cwd: root, env: { ...env, DATABASE_URL: interrupted.url }, encoding: 'utf8', timeout: 240_000 });
    expect(resumed.status, resumed.stderr).toBe(0);
    const whole = spawnSync(process.execPath, [bin, 'sync', '--tenant', PORTAL_TENANT], { cwd: root, env: { ...env, DATABASE_URL: reference.url, REDIS_URL: 'redis://127.0.0.1:6379/8' }, encoding: 'utf8', timeout: 240_000 });
    expect(whole.status, whole.stderr).toBe(0);

    // The resumed run read only what the killed one had not committed.
    const records = (output: string) => Number(/done: (\d+) records/.exec(output)?.[1]);
    expect(records(resumed.stdout)).toBeGreaterThan(0);
    expect(records(resumed.stdout)).toBeLessThan(records(whole.stdout));
    const runs = await interrupted.db.query<{ status: string; error: string | null }>('select status, error from sync_runs order by id');
    expect(runs.rows).toEqual([
      { status: 'failed', error: 'interrupted: the process running it stopped' },
      { status: 'succeeded', error: null },
    ]);

    const [a, b] = [await dump(interrupted.db), await dump(reference.db)];
    expect(JSON.parse(a.accounts!).length).toBe(300);
    for (const table of Object.keys(TABLES)) expect(a[table], table).toBe(b[table]);
  });
});
