import { describe, expect, it } from 'vitest';
import type { TrainTenantModelResult } from '../../../server/src/training/train-tenant-model.js';
import { PROGRESS_LINES_KEPT, TrainingAlreadyRunningError, TrainingRuns } from '../../../server/src/training/training-runs.js';

const result = { outcome: 'too-few-outcomes', message: 'not yet' } as unknown as TrainTenantModelResult;

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('training runs in the background', () => {
  it('refuses a second run of the same tenant and model while one runs, and allows another model', async () => {
    const runs = new TrainingRuns();
    const { opened, open } = gate();
    const first = runs.start('t1', 'churn', async () => {
      await opened;
      return result;
    });
    expect(() => runs.start('t1', 'churn', async () => result)).toThrow(TrainingAlreadyRunningError);
    const other = runs.start('t1', 'expansion', async () => result);
    open();
    await runs.idle();
    expect([first.state, other.state]).toEqual(['succeeded', 'succeeded']);
    expect(runs.start('t1', 'churn', async () => result).state).toBe('running');
    await runs.idle();
  });

  it('keeps the result, the finish time and the latest progress lines of a run', async () => {
    const runs = new TrainingRuns(() => new Date('2026-01-01T00:00:00Z'));
    const run = runs.start('t1', 'churn', async ({ onProgress }) => {
      for (let i = 0; i < PROGRESS_LINES_KEPT + 5; i++) onProgress(`line ${i}`);
      return result;
    });
    await runs.idle();
    expect(runs.get('t1', 'churn')).toBe(run);
    expect(run).toMatchObject({ state: 'succeeded', result, error: null, finishedAt: '2026-01-01T00:00:00.000Z' });
    expect(run.progress).toHaveLength(PROGRESS_LINES_KEPT);
    expect(run.progressTotal).toBe(PROGRESS_LINES_KEPT + 5);
    expect(run.progress[0]).toBe('line 5');
  });

  it('records a failed run with its error', async () => {
    const runs = new TrainingRuns();
    const run = runs.start('t1', 'churn', async () => {
      throw new Error('python -m telltale_models train failed: boom');
    });
    await runs.idle();
    expect(run).toMatchObject({ state: 'failed', result: null, error: 'python -m telltale_models train failed: boom' });
  });

  it('aborts running runs on close', async () => {
    const runs = new TrainingRuns();
    const run = runs.start('t1', 'churn', ({ signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
    await runs.close();
    expect(run).toMatchObject({ state: 'failed', error: 'aborted' });
  });
});
