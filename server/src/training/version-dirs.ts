/** Where a tenant's model versions live on disk, and how a training run claims the next one. */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelName } from '../scoring/model-kinds.js';
import { STARTER_MODEL_DIRS } from '../scoring/tenant-models.js';
import type { Queryable } from '../store/database.js';
import { highestTenantModelVersion } from '../store/tenant-models.js';

/** The committed starter model of `model` (models/<model>/ in the repository): what serves a tenant with no active version. */
export function starterModelDir(model: ModelName): string {
  return STARTER_MODEL_DIRS[model];
}

/** `<dataDir>/models/<tenant>/<model>/`: one `v<N>/` directory per trained version. */
export function tenantModelRoot(dataDir: string, tenantId: string, model: string): string {
  return join(dataDir, 'models', encodeURIComponent(tenantId), model);
}

const versionOf = (name: string) => (/^v([1-9]\d*)$/.exec(name) ? Number(name.slice(1)) : 0);

/**
 * Creates the next version directory, numbered after every version recorded in the store and every
 * directory already on disk (a run that died leaves its directory, never its number, behind). The
 * directory is created exclusively, so two runs never claim the same number.
 */
export async function reserveVersionDir(db: Queryable, dataDir: string, tenantId: string, model: string): Promise<{ version: number; dir: string }> {
  const root = tenantModelRoot(dataDir, tenantId, model);
  await mkdir(root, { recursive: true });
  const onDisk = Math.max(0, ...(await readdir(root)).map(versionOf));
  let version = Math.max(onDisk, await highestTenantModelVersion(db, tenantId, model)) + 1;
  for (;;) {
    const dir = join(root, `v${version}`);
    try {
      await mkdir(dir);
      return { version, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      version += 1;
    }
  }
}
