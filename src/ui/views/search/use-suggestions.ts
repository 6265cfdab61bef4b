// The query box's suggestion list as a hook: recompute on each input from the word under the
// caret, keys to move through it, choose, and close. Field names come at once; a field's values
// after a short pause in typing (one aggregate per pause, not per key).
import { useSignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';
import { fieldNamed, knownFields, topValues } from './suggestion-source.ts';
import { applySuggestion, fieldSuggestions, resolveField, typingContext, valueSuggestions, type Suggestion, type TypingContext } from './suggestions.ts';

const VALUE_DELAY_MS = 150;

type Open = Exclude<TypingContext, { kind: 'none' }>;

export interface SuggestionsControl {
  readonly list: readonly Suggestion[];
  /** The highlighted suggestion's index, -1 for none. */
  readonly active: number;
  suggest(): void;
  choose(suggestion: Suggestion): void;
  onKeyDown(event: KeyboardEvent): void;
  close(): void;
}

export function useSuggestions(input: RefObject<HTMLInputElement | null>, setText: (text: string) => void): SuggestionsControl {
  const list = useSignal<readonly Suggestion[]>([]);
  const context = useSignal<Open | undefined>(undefined);
  const active = useSignal(-1);
  const timer = useRef<number | undefined>(undefined);
  const close = () => {
    window.clearTimeout(timer.current);
    list.value = [];
    active.value = -1;
    context.value = undefined;
  };
  const suggest = () => {
    const box = input.current;
    if (!box) return;
    const typing = typingContext(box.value, box.selectionStart ?? box.value.length);
    window.clearTimeout(timer.current);
    if (typing.kind === 'none') return close();
    context.value = typing;
    active.value = -1;
    const known = knownFields.value;
    if (typing.kind === 'field') {
      list.value = known ? fieldSuggestions(typing.prefix, known.fields, known.aliases) : [];
      return;
    }
    const field = resolveField(typing.field, known?.aliases ?? {});
    if (!fieldNamed(field)?.values) return close();
    timer.current = window.setTimeout(() => {
      void topValues(field).then((buckets) => {
        if (context.value === typing) list.value = valueSuggestions(typing.field, typing.prefix, buckets);
      });
    }, VALUE_DELAY_MS);
  };
  const choose = (suggestion: Suggestion) => {
    const box = input.current;
    if (!box || !context.value) return;
    const next = applySuggestion(box.value, context.value, suggestion);
    setText(next.text);
    box.value = next.text;
    box.setSelectionRange(next.caret, next.caret);
    box.focus();
    suggest();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const count = list.value.length;
    const highlighted = list.value[active.value];
    if (event.key === 'ArrowDown' && count > 0) active.value = (active.value + 1) % count;
    else if (event.key === 'ArrowUp' && count > 0) active.value = active.value <= 0 ? count - 1 : active.value - 1;
    else if (event.key === 'Escape' && count > 0) close();
    else if ((event.key === 'Enter' || event.key === 'Tab') && highlighted) choose(highlighted);
    else return;
    event.preventDefault();
  };
  return { list: list.value, active: active.value, suggest, choose, onKeyDown, close };
}
