import type { WriteBackState } from '../store/write-back-state.js';

/** A lease kept alive in the background; `lost` turns true once a renewal finds another run holding it. */
export interface KeptLease {
  readonly lost: boolean;
  stop(): void;
}

/** Renews the tenant's write-back lease every third of its life until `stop`. */
export function keepLease(state: WriteBackState, runId: string, ttlMs: number): KeptLease {
  let lost = false;
  const timer = setInterval(() => {
    state.renewLease(runId, ttlMs).then(
      (held) => {
        if (!held) lost = true;
      },
      // A failed renewal is tried again at the next tick; the lease outlives two missed ones.
      () => undefined,
    );
  }, ttlMs / 3);
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    stop: () => clearInterval(timer),
  };
}
