// Loading an API answer in a view: the call runs when its key changes (a new filter, another
// alert), an earlier call still running is cancelled so a slow answer never overwrites a newer
// one, and `reload` runs it again (the Refresh button, the poll, after a change).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const running = useRef<AbortController | undefined>(undefined);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(() => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setLoading(true);
    loader
      .current(controller.signal)
      .then((answer) => {
        if (controller.signal.aborted) return;
        setData(answer);
        setError(undefined);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
  }, []);

  useEffect(() => {
    reload();
    return () => running.current?.abort();
  }, [key]);

  return { data, error, loading, reload };
}
