// A view loaded on first use. esbuild splits each view, with what only it uses (uPlot, the
// virtualised table), into a file of its own (scripts/build-ui.mjs), so the page's first script is
// the shell and the sign-in form, and a caller downloads only the views they open.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../views.tsx';
import { Busy, ErrorNotice } from './notice.tsx';

type View = FunctionComponent<ViewProps>;

export function lazyView(load: () => Promise<View>): View {
  let loaded: View | undefined;
  let pending: Promise<View> | undefined;
  return function LazyView(props: ViewProps) {
    const [, setLoadedCount] = useState(0);
    const [failure, setFailure] = useState<string | undefined>(undefined);
    useEffect(() => {
      if (loaded) return undefined;
      let live = true;
      pending ??= load();
      pending.then(
        (view) => {
          loaded = view;
          if (live) setLoadedCount((count) => count + 1);
        },
        (error: unknown) => {
          // A failed download (a new release replaced the files, the network dropped) is tried again next time.
          pending = undefined;
          if (live) setFailure(`This view could not be loaded (${error instanceof Error ? error.message : String(error)}); reload the page.`);
        },
      );
      return () => {
        live = false;
      };
    }, []);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    return failure === undefined ? <Busy /> : <ErrorNotice error={failure} />;
  };
}
