// A view's read of one API answer: loading, then the answer or the error, fetched again when the
// inputs (`deps`) change or `reload()` is called. A newer fetch aborts the one before it, so a slow
// old answer never overwrites a fresh one; leaving the view aborts what is still in flight.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Answer<T> {
  /** The last answer that arrived (kept while a reload is in flight, so the screen does not blink). */
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Fetch again with the same inputs (after an action changed what the answer shows). */
  reload(): void;
}

/** `load` gets an AbortSignal to pass to `api()`; `deps` are what the answer depends on (an id, a query). */
export function useAnswer<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[] = []): Answer<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        setData(answer);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, round]);

  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data, error, loading, reload };
}
