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
  /**
   * Loads again while the shown answer stays on screen (no loading state), e.g. after the backend said
   * a record changed. Its answer is dropped when a newer load, refresh, replace or update came first; a
   * failed refresh leaves what is shown. While no answer is shown, it is a reload.
   */
  refresh: () => void;
}

/**
 * Runs `load` whenever `key` changes and on reload. A null key means the card cannot load yet
 * (it stays loading, e.g. while a deal's company is looked up).
 */
export function useBackendData<T>(key: string | null, load: () => Promise<T>): BackendDataHandle<T> {
  const [state, setState] = useState<BackendData<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const latestRequest = useRef(0);
  // In-place updates: a refresh that started before one would undo it.
  const updates = useRef(0);
  const shown = useRef(state);
  shown.current = state;
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
      // Unmounted or superseded: whatever this request (or a refresh since) answers is stale now.
      latestRequest.current++;
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const replace = useCallback((data: T) => {
    latestRequest.current++;
    setState({ status: 'ready', data });
  }, []);
  const update = useCallback((change: (data: T) => T) => {
    updates.current++;
    setState((current) => (current.status === 'ready' ? { status: 'ready', data: change(current.data) } : current));
  }, []);
  const refresh = useCallback(() => {
    if (shown.current.status !== 'ready') {
      reload();
      return;
    }
    const request = ++latestRequest.current;
    const updatesBefore = updates.current;
    loadRef.current().then(
      (data) => {
        if (request === latestRequest.current && updatesBefore === updates.current) setState({ status: 'ready', data });
      },
      () => {
        // The shown answer stays; the action's own message already says what went wrong.
      },
    );
  }, [reload]);

  return { state, reload, replace, update, refresh };
}
