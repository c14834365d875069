import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'server/bin/telltale.js');
const python = join(root, 'models/.venv/bin/python');
const trainingTableSample = join(root, 'test/fixtures/training-table-sample.csv');

function telltale(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8' });
}

/** A seeded table of 300 customers x 6 months: text and number columns, empty and NA cells, a 0/1 label with a planted signal. */
function generatedTable(): string[][] {
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const rows = [['customer_id', 'month', 'plan', 'region', 'seats', 'logins_30d', 'churned']];
  for (let c = 0; c < 300; c++) {
    const plan = random() < 0.5 ? 'basic' : random() < 0.7 ? 'pro' : 'enterprise';
    const seats = 1 + Math.floor(random() * 150);
    for (let m = 1; m <= 6; m++) {
      const region = ['emea', 'amer', 'apac', ''][Math.floor(random() * 4)]!;
      const logins = Math.floor(random() * 60);
      const logit = -1.5 + (plan === 'basic' ? 1.5 : 0) - 0.05 * (logins - 30) + (region === 'apac' ? 0.5 : 0);
      const churned = random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0';
      rows.push([`c${c}`, `2024-0${m}-01`, plan, region, String(seats), random() < 0.1 ? 'NA' : String(logins), churned]);
    }
  }
  return rows;
}

const toCsv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';

function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])));
}

describe('telltale train and predict on a table of your own', () => {
  let dir: string;
  let model: string;
  let scoring: string;
  let trained: ReturnType<typeof telltale>;

  beforeAll(() => {
    if (!existsSync(join(root, 'server/dist/cli/main.js'))) throw new Error('build first: npm run build');
    dir = mkdtempSync(join(tmpdir(), 'tt-train-predict-'));
    model = join(dir, 'model');
    const table = generatedTable();
    writeFileSync(join(dir, 'table.csv'), toCsv(table));
    // Rows to score: no label, an extra column, a number missing where training never had one missing, an unseen category.
    const score = table.slice(0, 41).map((r) => [...r.slice(0, 6), 'ignored']);
    score[0]![6] = 'extra';
    score[1]![4] = '';
    score[2]![2] = 'platinum';
    scoring = join(dir, 'score.csv');
    writeFileSync(scoring, toCsv(score));
    trained = telltale(['train', 'churn', '--table', join(dir, 'table.csv'), '--label', 'churned', '--id', 'customer_id', '--time', 'month', '--out', model]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains with one progress line per step and writes the model, its card and its report', () => {
    expect(trained.status, trained.stderr).toBe(0);
    for (let step = 1; step <= 8; step++) expect(trained.stdout).toContain(`[${step}/8]`);
    for (const file of ['model.onnx', 'card.json', 'report.html']) expect(existsSync(join(model, file)), file).toBe(true);
    const card = JSON.parse(readFileSync(join(model, 'card.json'), 'utf8')) as { kind: string; table: { columns: { name: string; type: string }[] } };
    expect(card.kind).toBe('tabular');
    expect(card.table.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['plan:categorical', 'region:categorical', 'seats:numeric', 'logins_30d:numeric']);
  });

  it('predicts every row, flags imputed and unseen values, and agrees with Python to 1e-5', () => {
    const out = join(dir, 'predictions.csv');
    const run = telltale(['predict', '--model', model, '--table', scoring, '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const rows = readCsv(out);
    expect(Object.keys(rows[0]!)).toEqual(['customer_id', 'month', 'probability', 'low_confidence', 'imputed_columns', 'unseen_categories']);
    expect(rows).toHaveLength(40);
    expect(rows.slice(0, 3).map((r) => [r.low_confidence, r.imputed_columns, r.unseen_categories])).toEqual([
      ['true', 'seats', ''],
      ['true', 'plan', 'plan'],
      ['false', '', ''],
    ]);
    const reference = join(dir, 'python.csv');
    const py = spawnSync(python, ['-m', 'telltale_models', 'score', '--model', model, '--table', scoring, '--out', reference], { cwd: join(root, 'models'), encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const expected = readCsv(reference);
    expect(expected).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      expect(Math.abs(Number(row.probability) - Number(expected[i]!.probability)), `row ${i}`).toBeLessThanOrEqual(1e-5);
      expect(row.low_confidence).toBe(expected[i]!.low_confidence);
      expect(row.imputed_columns).toBe(expected[i]!.imputed_columns);
    });
  });

  it('names every column the table lacks and writes nothing', () => {
    const lacking = join(dir, 'lacking.csv');
    writeFileSync(lacking, toCsv(generatedTable().map((r) => [r[0]!, r[1]!, r[3]!, r[5]!])));
    const out = join(dir, 'lacking-out.csv');
    const run = telltale(['predict', '--model', model, '--table', lacking, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/lacks 2 column\(s\) the model churn-\S+ needs: plan, seats/);
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('names the line of a malformed row and leaves no output', () => {
    const malformed = join(dir, 'malformed.csv');
    const rows = generatedTable().slice(0, 20);
    rows[12] = rows[12]!.slice(0, 4);
    writeFileSync(malformed, toCsv(rows));
    const out = join(dir, 'malformed-out.csv');
    const run = telltale(['predict', '--model', model, '--table', malformed, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('telltale predict: line 13: 4 fields, the header has 7');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('refuses a damaged model file and an edited card', () => {
    const damaged = join(dir, 'damaged');
    cpSync(model, damaged, { recursive: true });
    writeFileSync(join(damaged, 'model.onnx'), readFileSync(join(model, 'model.onnx')).subarray(0, 500));
    const file = telltale(['predict', '--model', damaged, '--table', scoring, '--out', join(dir, 'x.csv')]);
    expect(file.status).toBe(2);
    expect(file.stderr).toMatch(/refused \(MODEL_FILE_MISMATCH\): model\.onnx has sha256/);
    cpSync(join(model, 'model.onnx'), join(damaged, 'model.onnx'));
    // Claiming that training saw `seats` missing would let a missing seat count through unflagged.
    const card = JSON.parse(readFileSync(join(model, 'card.json'), 'utf8')) as { table: { columns: { name: string; missing_in_training: number }[] } };
    card.table.columns.find((c) => c.name === 'seats')!.missing_in_training = 0.2;
    writeFileSync(join(damaged, 'card.json'), JSON.stringify(card));
    const edited = telltale(['predict', '--model', damaged, '--table', scoring, '--out', join(dir, 'x.csv')]);
    expect(edited.status).toBe(2);
    expect(edited.stderr).toMatch(/refused \(MANIFEST_MISMATCH\): the card's columns, categories or medians do not match its fingerprint/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('names a label column the table does not have, with status 2', () => {
    const run = telltale(['train', 'churn', '--table', join(dir, 'table.csv'), '--label', 'cancelled', '--out', join(dir, 'm2')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^telltale train: the table has no column for --label 'cancelled'; its columns are: customer_id, month/);
    expect(existsSync(join(dir, 'm2'))).toBe(false);
  });
});

describe('telltale train and predict on the product training table', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(join(root, 'server/dist/cli/main.js'))) throw new Error('build first: npm run build');
    dir = mkdtempSync(join(tmpdir(), 'tt-train-starter-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains churn from the exported table with progress lines', () => {
    const run = telltale(['train', 'churn', '--table', trainingTableSample, '--out', join(dir, 'churn'), '--seed', '3']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\[1\/8\] loading /m);
    expect(run.stdout).toMatch(/^\[8\/8\] writing model\.onnx, card\.json and report\.html/m);
    expect(existsSync(join(dir, 'churn', 'model.onnx'))).toBe(true);
  });

  it('scores the exported table with each starter model, keeping its id columns', () => {
    for (const [name, outputs] of [
      ['churn', ['probability']],
      ['expansion', ['p_30d', 'p_90d', 'p_365d', 'expected_amount']],
    ] as const) {
      const out = join(dir, `${name}.csv`);
      const run = telltale(['predict', '--model', join(root, 'models', name), '--table', trainingTableSample, '--out', out]);
      expect(run.status, run.stderr).toBe(0);
      const rows = readCsv(out);
      expect(rows).toHaveLength(readFileSync(trainingTableSample, 'utf8').trim().split('\n').length - 1);
      expect(Object.keys(rows[0]!)).toEqual(['tenant_id', 'account_id', 'snapshot_date', ...outputs, 'low_confidence', 'imputed_columns']);
      expect(rows.every((r) => Number(r[outputs[0]]) >= 0 && Number(r[outputs[0]]) <= 1)).toBe(true);
      // A row is low-confidence exactly when some value was filled from the card.
      expect(rows.every((r) => (r.low_confidence === 'true') === (r.imputed_columns !== ''))).toBe(true);
    }
  });

  it('refuses a table that is not the training table, with a hint for a table of your own', () => {
    writeFileSync(join(dir, 'other.csv'), 'a,b\n1,0\n');
    const run = telltale(['train', 'churn', '--table', join(dir, 'other.csv'), '--out', join(dir, 'x')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^telltale train: the table lacks \d+ column\(s\) the manifest/);
    expect(run.stderr).toMatch(/--label COLUMN/);
  });

  it('fills every missing value from the card and flags the row with --impute all', () => {
    const out = join(dir, 'churn-all.csv');
    const run = telltale(['predict', '--model', join(root, 'models', 'churn'), '--table', trainingTableSample, '--out', out, '--impute', 'all']);
    expect(run.status, run.stderr).toBe(0);
    const sample = readCsv(trainingTableSample);
    const rows = readCsv(out);
    const emptyPulse = sample.findIndex((r) => r.pulse === '');
    const full = sample.findIndex((r) => Object.values(r).slice(4, 57).every((v) => v !== ''));
    expect(emptyPulse).toBeGreaterThanOrEqual(0);
    expect(full).toBeGreaterThanOrEqual(0);
    expect(rows[emptyPulse]!.low_confidence).toBe('true');
    expect((rows[emptyPulse]!.imputed_columns ?? '').split(';')).toContain('pulse');
    expect(rows[full]!.low_confidence).toBe('false');
  });

  it('says when the training environment cannot run, with status 2', () => {
    const run = telltale(['train', 'churn', '--table', trainingTableSample, '--out', join(dir, 'y')], { ...process.env, TELLTALE_PYTHON: join(dir, 'no-python') });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^telltale train: cannot run .*no-python/);
  });
});
