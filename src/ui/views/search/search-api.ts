// The search's calls (docs/api.md): the first page and the count of a new search in parallel (the
// first screen waits for neither the other nor the histogram), then further pages by the cursor.
// Each new search aborts the calls of the one before, so a slow old answer never overwrites a new one.
import type { CountResponse, SearchResponse } from '../../../contracts/search.ts';
import { api } from '../../api.ts';
import { firstPageGeneration, loadingMore, matchCount, nextCursor, results, searchError, searching, type TimeRange } from './state.ts';

/** Events per page: enough to fill a tall screen several times, small enough to answer fast. */
export const PAGE_SIZE = 150;

let current: AbortController | undefined;

/** Start a search of `q` over `range`: replaces the results, the count and any error. */
export async function fetchFirstPage(q: string, range: TimeRange): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  searching.value = true;
  searchError.value = undefined;
  matchCount.value = undefined;
  const filter = { q, from: range.from, to: range.to };
  try {
    const page = await api<SearchResponse>('GET', '/api/v1/search', { query: { ...filter, limit: PAGE_SIZE }, signal: controller.signal });
    if (controller.signal.aborted) return;
    results.value = page.events;
    nextCursor.value = page.cursor;
    firstPageGeneration.value++;
    // The count comes after the rows (the rows are what the person waits for); a failed count leaves it unknown.
    const counted = await api<CountResponse>('GET', '/api/v1/count', { query: filter, signal: controller.signal }).then(
      (answer) => answer.count,
      () => undefined,
    );
    if (!controller.signal.aborted) matchCount.value = counted;
  } catch (error) {
    if (controller.signal.aborted) return;
    results.value = [];
    nextCursor.value = undefined;
    searchError.value = error;
    firstPageGeneration.value++;
  } finally {
    if (current === controller) searching.value = false;
  }
}

/** Append the next page, if there is one and none is loading. */
export async function fetchNextPage(): Promise<void> {
  const cursor = nextCursor.value;
  if (cursor === undefined || loadingMore.value || searching.value) return;
  const controller = current ?? new AbortController();
  loadingMore.value = true;
  try {
    const page = await api<SearchResponse>('GET', '/api/v1/search', { query: { cursor, limit: PAGE_SIZE }, signal: controller.signal });
    if (controller.signal.aborted || nextCursor.value !== cursor) return;
    results.value = [...results.value, ...page.events];
    nextCursor.value = page.cursor;
  } catch (error) {
    if (!controller.signal.aborted) searchError.value = error;
  } finally {
    loadingMore.value = false;
  }
}
