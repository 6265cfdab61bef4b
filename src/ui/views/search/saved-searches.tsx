// Saved searches in the search view (docs/ui.md): save the submitted query, range and columns under
// a name, and open or delete one's own, in a disclosure beside the view's heading. It reads and changes the search through ./state.ts.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ErrorNotice } from '../../components/notice.tsx';
import { deleteSavedSearch, loadSavedSearches, openSavedSearch, saveCurrentSearch, savedSearchError, savedSearches } from './sidebar/saved-search-list.ts';
import './sidebar/sidebar.css';

export function SavedSearches() {
  const name = useSignal('');
  useEffect(() => {
    if (savedSearches.peek() === undefined) void loadSavedSearches();
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (name.value.trim() === '') return;
    await saveCurrentSearch(name.value.trim());
    if (savedSearchError.peek() === undefined) name.value = '';
  };
  const list = savedSearches.value;
  return (
    <details class="saved-searches">
      <summary class="button secondary">Saved searches</summary>
      <div class="saved-searches-body">
        <form onSubmit={(event) => void submit(event)}>
          <input aria-label="Name of the search to save" placeholder="Name" maxLength={100} value={name.value} onInput={(event) => (name.value = event.currentTarget.value)} />
          <button type="submit">Save search</button>
        </form>
        <ErrorNotice error={savedSearchError.value} />
        {list !== undefined && list.length === 0 ? <p class="muted">None saved yet.</p> : null}
        <ul aria-label="Your saved searches">
          {(list ?? []).map((search) => (
            <li key={search.id}>
              <button type="button" class="link-button" aria-label={`Open saved search ${search.name}`} title={search.query || '(everything)'} onClick={() => openSavedSearch(search)}>
                {search.name}
              </button>
              <button type="button" class="icon-button danger" aria-label={`Delete saved search ${search.name}`} onClick={() => void deleteSavedSearch(search.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
