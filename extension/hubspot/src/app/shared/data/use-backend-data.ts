/**
 * The data state every card shows: loading, ready with the backend's answer, or the error that
 * stopped it. Answers that arrive after a newer load started (a retry, another record, a rescore)
 * are dropped, so a slow old answer never overwrites a newer one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type BackendError, asBackendError } from '../backend/backend-error';

export type BackendData<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: BackendError };

export interface BackendDataHandle<T> {
  state: BackendData<T>;
  /** Loads again from scratch (shows loading). */
  reload: () => void;
  /** Shows a newer answer an action obtained (a rescore); any load still in flight is dropped. */
  replace: (data: T) => void;
  /** Changes the shown answer in place (an accepted intervention); ignored unless ready. */
  update: (change: (data: T) => T) => void;
}

/**
 * Runs `load` whenever `key` changes and on reload. A null key means the card cannot load yet
 * (it stays loading, e.g. while a deal's company is looked up).
 */
export function useBackendData<T>(key: string | null, load: () => Promise<T>): BackendDataHandle<T> {
  const [state, setState] = useState<BackendData<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const latestRequest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) return undefined;
    const request = ++latestRequest.current;
    setState({ status: 'loading' });
    loadRef.current().then(
      (data) => {
        if (request === latestRequest.current) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (request === latestRequest.current) setState({ status: 'error', error: asBackendError(error) });
      },
    );
    return () => {
      // Unmounted or superseded: whatever this request answers is stale now.
      if (request === latestRequest.current) latestRequest.current++;
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const replace = useCallback((data: T) => {
    latestRequest.current++;
    setState({ status: 'ready', data });
  }, []);
  const update = useCallback((change: (data: T) => T) => {
    setState((current) => (current.status === 'ready' ? { status: 'ready', data: change(current.data) } : current));
  }, []);

  return { state, reload, replace, update };
}
