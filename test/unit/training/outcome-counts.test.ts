import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePythonJson, tooFewOutcomesMessage, type OutcomeCounts } from '../../../server/src/training/outcome-counts.js';

const window = (churned: number) => ({ from: '2024-01-01', to: '2024-12-01', rows: 100, positive_rows: churned * 2, churned_accounts: churned });

function counts(train: number, calibrate: number, holdout: number): OutcomeCounts {
  const shortfall = { train: Math.max(0, 30 - train), calibrate: Math.max(0, 30 - calibrate), holdout: Math.max(0, 30 - holdout) };
  return {
    model: 'churn',
    table_rows: 1000,
    labelled_from: '2023-01-01',
    boundaries: { calibrate_from: '2024-01-01', holdout_from: '2025-01-01' },
    windows: { train: window(train), calibrate: window(calibrate), holdout: window(holdout) },
    churned_accounts: train + calibrate + holdout,
    min_churned_accounts_per_window: 30,
    shortfall,
    more_needed: shortfall.train + shortfall.calibrate + shortfall.holdout,
    enough: false,
  };
}

describe('the too-few-outcomes message', () => {
  it('names the churned accounts observed, the minimum per window and how many more are needed', () => {
    expect(tooFewOutcomesMessage(counts(41, 34, 27))).toBe(
      '102 churned accounts observed in labelled windows (training 41, calibration 34, holdout 27); a tenant churn model needs at least 30 in each window: at least 3 more needed (3 more in the holdout window)',
    );
  });

  it('lists every window that falls short', () => {
    expect(tooFewOutcomesMessage(counts(12, 0, 5))).toBe(
      '17 churned accounts observed in labelled windows (training 12, calibration 0, holdout 5); a tenant churn model needs at least 30 in each window: at least 73 more needed (18 more in the training window, 30 more in the calibration window, 25 more in the holdout window)',
    );
  });
});

describe('reading a pipeline result', () => {
  const schema = z.object({ enough: z.boolean() });

  it('parses the last line printed', () => {
    expect(parsePythonJson('[1/2] loading\n{"enough": true}\n', schema, 'counting outcomes')).toEqual({ enough: true });
  });

  it('says what was printed when the last line is not JSON', () => {
    expect(() => parsePythonJson('Traceback (most recent call last)\n', schema, 'counting outcomes')).toThrow(
      'counting outcomes: the pipeline printed no JSON result (last line: Traceback (most recent call last))',
    );
  });

  it('names the field that does not match', () => {
    expect(() => parsePythonJson('{"enough": "yes"}', schema, 'counting outcomes')).toThrow(/^counting outcomes: unexpected result from the pipeline: enough: /);
  });
});
