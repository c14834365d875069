/**
 * The scoring part of `npm run bench`: accounts scored per second through the service's own path
 * (OnnxPool worker threads, imputation, Shapley over the six signal groups), against the raw ONNX
 * throughput of the same rows in the same run, and the process's resident memory (the pool's
 * workers are threads of this process).
 */
import { STARTER_MODEL_DIRS } from '../scoring/tenant-models.js';
import { loadModel } from '../scoring/model-card.js';
import { OnnxPool } from '../scoring/onnx-pool.js';
import type { AccountRow } from '../scoring/predict-accounts.js';
import { scoreAccounts } from '../scoring/score-accounts.js';
import { scoreExpansion } from '../scoring/score-expansion.js';
import { scoreHealth } from '../scoring/score-health.js';

const ACCOUNTS = 100_000;
const RAW_BATCH = 4096;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Repeats the sampled feature rows up to `n` accounts (the bench portfolio has 2,000 companies). */
function replicate(rows: readonly AccountRow[], n: number): AccountRow[] {
  return Array.from({ length: n }, (_, i) => ({ accountId: String(i), values: rows[i % rows.length]!.values }));
}

export async function benchScoring(sample: readonly AccountRow[], print: (line: string) => void = console.log): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const pool = new OnnxPool();
  try {
    const churn = await loadModel(STARTER_MODEL_DIRS.churn, { pool, expectedModel: 'churn' });
    const expansion = await loadModel(STARTER_MODEL_DIRS.expansion, { pool, expectedModel: 'expansion' });
    const health = await loadModel(STARTER_MODEL_DIRS.health, { pool, expectedModel: 'health' });
    const rows = replicate(sample, ACCOUNTS);
    print(`\nscoring (${pool.threads} worker threads, ${ACCOUNTS.toLocaleString('en-US')} accounts from ${sample.length} feature rows)`);

    const matrix = new Float32Array(rows.length * churn.featureNames.length);
    rows.forEach((r, i) => matrix.set(r.values, i * churn.featureNames.length));
    const raw = await timed(async () => {
      const runs: Promise<Float32Array>[] = [];
      for (let start = 0; start < rows.length; start += RAW_BATCH) {
        const end = Math.min(rows.length, start + RAW_BATCH);
        runs.push(pool.predict(churn.onnx, matrix.slice(start * churn.featureNames.length, end * churn.featureNames.length)));
      }
      return Promise.all(runs);
    });
    print(`  churn, raw ONNX rows          ${rate(rows.length, raw.ms)} rows/s (${(raw.ms / 1000).toFixed(1)} s)`);
    const plain = await timed(() => scoreAccounts({ pool, model: churn, rows, explain: false }));
    print(`  churn, scored                 ${rate(rows.length, plain.ms)} accounts/s (${(plain.ms / 1000).toFixed(1)} s)`);
    const explained = await timed(() => scoreAccounts({ pool, model: churn, rows, explain: true }));
    print(
      `  churn, scored + explained     ${rate(rows.length, explained.ms)} accounts/s: ${ACCOUNTS.toLocaleString('en-US')} in ${(explained.ms / 1000).toFixed(1)} s ` +
        `(${churn.backgroundRows} background rows, ${2 ** churn.groups.length} coalitions; target < 60 s)`,
    );

    const expansionRows = rows.slice(0, 10_000);
    const expansionPlain = await timed(() => scoreExpansion({ pool, model: expansion, rows: expansionRows, explain: false }));
    print(`  expansion, scored             ${rate(expansionRows.length, expansionPlain.ms)} accounts/s`);
    const expansionExplained = await timed(() => scoreExpansion({ pool, model: expansion, rows: expansionRows.slice(0, 2_000), explain: true }));
    print(`  expansion, scored + explained ${rate(2_000, expansionExplained.ms)} accounts/s (${expansion.backgroundRows} background rows)`);
    const healthScored = await timed(() => scoreHealth({ pool, model: health, rows: expansionRows }));
    print(`  health forecast               ${rate(expansionRows.length, healthScored.ms)} accounts/s`);
    print(`  resident memory               ${mb(process.memoryUsage().rss)} (${mb(rssBefore)} before the pool; workers are threads of this process)`);
  } finally {
    await pool.close();
  }
}
