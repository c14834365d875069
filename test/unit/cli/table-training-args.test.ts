import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableTrainingArgs, trainFromTable } from '../../../server/src/training/table-training.js';
import { TrainingInputError } from '../../../server/src/training/training-input-error.js';

const dir = mkdtempSync(join(tmpdir(), 'tt-train-args-'));
writeFileSync(join(dir, 'table.csv'), 'a,b\n1,0\n');

describe('telltale train arguments', () => {
  it('passes the training table with absolute paths to the pipeline', () => {
    expect(tableTrainingArgs({ model: 'health', table: 'table.csv', out: 'out', seed: 3 }, dir)).toEqual([
      'train', 'health', '--table', join(dir, 'table.csv'), '--out', join(dir, 'out'), '--seed', '3',
    ]);
  });

  it('passes a table of your own with its label, ids and time', () => {
    expect(tableTrainingArgs({ model: 'churn', table: 'table.csv', out: 'm', label: 'b', ids: ['x', 'y'], time: 't' }, dir)).toEqual([
      'train', 'churn', '--table', join(dir, 'table.csv'), '--out', join(dir, 'm'), '--label', 'b', '--id', 'x', '--id', 'y', '--time', 't',
    ]);
  });

  it.each([
    [{ model: 'renewal', table: 'table.csv' }, /unknown model "renewal": choose one of churn, expansion, health/],
    [{ model: 'churn', table: 'nope.csv' }, /no table at .*nope\.csv/],
    [{ model: 'churn', table: 'table.csv', label: 'b' }, /--out DIR is required with --label/],
    [{ model: 'expansion', table: 'table.csv', label: 'b', out: 'm' }, /--label trains a churn model/],
    [{ model: 'churn', table: 'table.csv', time: 't' }, /--id and --time describe a table trained with --label/],
    [{ model: 'churn', table: 'table.csv', seed: -1 }, /--seed must be a whole number/],
  ])('refuses %o before the pipeline starts', (request, message) => {
    expect(() => tableTrainingArgs(request, dir)).toThrow(TrainingInputError);
    expect(() => tableTrainingArgs(request, dir)).toThrow(message);
  });

  it('streams the pipeline run through the given runner', async () => {
    const calls: string[][] = [];
    const out = await trainFromTable({ model: 'churn', table: join(dir, 'table.csv') }, {}, async (args) => {
      calls.push([...args]);
      return 'done';
    });
    expect(out).toBe('done');
    expect(calls).toEqual([['train', 'churn', '--table', join(dir, 'table.csv')]]);
  });
});
