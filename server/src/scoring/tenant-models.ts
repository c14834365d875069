/**
 * The models a tenant is scored with. Where a tenant's model of a name lives comes from a resolver
 * (default: the committed starter models); each (tenant, name) is activated from its directory on
 * first use and whenever the resolver names another directory. A refused directory leaves the
 * tenant's previous model of that name in use; with none, the refusal is thrown.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging/logger.js';
import type { LoadedModel } from './model-card.js';
import type { ModelName } from './model-kinds.js';
import type { ModelRegistry } from './model-registry.js';

/** The directory (model.onnx + card.json) of a tenant's model of a name. */
export type ModelDirResolver = (tenantId: string, model: ModelName) => string | Promise<string>;

/** The committed starter models, resolved from the repository root (as manifests/features.json is). */
export const STARTER_MODEL_DIRS: Readonly<Record<ModelName, string>> = {
  churn: fileURLToPath(new URL('../../../models/churn/', import.meta.url)),
  expansion: fileURLToPath(new URL('../../../models/expansion/', import.meta.url)),
  health: fileURLToPath(new URL('../../../models/health/', import.meta.url)),
};

export const starterModelDirs: ModelDirResolver = (_tenantId, model) => STARTER_MODEL_DIRS[model];

export class TenantModels {
  private readonly loading = new Map<string, Promise<LoadedModel>>();

  constructor(
    private readonly deps: { registry: ModelRegistry; logger: Logger; resolveDir?: ModelDirResolver | undefined },
  ) {}

  /** The model `name` of `tenantId`, loaded and verified; throws ModelRejectedError when none can be used. */
  async get(tenantId: string, name: ModelName): Promise<LoadedModel> {
    const dir = resolve(await (this.deps.resolveDir ?? starterModelDirs)(tenantId, name));
    const key = `${tenantId}/${name}`;
    const active = this.deps.registry.get(key);
    if (active?.dir === dir) return active;
    const pending = `${key}@${dir}`;
    let load = this.loading.get(pending);
    if (!load) {
      load = this.activate(dir, key, name).finally(() => this.loading.delete(pending));
      this.loading.set(pending, load);
    }
    return load;
  }

  private async activate(dir: string, key: string, name: ModelName): Promise<LoadedModel> {
    const result = await this.deps.registry.activate(dir, key, name);
    if (result.activated) {
      this.deps.logger.info({ key, model: name, version: result.model.version, dir }, 'model activated');
      return result.model;
    }
    this.deps.logger.error({ key, model: name, dir, reason: result.error.reason, err: result.error.message }, 'model refused');
    if (result.active) return result.active;
    throw result.error;
  }
}
