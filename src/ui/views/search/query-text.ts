// Editing a query as text: a clause that filters for (or out) a field's value, quoted the way the
// query language reads it (docs/query-language.md). Pure.

/** A value as a query term: bare when it is one plain word, else a quoted phrase with `"` and `\` escaped. */
export function quoteValue(value: string): string {
  if (/^[A-Za-z0-9._@-]+$/.test(value) && !/^(AND|OR|NOT|TO)$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/** `query` narrowed to events whose `field` is (or, with `negate`, is not) `value`. */
export function withFilter(query: string, field: string, value: string, negate: boolean): string {
  const clause = `${negate ? '-' : ''}${field}:${quoteValue(value)}`;
  const trimmed = query.trim();
  if (trimmed === '' || trimmed === '*') return clause;
  // A query with OR at its top would bind the new clause to its last term only: parenthesise it.
  return /\bOR\b/.test(trimmed) ? `(${trimmed}) ${clause}` : `${trimmed} ${clause}`;
}
