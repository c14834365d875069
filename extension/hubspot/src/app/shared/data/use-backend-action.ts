/**
 * The state of a card's buttons that write through the backend (create task, dismiss, rescore,
 * upsell task): one action at a time, which one is running, and the error of the last one that failed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { asBackendError } from '../backend/backend-error';

export interface ActionFailure {
  /** The key the failed action ran under, e.g. `accept:iv-1`. */
  key: string;
  message: string;
}

export interface BackendAction {
  /** The key of the running action; null when idle. */
  pending: string | null;
  failure: ActionFailure | null;
  /** Starts `call` unless another action runs; `onDone` gets its answer. */
  run: <R>(key: string, call: () => Promise<R>, onDone: (result: R) => void) => void;
}

export function useBackendAction(): BackendAction {
  const [pending, setPending] = useState<string | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const running = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(<R,>(key: string, call: () => Promise<R>, onDone: (result: R) => void) => {
    if (running.current) return;
    running.current = true;
    setPending(key);
    setFailure(null);
    call().then(
      (result) => {
        running.current = false;
        if (!mounted.current) return;
        setPending(null);
        onDone(result);
      },
      (error: unknown) => {
        running.current = false;
        if (!mounted.current) return;
        setPending(null);
        setFailure({ key, message: asBackendError(error).message });
      },
    );
  }, []);

  return { pending, failure, run };
}
