// The search in the URL (`/ui/search?q=…&from=…&to=…&cols=…`), so a search can be shared and a
// reload lands where it was: read from the location's parameters, written back on submit.
// Parameters equal to the defaults are left out to keep links short. Pure.
import { DEFAULT_COLUMNS, DEFAULT_RANGE, type TimeRange } from './state.ts';

export interface UrlSearch {
  readonly q: string;
  readonly range: TimeRange;
  readonly columns: readonly string[];
}

/** The search a URL's parameters name; what is missing takes the default. */
export function readUrlSearch(params: URLSearchParams): UrlSearch {
  const cols = (params.get('cols') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    q: params.get('q') ?? '',
    range: { from: params.get('from') || DEFAULT_RANGE.from, to: params.get('to') || DEFAULT_RANGE.to },
    columns: cols.length > 0 ? cols : DEFAULT_COLUMNS,
  };
}

/** The parameters for a search (defaults left out), for `withQuery('/search', …)`. */
export function urlParams(search: UrlSearch): Record<string, string | undefined> {
  const sameColumns = search.columns.length === DEFAULT_COLUMNS.length && search.columns.every((name, index) => name === DEFAULT_COLUMNS[index]);
  return {
    q: search.q.trim() === '' ? undefined : search.q,
    from: search.range.from === DEFAULT_RANGE.from ? undefined : search.range.from,
    to: search.range.to === DEFAULT_RANGE.to ? undefined : search.range.to,
    cols: sameColumns ? undefined : search.columns.join(','),
  };
}
