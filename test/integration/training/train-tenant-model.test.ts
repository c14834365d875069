import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrainingTable } from '../../../server/src/features/training-table.js';
import { OnnxPool } from '../../../server/src/scoring/onnx-pool.js';
import type { Database } from '../../../server/src/store/database.js';
import { activeTenantModelDir, listTenantModelVersions } from '../../../server/src/store/tenant-models.js';
import type { Tenant } from '../../../server/src/store/tenants.js';
import { PythonRunError, runTelltaleModels } from '../../../server/src/training/python.js';
import { trainTenantModel, type TrainTenantModelOptions } from '../../../server/src/training/train-tenant-model.js';
import { starterModelDir, tenantModelRoot } from '../../../server/src/training/version-dirs.js';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../../support/test-databases.js';
import { buildPortfolioTenant } from './portfolio-tenant.js';

const AS_OF = '2026-06-30';

/**
 * A model that ranks the tenant's accounts backwards: trained by the real pipeline on the tenant's
 * own table with every churn label flipped. Any sensible candidate beats it.
 */
async function trainBackwardsModel(db: Database, tenantId: string, dir: string): Promise<string> {
  const table = join(dir, 'table.csv');
  await exportTrainingTable({ db, tenantId, out: table });
  const [header, ...lines] = (await readFile(table, 'utf8')).trimEnd().split('\n');
  const label = header!.split(',').indexOf('churned_by_renewal');
  const flipped = lines.map((line) => {
    const cells = line.split(',');
    cells[label] = cells[label] === '1' ? '0' : cells[label] === '0' ? '1' : '';
    return cells.join(',');
  });
  await writeFile(table, `${header}\n${flipped.join('\n')}\n`);
  await runTelltaleModels(['train', 'churn', '--table', table, '--out', join(dir, 'model')]);
  return join(dir, 'model');
}

// The tenants of both databases hold the same rows (a seeded portfolio), so one backwards model serves both.
let backwardsModel: Promise<string> | undefined;
const backwardsDir = mkdtemp(join(tmpdir(), 'tt-train-backwards-'));
afterAll(async () => {
  await rm(await backwardsDir, { recursive: true, force: true });
});

describe.each(DATABASE_KINDS)('telltale train for a tenant on %s', (kind) => {
  let handle: TestDatabase;
  let db: Database;
  let pool: OnnxPool;
  let dataDir: string;
  let tenant: Tenant;
  let young: Tenant;
  let backwardsStarter: string;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    db = handle.db;
    pool = new OnnxPool({ threads: 1 });
    dataDir = await mkdtemp(join(tmpdir(), 'tt-train-tenant-'));
    // 400 accounts over three years: 58 / 45 / 44 churned accounts in the training / calibration / holdout windows.
    tenant = await buildPortfolioTenant(db, { seed: 7, accounts: 400, asOf: AS_OF });
    young = await buildPortfolioTenant(db, { seed: 8, accounts: 40, asOf: AS_OF });
    backwardsModel ??= backwardsDir.then((dir) => trainBackwardsModel(db, tenant.id, dir));
    backwardsStarter = await backwardsModel;
  });

  afterAll(async () => {
    await pool?.close();
    await handle?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const train = (overrides: Partial<TrainTenantModelOptions> & { tenantId: string }) => {
    const progress: string[] = [];
    const result = trainTenantModel({ db, pool, dataDir, model: 'churn', onProgress: (line) => progress.push(line), ...overrides });
    return { result, progress };
  };

  it('keeps the starter model and says how many more churned accounts are needed when a window has too few', async () => {
    const { result, progress } = train({ tenantId: young.id });
    const outcome = await result;
    expect(outcome.outcome).toBe('too-few-outcomes');
    const { windows, more_needed: more } = outcome.outcomes;
    const churned = windows.train.churned_accounts + windows.calibrate.churned_accounts + windows.holdout.churned_accounts;
    expect(more).toBeGreaterThan(0);
    expect(more).toBe(['train', 'calibrate', 'holdout'].reduce((sum, w) => sum + Math.max(0, 30 - windows[w as 'train'].churned_accounts), 0));
    expect(outcome.message).toContain(`${churned} churned accounts observed in labelled windows`);
    expect(outcome.message).toContain(`at least 30 in each window: at least ${more} more needed`);
    expect(outcome.message).toMatch(/the starter model \(churn-\d{8}-[0-9a-f]{8}\) stays active$/);
    expect(outcome.serving).toMatchObject({ source: 'starter', dir: starterModelDir('churn') });
    expect(progress.at(-1)).toMatch(/^exported \d+ rows/);
    expect(await listTenantModelVersions(db, young.id)).toEqual([]);
    expect(await activeTenantModelDir(db, young.id, 'churn')).toBeUndefined();
    expect(existsSync(tenantModelRoot(dataDir, young.id, 'churn'))).toBe(false);
    expect(await readdir(join(dataDir, 'training'))).toEqual([]);
  });

  it('activates a candidate that beats the active model on identical rows of its holdout window', async () => {
    const { result, progress } = train({ tenantId: tenant.id, starterDir: backwardsStarter });
    const outcome = await result;
    if (outcome.outcome !== 'activated') throw new Error(`expected an activation, got ${outcome.outcome}: ${outcome.message}`);
    expect(outcome.version).toMatchObject({ version: 1, status: 'active', dir: join(tenantModelRoot(dataDir, tenant.id, 'churn'), 'v1') });
    expect(outcome.previous).toMatchObject({ source: 'starter', dir: backwardsStarter });
    expect(outcome.serving).toMatchObject({ source: 'tenant', version: 1 });
    expect(await activeTenantModelDir(db, tenant.id, 'churn')).toBe(outcome.version.dir);
    expect((await readdir(outcome.version.dir)).sort()).toEqual(['card.json', 'model.onnx', 'report.html']);

    const card = JSON.parse(await readFile(join(outcome.version.dir, 'card.json'), 'utf8')) as { version: string; training: { windows: { holdout: { rows: number; positives: number } } } };
    const { comparison } = outcome;
    expect(outcome.version.modelVersion).toBe(card.version);
    expect(comparison.window).toMatchObject({ rows: card.training.windows.holdout.rows, positives: card.training.windows.holdout.positives, churned_accounts: 44 });
    expect([comparison.candidate.rows, comparison.reference.rows]).toEqual([comparison.window.rows, comparison.window.rows]);
    expect([comparison.candidate.positives, comparison.reference.positives]).toEqual([comparison.window.positives, comparison.window.positives]);
    expect(comparison.candidate.roc_auc).toBeGreaterThan(comparison.reference.roc_auc);
    expect(comparison.bootstrap.share_candidate_better).toBeGreaterThanOrEqual(0.9);
    expect(outcome.message).toMatch(/^churn v1 \(churn-\d{8}-[0-9a-f]{8}\) activated: it beats the starter model/);
    expect(progress).toEqual(expect.arrayContaining([expect.stringMatching(/^\[8\/8\] writing model\.onnx/), expect.stringMatching(/^comparing churn-/)]));
  });

  it('rejects a candidate no better than the active version and keeps that version active', async () => {
    const active = await activeTenantModelDir(db, tenant.id, 'churn');
    // Same table, same seed: the pipeline is deterministic, so the candidate is the active model again.
    const outcome = await train({ tenantId: tenant.id, starterDir: backwardsStarter }).result;
    if (outcome.outcome !== 'rejected') throw new Error(`expected a rejection, got ${outcome.outcome}: ${outcome.message}`);
    expect(outcome.comparison?.bootstrap.auc_difference).toBe(0);
    expect(outcome.version).toMatchObject({ version: 2, status: 'rejected', comparedWith: expect.stringMatching(/^v1 churn-/) });
    expect(outcome.message).toMatch(/^churn v2 \(churn-.*\) rejected: it does not beat the tenant's v1 .*higher in 0% of 1000 account resamples.*; the tenant's v1 \(churn-.*\) stays active$/);
    expect(outcome.serving).toMatchObject({ source: 'tenant', version: 1, dir: active });
    expect(await activeTenantModelDir(db, tenant.id, 'churn')).toBe(active);
    expect((await listTenantModelVersions(db, tenant.id, 'churn')).map((v) => [v.version, v.status])).toEqual([[2, 'rejected'], [1, 'active']]);
  });

  it('never activates a candidate that scoring refuses, and the active version stays', async () => {
    const active = await activeTenantModelDir(db, tenant.id, 'churn');
    const corrupting: typeof runTelltaleModels = async (args, options) => {
      const stdout = await runTelltaleModels(args, options);
      const out = args[args.indexOf('--out') + 1]!;
      await truncate(join(out, 'model.onnx'), 100);
      return stdout;
    };
    const outcome = await train({ tenantId: tenant.id, starterDir: backwardsStarter, runPipeline: corrupting }).result;
    if (outcome.outcome !== 'rejected') throw new Error(`expected a rejection, got ${outcome.outcome}: ${outcome.message}`);
    expect(outcome.comparison).toBeNull();
    expect(outcome.version).toMatchObject({ version: 3, status: 'rejected', comparedWith: null, modelVersion: null });
    expect(outcome.version.reason).toMatch(/^scoring refuses it: model .*\/v3 refused \(MODEL_FILE_MISMATCH\): model\.onnx has sha256 /);
    expect(outcome.message).toMatch(/^churn v3 rejected: scoring refuses it: .*; the tenant's v1 \(churn-.*\) stays active$/);
    expect(await activeTenantModelDir(db, tenant.id, 'churn')).toBe(active);
  });

  it('changes nothing stored or on disk when training fails', async () => {
    const before = await listTenantModelVersions(db, tenant.id);
    const failing: typeof runTelltaleModels = async (args) => {
      const out = args[args.indexOf('--out') + 1]!;
      await writeFile(join(out, 'model.onnx'), 'half written');
      throw new PythonRunError('python -m telltale_models train failed: out of memory', 1, 'MemoryError');
    };
    await expect(train({ tenantId: tenant.id, starterDir: backwardsStarter, runPipeline: failing }).result).rejects.toThrow(/out of memory/);
    expect(await listTenantModelVersions(db, tenant.id)).toEqual(before);
    expect((await readdir(tenantModelRoot(dataDir, tenant.id, 'churn'))).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(await readdir(join(dataDir, 'training'))).toEqual([]);
  });

  it('refuses an unknown tenant or a model it cannot train, naming it', async () => {
    await expect(train({ tenantId: 'hubspot-404' }).result).rejects.toThrow('no tenant "hubspot-404"');
    await expect(train({ tenantId: tenant.id, model: 'upsell' }).result).rejects.toThrow('model "upsell" cannot be trained for a tenant; choose one of: churn');
  });
});
