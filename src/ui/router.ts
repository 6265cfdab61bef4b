// Client-side routing under /ui/: the current path and query as signals, navigation with the
// History API, and links that stay in the page. Every view's URL carries its state (the search's
// query and range, an alert's id), so a URL can be shared and reloads land where they were.
import { signal } from '@preact/signals';

export const UI_BASE = '/ui';

/** The path below /ui (always starting with `/`) and the query string of the current location. */
export const location = signal(readLocation());

function readLocation(): { path: string; query: URLSearchParams } {
  const path = window.location.pathname.startsWith(UI_BASE) ? window.location.pathname.slice(UI_BASE.length) || '/' : '/';
  return { path, query: new URLSearchParams(window.location.search) };
}

window.addEventListener('popstate', () => (location.value = readLocation()));

/** Go to a path below /ui (`/search?q=…`); `replace` rewrites the current history entry instead (typing in a box). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = `${UI_BASE}${to}`;
  if (url === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  location.value = readLocation();
}

/** The path with query parameters set (empty values left out). */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, value);
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The path's segments after a prefix: `/alerts/abc` under `/alerts` → `['abc']`. */
export function segmentsAfter(prefix: string, path: string): string[] {
  return path.slice(prefix.length).split('/').filter(Boolean).map(decodeURIComponent);
}
