import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed starter models. */
export const CHURN_MODEL_DIR = fileURLToPath(new URL('../../../models/churn/', import.meta.url));
export const EXPANSION_MODEL_DIR = fileURLToPath(new URL('../../../models/expansion/', import.meta.url));
export const HEALTH_MODEL_DIR = fileURLToPath(new URL('../../../models/health/', import.meta.url));

/** The card.json of a model directory, as JSON. */
export async function readCard(dir: string): Promise<{ version: string; onnx: { outputs: { name: string }[] }; imputation: { medians: Record<string, number | null> }; risk_scale: { points: number[] } }> {
  return JSON.parse(await readFile(join(dir, 'card.json'), 'utf8')) as Awaited<ReturnType<typeof readCard>>;
}

export interface ParityRow {
  account_id: string;
  snapshot_date: string;
  values: (number | null)[];
  imputed: string[];
  probability: number;
}

/** test/fixtures/scoring/churn-parity.json (see make_parity_fixture.py there). */
export async function readParityFixture(): Promise<{ features: string[]; rows: ParityRow[] }> {
  const text = await readFile(fileURLToPath(new URL('../../fixtures/scoring/churn-parity.json', import.meta.url)), 'utf8');
  return JSON.parse(text) as { features: string[]; rows: ParityRow[] };
}

export function toValues(row: ParityRow): Float64Array {
  return Float64Array.from(row.values, (v) => (v === null ? Number.NaN : v));
}

/** A temporary copy of a model directory (default: the churn starter) that a test may damage; `cleanup` removes it. */
export async function copyOfModel(from: string = CHURN_MODEL_DIR): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tt-scoring-'));
  await copyFile(join(from, 'card.json'), join(dir, 'card.json'));
  await copyFile(join(from, 'model.onnx'), join(dir, 'model.onnx'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Rewrites the copy's card.json through `edit`. */
export async function editCard(dir: string, edit: (card: Record<string, unknown>) => void): Promise<void> {
  const path = join(dir, 'card.json');
  const card = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(card);
  await writeFile(path, JSON.stringify(card));
}
