// The query box: a combobox labelled "Query" that submits on Enter. A query error from the server
// (LW_QUERY_*, with `position`) is written under the box and its place is marked in the box by
// selecting the offending character, so the caret lands on it and a screen reader reads it.
import { useSignal, useSignalEffect } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { ApiError } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { query, runSearch, searchError } from './state.ts';

export function QueryBox() {
  const draft = useSignal(query.peek());
  const input = useRef<HTMLInputElement>(null);
  // The submitted query changes elsewhere too (a filter from the field sidebar, a shared URL).
  useSignalEffect(() => {
    draft.value = query.value;
  });
  useSignalEffect(() => markErrorPosition(input.current, searchError.value));
  const submit = (event: Event) => {
    event.preventDefault();
    query.value = draft.value;
    runSearch();
  };
  const error = searchError.value;
  const position = error instanceof ApiError ? error.position : undefined;
  return (
    <form class="query-form" role="search" onSubmit={submit}>
      <div class="query-box">
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label="Query"
          aria-expanded={false}
          aria-autocomplete="list"
          aria-invalid={position !== undefined}
          aria-describedby={position !== undefined ? 'query-error' : undefined}
          autocomplete="off"
          spellcheck={false}
          class="query-input mono"
          placeholder="failed password host:web-* -user:root"
          value={draft.value}
          onInput={(event) => (draft.value = event.currentTarget.value)}
        />
        <button type="submit">Search</button>
      </div>
      {error !== undefined ? (
        <div id="query-error" class="query-error">
          <ErrorNotice error={error} />
          {position !== undefined ? <p class="query-error-at mono">{pointAt(draft.peek(), position)}</p> : null}
        </div>
      ) : null}
    </form>
  );
}

/** The query with a caret line under the bad character: `host:(web` / `     ^`. */
function pointAt(text: string, position: number): string {
  const at = Math.min(position, text.length);
  return `${text}\n${' '.repeat(at)}^ at character ${at + 1}`;
}

/** Select the character the error names (or the end, when it is past the text), and focus the box. */
function markErrorPosition(box: HTMLInputElement | null, error: unknown): void {
  if (!box || !(error instanceof ApiError) || error.position === undefined) return;
  const start = Math.min(error.position, box.value.length);
  box.focus();
  box.setSelectionRange(start, Math.min(start + 1, box.value.length));
}
