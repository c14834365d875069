import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/src/store/database.js';
import {
  ActiveModelChangedError,
  activeTenantModelDir,
  listTenantModelVersions,
  recordTenantModelVersion,
  type NewTenantModelVersion,
} from '../../../server/src/store/tenant-models.js';
import { ensureTenant, type Tenant } from '../../../server/src/store/tenants.js';
import { reserveVersionDir, tenantModelRoot } from '../../../server/src/training/version-dirs.js';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

describe.each(DATABASE_KINDS)('tenant model versions on %s', (kind) => {
  let handle: TestDatabase;
  let db: Database;
  let tenant: Tenant;
  let dataDir: string;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    db = handle.db;
    tenant = await ensureTenant(db, { crm: 'hubspot', externalId: '4242', name: 'Versions' });
    dataDir = await mkdtemp(join(tmpdir(), 'tt-tenant-models-'));
  });
  afterAll(async () => {
    await handle?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const version = (n: number, status: 'active' | 'rejected', model = 'churn'): NewTenantModelVersion => ({
    tenantId: tenant.id,
    model,
    version: n,
    modelVersion: `churn-20260101-0000000${n}`,
    dir: `/data/models/${tenant.id}/${model}/v${n}`,
    status,
    reason: status === 'active' ? 'it beats the starter model' : 'it does not beat the active model',
    comparedWith: 'starter churn-20261123-65688cff',
    comparison: { verdict: { beats: status === 'active' } },
    outcomes: { churned_accounts: 120 },
    trainedAt: `2026-01-0${n}T10:00:00.000Z`,
    decidedAt: `2026-01-0${n}T10:05:00.000Z`,
  });

  it('serves the starter model (no directory) until a version is activated', async () => {
    expect(await activeTenantModelDir(db, tenant.id, 'churn')).toBeUndefined();
    const rejected = await recordTenantModelVersion(db, version(1, 'rejected'), null);
    expect(rejected).toMatchObject({ version: 1, status: 'rejected', retiredAt: null, comparison: { verdict: { beats: false } }, outcomes: { churned_accounts: 120 } });
    expect(await activeTenantModelDir(db, tenant.id, 'churn')).toBeUndefined();
  });

  it('activating a version retires the one active before it, leaving exactly one active', async () => {
    await recordTenantModelVersion(db, version(2, 'active'), null);
    expect(await activeTenantModelDir(db, tenant.id, 'churn')).toBe(`/data/models/${tenant.id}/churn/v2`);
    await recordTenantModelVersion(db, version(3, 'active'), 2);
    const versions = await listTenantModelVersions(db, tenant.id, 'churn');
    expect(versions.map((v) => [v.version, v.status, v.retiredAt])).toEqual([
      [3, 'active', null],
      [2, 'retired', '2026-01-03T10:05:00.000Z'],
      [1, 'rejected', null],
    ]);
    expect(await activeTenantModelDir(db, tenant.id, 'churn')).toBe(`/data/models/${tenant.id}/churn/v3`);
  });

  it('refuses to activate a version compared with a model that is no longer active, writing nothing', async () => {
    const before = await listTenantModelVersions(db, tenant.id);
    await expect(recordTenantModelVersion(db, version(4, 'active'), 2)).rejects.toThrow(ActiveModelChangedError);
    await expect(recordTenantModelVersion(db, version(4, 'active'), null)).rejects.toThrow(/the active version is v3, not the starter model/);
    expect(await listTenantModelVersions(db, tenant.id)).toEqual(before);
  });

  it('never holds two active versions of one tenant and model, even when written directly', async () => {
    await expect(
      db.query(
        `insert into tenant_model_versions (tenant_id, model, version, dir, status, reason, outcomes, trained_at, decided_at)
         values ($1, 'churn', 9, '/x', 'active', 'direct', '{}'::jsonb, now(), now())`,
        [tenant.id],
      ),
    ).rejects.toThrow(/tenant_model_versions_one_active/);
  });

  it('keeps versions per model apart', async () => {
    await recordTenantModelVersion(db, version(1, 'active', 'expansion'), null);
    expect(await activeTenantModelDir(db, tenant.id, 'expansion')).toBe(`/data/models/${tenant.id}/expansion/v1`);
    expect((await listTenantModelVersions(db, tenant.id, 'churn')).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('numbers a new version directory after every version stored or left on disk', async () => {
    const root = tenantModelRoot(dataDir, tenant.id, 'churn');
    expect(await reserveVersionDir(db, dataDir, tenant.id, 'churn')).toEqual({ version: 4, dir: join(root, 'v4') });
    await mkdir(join(root, 'v7'));
    const [a, b] = await Promise.all([reserveVersionDir(db, dataDir, tenant.id, 'churn'), reserveVersionDir(db, dataDir, tenant.id, 'churn')]);
    expect([a.version, b.version].sort()).toEqual([8, 9]);
    expect((await readdir(root)).sort()).toEqual(['v4', 'v7', 'v8', 'v9']);
  });
});
