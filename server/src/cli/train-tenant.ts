/**
 * `telltale train <model> --tenant ID`: trains the tenant's own model from its stored history and
 * activates it only when it beats the one serving the tenant (server/src/training/README.md). With
 * embedded PGlite owned by a running service, the service runs the training and this command follows
 * its progress; otherwise the command opens the database itself.
 */
import { parseConfig } from '../config/env.js';
import { OnnxPool } from '../scoring/onnx-pool.js';
import { openDatabase } from '../store/open-database.js';
import { listTenants } from '../store/tenants.js';
import { TrainingInputError } from '../training/training-input-error.js';
import { trainTenantModel, type TrainTenantModelResult } from '../training/train-tenant-model.js';
import type { TrainingRun } from '../training/training-runs.js';
import { adminRequest, findRunningService } from './service-client.js';

const POLL_MS = 1000;

/** Prints progress lines and the decision; resolves with the result. */
export async function trainForTenant(model: string, tenantId: string, seed: number | undefined, print: (line: string) => void = console.log): Promise<TrainTenantModelResult> {
  const config = parseConfig();
  const running = config.databaseUrl ? undefined : await findRunningService(config.dataDir);
  if (running) {
    const base = `/api/v1/tenants/${encodeURIComponent(tenantId)}/models/${encodeURIComponent(model)}`;
    const started = await adminRequest<{ run: TrainingRun; poll: string }>(running, 'POST', `${base}/train`, seed === undefined ? {} : { seed });
    print(`training ${model} for ${started.run.tenantId} in the running service (${running.url})`);
    let seen = 0;
    for (;;) {
      const run = await adminRequest<TrainingRun>(running, 'GET', started.poll);
      const fresh = run.progressTotal - seen;
      for (const line of run.progress.slice(Math.max(0, run.progress.length - fresh))) print(line);
      seen = run.progressTotal;
      if (run.state === 'failed') throw new Error(run.error ?? 'training failed');
      if (run.state === 'succeeded' && run.result) {
        print(run.result.message);
        return run.result;
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const pool = new OnnxPool();
  try {
    const tenants = await listTenants(db);
    const tenant = tenantId === '_default' ? (tenants.length === 1 ? tenants[0] : tenants.find((t) => t.isSandbox)) : tenants.find((t) => t.id === tenantId);
    if (!tenant) throw new TrainingInputError(`--tenant: no tenant "${tenantId}" (tenants: ${tenants.map((t) => t.id).join(', ') || 'none — run telltale sync first'})`);
    const result = await trainTenantModel({ db, pool, dataDir: config.dataDir, tenantId: tenant.id, model, onProgress: print, ...(seed === undefined ? {} : { seed }) });
    print(result.message);
    return result;
  } finally {
    await pool.close();
    await db.close();
  }
}
