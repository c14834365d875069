/**
 * The state of a card's buttons that write through the backend (create task, dismiss, rescore,
 * upsell task): one action at a time, which one is running, and the error of the last one that failed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type BackendError, type BackendErrorKind, asBackendError } from '../backend/backend-error';

export interface ActionFailure {
  /** The key the failed action ran under, e.g. `accept:iv-1`. */
  key: string;
  /** Why, as the backend said it (its ApiError message) or as the card could tell. */
  message: string;
  /** `conflict`: the backend refused because the record's state moved on (409), not because something broke. */
  kind: BackendErrorKind;
}

export interface BackendAction {
  /** The key of the running action; null when idle. */
  pending: string | null;
  failure: ActionFailure | null;
  /** Starts `call` unless another action runs; `onDone` gets its answer, `onFailed` (optional) its error. */
  run: <R>(key: string, call: () => Promise<R>, onDone: (result: R) => void, onFailed?: (error: BackendError) => void) => void;
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

  const run = useCallback(<R,>(key: string, call: () => Promise<R>, onDone: (result: R) => void, onFailed?: (error: BackendError) => void) => {
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
        const failed = asBackendError(error);
        setFailure({ key, message: failed.message, kind: failed.kind });
        onFailed?.(failed);
      },
    );
  }, []);

  return { pending, failure, run };
}
