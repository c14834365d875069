import { describe, expect, it } from 'vitest';
import { runConcurrently } from '../../../server/src/connectors/salesforce/run-concurrently.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe('runConcurrently', () => {
  it('keeps at most `limit` items in flight and runs them all', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await runConcurrently([1, 2, 3, 4, 5], 2, async (item) => {
      peak = Math.max(peak, ++inFlight);
      await tick();
      done.push(item);
      inFlight--;
    });
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts nothing new after a failure, waits for what runs, and rethrows the first failure', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = runConcurrently([1, 2, 3, 4], 2, async (item) => {
      started.push(item);
      await tick();
      settled++;
      if (item === 1) throw new Error('one failed');
    });
    await expect(run).rejects.toThrow('one failed');
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });
});
