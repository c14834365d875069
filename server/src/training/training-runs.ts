/**
 * Training runs started through the admin API, run in this process in the background: at most one per
 * tenant and model at a time; the latest run of each is kept (state, progress lines, result) for
 * polling until the process stops. Nothing of a run is stored before its decision, so a process
 * that stops mid-run leaves the tenant's models as they were.
 */
import { randomUUID } from 'node:crypto';
import type { TrainTenantModelResult } from './train-tenant-model.js';

/** A training run as the API reports it. */
export interface TrainingRun {
  id: string;
  tenantId: string;
  model: string;
  state: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** The latest progress lines (at most PROGRESS_LINES_KEPT), oldest first. */
  progress: string[];
  /** Lines reported so far, kept or not: a poller that has seen n prints the last (progressTotal − n) of `progress`. */
  progressTotal: number;
  /** Set when the run succeeded: what was decided. */
  result: TrainTenantModelResult | null;
  /** Set when the run failed: why (nothing was changed). */
  error: string | null;
}

export const PROGRESS_LINES_KEPT = 200;

/** Another run of this tenant and model has not finished. */
export class TrainingAlreadyRunningError extends Error {
  override readonly name = 'TrainingAlreadyRunningError';
  constructor(readonly run: TrainingRun) {
    super(`a ${run.model} training of ${run.tenantId} is already running (run ${run.id}, started ${run.startedAt})`);
  }
}

export type TrainFunction = (context: { onProgress: (line: string) => void; signal: AbortSignal }) => Promise<TrainTenantModelResult>;

export class TrainingRuns {
  private readonly latest = new Map<string, TrainingRun>();
  private readonly running = new Map<string, { promise: Promise<void>; abort: AbortController }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Starts `train` in the background and returns its run at once; throws TrainingAlreadyRunningError while one of the same tenant and model runs. */
  start(tenantId: string, model: string, train: TrainFunction): TrainingRun {
    const key = `${tenantId}\u0000${model}`;
    const current = this.latest.get(key);
    if (current?.state === 'running') throw new TrainingAlreadyRunningError(current);
    const run: TrainingRun = { id: randomUUID(), tenantId, model, state: 'running', startedAt: this.now().toISOString(), finishedAt: null, progress: [], progressTotal: 0, result: null, error: null };
    this.latest.set(key, run);
    const abort = new AbortController();
    const onProgress = (line: string) => {
      run.progress.push(line);
      run.progressTotal += 1;
      if (run.progress.length > PROGRESS_LINES_KEPT) run.progress.splice(0, run.progress.length - PROGRESS_LINES_KEPT);
    };
    const promise = train({ onProgress, signal: abort.signal }).then(
      (result) => {
        run.result = result;
        run.state = 'succeeded';
      },
      (error: unknown) => {
        run.error = error instanceof Error ? error.message : String(error);
        run.state = 'failed';
      },
    ).finally(() => {
      run.finishedAt = this.now().toISOString();
      this.running.delete(key);
    });
    this.running.set(key, { promise, abort });
    return run;
  }

  /** The latest run of the tenant and model in this process. */
  get(tenantId: string, model: string): TrainingRun | undefined {
    return this.latest.get(`${tenantId}\u0000${model}`);
  }

  /** The latest runs of a tenant, one per model. */
  ofTenant(tenantId: string): TrainingRun[] {
    return [...this.latest.values()].filter((run) => run.tenantId === tenantId);
  }

  /** Resolves once no run is in progress. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.promise));
  }

  /** Aborts the running runs (their Python processes are killed; nothing is recorded) and waits for them to end. */
  async close(): Promise<void> {
    for (const { abort } of this.running.values()) abort.abort();
    await this.idle();
  }
}
