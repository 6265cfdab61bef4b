// One GET the admin views show and refresh after each change they make: its answer, the error
// when it failed (shown with ErrorNotice), and a reload. A reload that answers after a newer one
// started is dropped, so a slow answer never overwrites a fresher list.
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

export interface Resource<T> {
  readonly data: Signal<T | undefined>;
  readonly error: Signal<unknown>;
  reload(): Promise<void>;
}

export function useResource<T>(load: () => Promise<T>, dependencies: readonly unknown[] = []): Resource<T> {
  const data = useSignal<T | undefined>(undefined);
  const error = useSignal<unknown>(undefined);
  const generation = useSignal(0);
  const reload = async (): Promise<void> => {
    const mine = ++generation.value;
    try {
      const answer = await load();
      if (mine !== generation.peek()) return;
      data.value = answer;
      error.value = undefined;
    } catch (failure) {
      if (mine === generation.peek()) error.value = failure;
    }
  };
  // New dependencies (other filters, another page) answer something else: the old answer is not shown meanwhile.
  useEffect(() => {
    data.value = undefined;
    void reload();
  }, dependencies);
  return { data, error, reload };
}
