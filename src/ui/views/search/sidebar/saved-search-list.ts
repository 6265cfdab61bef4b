// The caller's saved searches (GET/POST /api/v1/saved-searches, DELETE …/:id): loaded once the
// view shows them, and kept in step with each save and delete. Opening one sets the query, range
// and columns and runs the search.
import { signal } from '@preact/signals';
import type { SavedSearchContract, SavedSearchListContract } from '../../../../contracts/saved-searches.ts';
import { api } from '../../../api.ts';
import { columns, query, range, runSearch } from '../state.ts';

export const savedSearches = signal<readonly SavedSearchContract[] | undefined>(undefined);
export const savedSearchError = signal<unknown>(undefined);

async function attempt(work: () => Promise<void>): Promise<void> {
  savedSearchError.value = undefined;
  try {
    await work();
  } catch (error) {
    savedSearchError.value = error;
  }
}

export function loadSavedSearches(): Promise<void> {
  return attempt(async () => {
    savedSearches.value = (await api<SavedSearchListContract>('GET', '/api/v1/saved-searches')).savedSearches;
  });
}

/** Save the search as it was last submitted, under `name`. */
export function saveCurrentSearch(name: string): Promise<void> {
  return attempt(async () => {
    const saved = await api<SavedSearchContract>('POST', '/api/v1/saved-searches', { body: { name, query: query.value, range: range.value, columns: columns.value } });
    savedSearches.value = [...(savedSearches.value ?? []), saved];
  });
}

export function deleteSavedSearch(id: string): Promise<void> {
  return attempt(async () => {
    await api('DELETE', `/api/v1/saved-searches/${encodeURIComponent(id)}`);
    savedSearches.value = (savedSearches.value ?? []).filter((search) => search.id !== id);
  });
}

export function openSavedSearch(search: SavedSearchContract): void {
  query.value = search.query;
  range.value = search.range;
  columns.value = search.columns;
  runSearch();
}
