/**
 * The active model per key (a model name, or a tenant's model). Activating a directory that is
 * refused leaves the previous model of that key active.
 */
import { loadModel, type LoadedModel, type LoadModelOptions } from './model-card.js';
import type { ModelName } from './model-kinds.js';
import { ModelRejectedError } from './model-rejected-error.js';

export type ActivationResult = { activated: true; model: LoadedModel } | { activated: false; error: ModelRejectedError; active: LoadedModel | undefined };

export class ModelRegistry {
  private readonly active = new Map<string, LoadedModel>();

  constructor(private readonly options: LoadModelOptions) {}

  /**
   * Loads and verifies `dir`; on success it becomes the active model of `key`. `expectedModel` refuses
   * a card naming another model. Errors other than a refusal propagate.
   */
  async activate(dir: string, key: string, expectedModel?: ModelName): Promise<ActivationResult> {
    try {
      const model = await loadModel(dir, { ...this.options, ...(expectedModel ? { expectedModel } : {}) });
      this.active.set(key, model);
      return { activated: true, model };
    } catch (error) {
      if (error instanceof ModelRejectedError) return { activated: false, error, active: this.active.get(key) };
      throw error;
    }
  }

  /** The active model of `key`, if one was ever activated. */
  get(key: string): LoadedModel | undefined {
    return this.active.get(key);
  }
}
