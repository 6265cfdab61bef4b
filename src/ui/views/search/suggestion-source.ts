// Where the suggestions come from: the fields this caller may query (GET /api/v1/fields, asked
// once, already without what the caller's masking hides) and a field's top values over the current
// range (GET /api/v1/aggregate?field=, only for fields the server says may be aggregated, so a
// masked value is never asked for; a pseudonymised field's values come back as pseudonyms).
import { signal } from '@preact/signals';
import type { AggregateResponse } from '../../../contracts/search.ts';
import type { FieldsResponse, QueryableField } from '../../../contracts/fields.ts';
import { api } from '../../api.ts';
import { range, searchGeneration } from './state.ts';

type Terms = Extract<AggregateResponse, { field: string }>;
const VALUES_ASKED = 50;

export const knownFields = signal<FieldsResponse | undefined>(undefined);
let fieldsAsked = false;

/** Ask for the field list the first time the box is used. */
export function loadFields(): void {
  if (fieldsAsked) return;
  fieldsAsked = true;
  api<FieldsResponse>('GET', '/api/v1/fields').then(
    (answer) => (knownFields.value = answer),
    // No suggestions is a poorer box, not a broken one; allow a retry on the next focus.
    () => (fieldsAsked = false),
  );
}

export function fieldNamed(name: string): QueryableField | undefined {
  return knownFields.value?.fields.find((field) => field.name === name);
}

const cache = new Map<string, Promise<Terms['buckets']>>();

/** The field's most frequent values over the search's range (cached until the next search). */
export function topValues(field: string): Promise<Terms['buckets']> {
  const key = `${searchGeneration.peek()}\u0000${field}`;
  let values = cache.get(key);
  if (!values) {
    if (cache.size > 50) cache.clear();
    const { from, to } = range.peek();
    values = api<Terms>('GET', '/api/v1/aggregate', { query: { field, from, to, size: VALUES_ASKED } }).then(
      (answer) => answer.buckets,
      () => [],
    );
    cache.set(key, values);
  }
  return values;
}
