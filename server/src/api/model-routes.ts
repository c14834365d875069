import { Router, type Response } from 'express';
import { z } from 'zod';
import type { OnnxPool } from '../scoring/onnx-pool.js';
import type { Database } from '../store/database.js';
import { listTenantModelVersions } from '../store/tenant-models.js';
import { getTenant, listTenants, type Tenant } from '../store/tenants.js';
import { servingModel } from '../training/serving-model.js';
import { TENANT_MODELS, parseTenantModel, trainTenantModel, type TenantModelName } from '../training/train-tenant-model.js';
import { TrainingInputError } from '../training/training-input-error.js';
import { TrainingAlreadyRunningError, TrainingRuns } from '../training/training-runs.js';
import { starterModelDir } from '../training/version-dirs.js';

const trainBody = z.object({ seed: z.number().int().min(0).optional() }).strict();

export interface ModelRouterDeps {
  db: Database;
  /** Verifies candidates as scoring loads them. */
  pool: OnnxPool;
  dataDir: string;
  /** Runs in this process (default: a new registry); the service closes it on shutdown. */
  runs?: TrainingRuns;
  /** Default trainTenantModel. */
  train?: typeof trainTenantModel;
  /** The starter model directory of a model (default: the committed models/<model>/). */
  starterDir?: (model: TenantModelName) => string;
}

/**
 * Tenant models, under /api/v1 (admin token). `:tenantId` may be `_default` (the only tenant, else the sandbox tenant).
 * - GET  /tenants/:tenantId/models                 per trainable model: the serving model (tenant version or starter),
 *                                                  every trained version (newest first), and the latest training run
 * - POST /tenants/:tenantId/models/:model/train    starts `telltale train` for the tenant in the background
 *                                                  ({seed?: integer}); 202 with the run and the URL to poll;
 *                                                  409 while a run of the same tenant and model is in progress
 * - GET  /tenants/:tenantId/models/:model/training the latest run in this process: state running|succeeded|failed,
 *                                                  progress lines, the result (outcome, message, version, comparison) or error
 * Unknown tenant: 404; a model that cannot be trained for a tenant or a bad body: 400; nothing is started.
 */
export function createModelRouter(deps: ModelRouterDeps): Router {
  const router = Router();
  const runs = deps.runs ?? new TrainingRuns();
  const train = deps.train ?? trainTenantModel;
  const starterDir = deps.starterDir ?? starterModelDir;

  router.get('/tenants/:tenantId/models', async (req, res) => {
    const tenant = await resolveTenant(deps.db, req.params.tenantId, res);
    if (!tenant) return;
    const models = await Promise.all(
      TENANT_MODELS.map(async (model) => ({
        model,
        serving: await servingModel(deps.db, tenant.id, model, starterDir(model)),
        versions: await listTenantModelVersions(deps.db, tenant.id, model),
        training: runs.get(tenant.id, model) ?? null,
      })),
    );
    res.json({ tenantId: tenant.id, models });
  });

  router.post('/tenants/:tenantId/models/:model/train', async (req, res) => {
    const model = parseModel(req.params.model, res);
    if (!model) return;
    const body = trainBody.safeParse(req.body ?? {});
    if (!body.success) {
      res.status(400).json({ error: 'invalid_request', message: body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      return;
    }
    const tenant = await resolveTenant(deps.db, req.params.tenantId, res);
    if (!tenant) return;
    try {
      const run = runs.start(tenant.id, model, ({ onProgress, signal }) =>
        train({ db: deps.db, pool: deps.pool, dataDir: deps.dataDir, tenantId: tenant.id, model, starterDir: starterDir(model), onProgress, signal, ...(body.data.seed === undefined ? {} : { seed: body.data.seed }) }),
      );
      res.status(202).json({ run, poll: `/api/v1/tenants/${encodeURIComponent(tenant.id)}/models/${model}/training` });
    } catch (error) {
      if (!(error instanceof TrainingAlreadyRunningError)) throw error;
      res.status(409).json({ error: 'training_running', message: error.message, run: error.run });
    }
  });

  router.get('/tenants/:tenantId/models/:model/training', async (req, res) => {
    const model = parseModel(req.params.model, res);
    if (!model) return;
    const tenant = await resolveTenant(deps.db, req.params.tenantId, res);
    if (!tenant) return;
    const run = runs.get(tenant.id, model);
    if (!run) {
      res.status(404).json({ error: 'not_found', message: `no ${model} training of ${tenant.id} has run since the service started` });
      return;
    }
    res.json(run);
  });

  return router;
}

function parseModel(name: string, res: Response): TenantModelName | undefined {
  try {
    return parseTenantModel(name);
  } catch (error) {
    if (!(error instanceof TrainingInputError)) throw error;
    res.status(400).json({ error: 'unknown_model', message: error.message });
    return undefined;
  }
}

/** The tenant the path names (`_default`: the only tenant, else the sandbox tenant); answers 404 and returns undefined when there is none. */
async function resolveTenant(db: Database, wanted: string, res: Response): Promise<Tenant | undefined> {
  let tenant: Tenant | undefined;
  if (wanted === '_default') {
    const tenants = await listTenants(db);
    tenant = tenants.length === 1 ? tenants[0] : tenants.find((t) => t.isSandbox);
  } else {
    tenant = await getTenant(db, wanted);
  }
  if (!tenant) res.status(404).json({ error: 'not_found', message: wanted === '_default' ? 'no default tenant: name one (several tenants, none of them the sandbox)' : `no tenant ${wanted}` });
  return tenant;
}
