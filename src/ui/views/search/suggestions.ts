// What the query box suggests while typing: the word under the caret is either a field name being
// typed (`hos` → `host.name:`) or a value after `field:` (`host.name:we` → `host.name:web-1`).
// Choosing a suggestion replaces that word. Pure: the field list and the top values come in.
import type { QueryableField } from '../../../contracts/fields.ts';
import { quoteValue } from './query-text.ts';

export const MAX_SUGGESTIONS = 8;

/** The word under the caret: where it starts, and what it is. */
export type TypingContext =
  | { readonly kind: 'field'; readonly start: number; readonly end: number; readonly prefix: string }
  | { readonly kind: 'value'; readonly start: number; readonly end: number; readonly field: string; readonly prefix: string }
  | { readonly kind: 'none' };

export interface Suggestion {
  readonly label: string;
  /** The text that replaces the word, from its start to the caret. */
  readonly insert: string;
  readonly detail: string;
}

// A word starts after a space, a parenthesis or a leading `-` (negation).
const WORD_START = /[\s()]/;

/** What is being typed at `caret` in `text`. */
export function typingContext(text: string, caret: number): TypingContext {
  let start = caret;
  while (start > 0 && !WORD_START.test(text.charAt(start - 1))) start--;
  if (text.charAt(start) === '-') start++;
  const word = text.slice(start, caret);
  if (word === '' || word.startsWith('"') || insidePhrase(text.slice(0, start))) return { kind: 'none' };
  const colon = word.indexOf(':');
  if (colon < 0) return /^[A-Za-z@_][\w.@]*$/.test(word) ? { kind: 'field', start, end: caret, prefix: word } : { kind: 'none' };
  const prefix = word.slice(colon + 1).replace(/^"/, '');
  if (/^[<>[{]/.test(prefix)) return { kind: 'none' };
  return { kind: 'value', start, end: caret, field: word.slice(0, colon), prefix };
}

/** An odd number of unescaped quotes before the word: it is inside a phrase, not a term. */
function insidePhrase(before: string): boolean {
  return (before.replace(/\\./g, '').match(/"/g)?.length ?? 0) % 2 === 1;
}

/** Field names (and aliases) that start with, then contain, the typed prefix. */
export function fieldSuggestions(prefix: string, fields: readonly QueryableField[], aliases: Readonly<Record<string, string>>): Suggestion[] {
  const typed = prefix.toLowerCase();
  const byName: Suggestion[] = fields.map((field) => ({ label: field.name, insert: `${field.name}${field.kind === 'map' ? '.' : ':'}`, detail: field.description }));
  const byAlias: Suggestion[] = Object.entries(aliases).map(([alias, name]) => ({ label: alias, insert: `${alias}:`, detail: `short for ${name}` }));
  const all = [...byName, ...byAlias].filter((suggestion) => suggestion.label.toLowerCase() !== typed || suggestion.insert.length > typed.length + 1);
  const starting = all.filter((suggestion) => suggestion.label.toLowerCase().startsWith(typed));
  const containing = all.filter((suggestion) => !suggestion.label.toLowerCase().startsWith(typed) && suggestion.label.toLowerCase().includes(typed));
  return [...starting, ...containing].slice(0, MAX_SUGGESTIONS);
}

/** Top values of the field that start with, then contain, the typed prefix, most frequent first. */
export function valueSuggestions(field: string, prefix: string, buckets: readonly { value: string; count: number }[]): Suggestion[] {
  const typed = prefix.toLowerCase();
  const matching = (value: string) => value.toLowerCase().startsWith(typed);
  const ordered = [...buckets.filter((bucket) => matching(bucket.value)), ...buckets.filter((bucket) => !matching(bucket.value) && bucket.value.toLowerCase().includes(typed))];
  return ordered.slice(0, MAX_SUGGESTIONS).map((bucket) => ({ label: bucket.value, insert: `${field}:${quoteValue(bucket.value)} `, detail: `${bucket.count}` }));
}

/** The field a typed name means: itself, or what its alias stands for. */
export function resolveField(name: string, aliases: Readonly<Record<string, string>>): string {
  return aliases[name] ?? name;
}

/** `text` with the word of `context` replaced by the suggestion, and where the caret goes. */
export function applySuggestion(text: string, context: Exclude<TypingContext, { kind: 'none' }>, suggestion: Suggestion): { text: string; caret: number } {
  const before = text.slice(0, context.start);
  const after = text.slice(context.end).replace(/^\S*/, '');
  const inserted = suggestion.insert.endsWith(' ') && after.startsWith(' ') ? suggestion.insert.trimEnd() : suggestion.insert;
  return { text: `${before}${inserted}${after}`, caret: before.length + inserted.length + (inserted === suggestion.insert ? 0 : 1) };
}
