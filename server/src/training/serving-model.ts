/** Which model scores a tenant now: its active version, or the committed starter model. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from '../store/database.js';
import { activeTenantModel } from '../store/tenant-models.js';

/** The model a tenant is scored with. `modelVersion` is the card's version (null when the card cannot be read). */
export type ServingModel =
  | { source: 'tenant'; version: number; modelVersion: string | null; dir: string }
  | { source: 'starter'; modelVersion: string | null; dir: string };

async function cardVersion(dir: string): Promise<string | null> {
  try {
    const card = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8')) as { version?: unknown };
    return typeof card.version === 'string' ? card.version : null;
  } catch {
    return null;
  }
}

/** The tenant's active version of `model` from the store, else the starter in `starterDir`. */
export async function servingModel(db: Queryable, tenantId: string, model: string, starterDir: string): Promise<ServingModel> {
  const active = await activeTenantModel(db, tenantId, model);
  if (active) return { source: 'tenant', version: active.version, modelVersion: active.modelVersion, dir: active.dir };
  return { source: 'starter', modelVersion: await cardVersion(starterDir), dir: starterDir };
}

/** "the starter model churn-20261123-65688cff" / "the tenant's v3 (churn-…)". */
export function describeServing(serving: ServingModel): string {
  const version = serving.modelVersion ? ` (${serving.modelVersion})` : '';
  return serving.source === 'starter' ? `the starter model${version}` : `the tenant's v${serving.version}${version}`;
}
