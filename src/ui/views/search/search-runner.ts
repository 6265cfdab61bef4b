// What submitting a search does, and the URL kept in step with it: a submit pushes the search's
// URL (so Back returns to the previous search) and fetches; opening a URL, or Back/Forward to
// one, sets the query, range and columns from it and fetches, without pushing again.
import { effect, untracked } from '@preact/signals';
import { location, navigate, withQuery } from '../../router.ts';
import { fetchFirstPage } from './search-api.ts';
import { columns, query, range, searchGeneration, selected } from './state.ts';
import { readUrlSearch, urlParams } from './url-state.ts';

const SEARCH_PATH = '/search';

/** The URL (below /ui) of the search now in the state. */
function currentUrl(): string {
  return withQuery(SEARCH_PATH, urlParams({ q: query.peek(), range: range.peek(), columns: columns.peek() }));
}

let fetchQueued = false;

/**
 * Run the search now in the state, once per turn of the event loop: a submit and the location
 * change it makes both ask (through the URL's effects), and two searches would share the engine.
 */
function fetchCurrent(): void {
  if (fetchQueued) return;
  fetchQueued = true;
  queueMicrotask(() => {
    fetchQueued = false;
    selected.value = undefined;
    searchGeneration.value++;
    void fetchFirstPage(query.peek(), range.peek());
  });
}

/** Submit: the URL gets a history entry (unless it is already this search), then the search runs. */
export function submitSearch(): void {
  navigate(currentUrl());
  lastRun = urlOfLocation();
  fetchCurrent();
}

let lastRun: string | undefined;

function urlOfLocation(): string {
  const { path, query: params } = location.value;
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** While the view is shown: a location that names another search than the last one run runs it. Returns the stop function. */
export function followUrl(): () => void {
  lastRun = undefined;
  return effect(() => {
    const { path, query: params } = location.value;
    if (path !== SEARCH_PATH) return;
    const url = urlOfLocation();
    if (url === lastRun) return;
    lastRun = url;
    const search = readUrlSearch(params);
    // Only the location drives this effect: what running the search reads and writes (the
    // generation counter, the selection) must not subscribe it, or the next submit runs it twice.
    untracked(() => {
      query.value = search.q;
      range.value = search.range;
      columns.value = search.columns;
      fetchCurrent();
    });
  });
}

/** Columns are part of the shared URL but not of the search: changing them rewrites the entry without fetching. */
export function keepColumnsInUrl(): () => void {
  return effect(() => {
    void columns.value; // subscribe: this effect runs when the columns change
    if (location.peek().path !== SEARCH_PATH || lastRun === undefined) return;
    navigate(currentUrl(), { replace: true });
    lastRun = urlOfLocation();
  });
}
