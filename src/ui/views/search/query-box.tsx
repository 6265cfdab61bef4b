// The query box: a combobox labelled "Query" that submits on Enter, suggesting field names and the
// top values of the field being typed (ArrowDown/ArrowUp move through the list, Enter or Tab takes
// the highlighted one, Escape closes it; with nothing highlighted Enter submits). A query error
// from the server (LW_QUERY_*, with `position`) is written under the box with a caret line, and
// its place is marked in the box by selecting the offending character (the box gets the focus).
import { useSignal, useSignalEffect } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { ApiError } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { query, runSearch, searchError } from './state.ts';
import { loadFields } from './suggestion-source.ts';
import type { Suggestion } from './suggestions.ts';
import { useSuggestions } from './use-suggestions.ts';

const LIST_ID = 'query-suggestions';

export function QueryBox() {
  const draft = useSignal(query.peek());
  const input = useRef<HTMLInputElement>(null);
  const suggestions = useSuggestions(input, (text) => (draft.value = text));
  // The submitted query changes elsewhere too (a filter from the field sidebar, a shared URL).
  useSignalEffect(() => {
    draft.value = query.value;
  });
  useSignalEffect(() => markErrorPosition(input.current, searchError.value));
  const submit = (event: Event) => {
    event.preventDefault();
    suggestions.close();
    query.value = draft.value;
    runSearch();
  };
  const error = searchError.value;
  const position = error instanceof ApiError ? error.position : undefined;
  const { list, active } = suggestions;
  const open = list.length > 0;
  return (
    <form class="query-form" role="search" onSubmit={submit}>
      <div class="query-box">
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label="Query"
          aria-expanded={open}
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${LIST_ID}-${active}` : undefined}
          aria-invalid={position !== undefined}
          aria-describedby={error !== undefined ? 'query-error' : undefined}
          autocomplete="off"
          spellcheck={false}
          class="query-input mono"
          placeholder="failed password host:web-* -user:root"
          value={draft.value}
          onFocus={loadFields}
          onInput={(event) => {
            draft.value = event.currentTarget.value;
            suggestions.suggest();
          }}
          onKeyDown={suggestions.onKeyDown}
          onBlur={suggestions.close}
        />
        <button type="submit">Search</button>
      </div>
      <SuggestionList items={list} active={active} onChoose={suggestions.choose} />
      {error !== undefined ? (
        <div id="query-error" class="query-error">
          <ErrorNotice error={error} />
          {position !== undefined ? <p class="query-error-at mono">{pointAt(query.peek(), position)}</p> : null}
        </div>
      ) : null}
    </form>
  );
}

function SuggestionList({ items, active, onChoose }: { items: readonly Suggestion[]; active: number; onChoose: (suggestion: Suggestion) => void }) {
  return (
    <ul id={LIST_ID} role="listbox" aria-label="Suggestions" class="suggestions" hidden={items.length === 0}>
      {items.map((item, index) => (
        <li
          key={item.insert}
          id={`${LIST_ID}-${index}`}
          role="option"
          aria-selected={index === active}
          class={index === active ? 'is-active' : undefined}
          // mousedown, not click: the box keeps its focus (a blur would close the list first).
          onMouseDown={(event) => {
            event.preventDefault();
            onChoose(item);
          }}
        >
          <span class="mono">{item.label}</span> <span class="suggestion-detail">{item.detail}</span>
        </li>
      ))}
    </ul>
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
