// The top values of a field over the whole search (GET /api/v1/aggregate with `field`), fetched
// when the field is first expanded and again for every expanded field after each new search
// (`searchGeneration`), since the loaded page holds only some of the matching events.
import { effect, signal } from '@preact/signals';
import type { termsResponse } from '../../../../contracts/search.ts';
import type { z } from 'zod';
import { api } from '../../../api.ts';
import { query, range, searchGeneration } from '../state.ts';

export type TopValues = { readonly kind: 'loading' } | { readonly kind: 'loaded'; readonly buckets: z.infer<typeof termsResponse>['buckets'] } | { readonly kind: 'failed'; readonly error: unknown };

/** How many values each field shows. */
export const TOP_VALUES_SIZE = 10;

/** The fields open in the sidebar. */
export const expanded = signal<ReadonlySet<string>>(new Set());
/** Top values per open field, for the current search. */
export const topValues = signal<ReadonlyMap<string, TopValues>>(new Map());

let generation = -1;

export function toggleField(field: string): void {
  const open = new Set(expanded.peek());
  if (open.has(field)) open.delete(field);
  else open.add(field);
  expanded.value = open;
  if (open.has(field) && !topValues.peek().has(field)) void fetchTopValues(field, generation);
}

async function fetchTopValues(field: string, forGeneration: number): Promise<void> {
  set(field, { kind: 'loading' });
  let next: TopValues;
  try {
    const answer = await api<z.infer<typeof termsResponse>>('GET', '/api/v1/aggregate', { query: { q: query.peek(), from: range.peek().from, to: range.peek().to, field, size: TOP_VALUES_SIZE } });
    next = { kind: 'loaded', buckets: answer.buckets };
  } catch (error) {
    next = { kind: 'failed', error };
  }
  // An answer for a search that has since been replaced is dropped.
  if (forGeneration === generation) set(field, next);
}

/** Read with peek: the effect below calls this, and must not subscribe to what it writes. */
function set(field: string, value: TopValues): void {
  topValues.value = new Map(topValues.peek()).set(field, value);
}

// A new search: forget every count and fetch the open fields' again.
effect(() => {
  generation = searchGeneration.value;
  topValues.value = new Map();
  for (const field of expanded.peek()) void fetchTopValues(field, generation);
});
