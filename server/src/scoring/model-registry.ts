/**
 * The active model per name. Activating a directory that is refused leaves the previous model active.
 */
import { loadModel, type LoadedModel, type LoadModelOptions } from './model-card.js';
import { ModelRejectedError } from './model-rejected-error.js';

export type ActivationResult = { activated: true; model: LoadedModel } | { activated: false; error: ModelRejectedError; active: LoadedModel | undefined };

export class ModelRegistry {
  private readonly active = new Map<string, LoadedModel>();

  constructor(private readonly options: LoadModelOptions) {}

  /** Loads and verifies `dir`; on success it becomes the active model of its name. Other errors propagate. */
  async activate(dir: string, name: string): Promise<ActivationResult> {
    try {
      const model = await loadModel(dir, this.options);
      this.active.set(name, model);
      return { activated: true, model };
    } catch (error) {
      if (error instanceof ModelRejectedError) return { activated: false, error, active: this.active.get(name) };
      throw error;
    }
  }

  /** The active model of `name`, if one was ever activated. */
  get(name: string): LoadedModel | undefined {
    return this.active.get(name);
  }
}
