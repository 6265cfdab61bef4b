// The search view's state, shared by its parts (query box, range, histogram, field sidebar,
// results table, record panel, saved searches): signals, so each part re-renders alone. The URL
// carries query, range and columns (shareable; index.tsx keeps the two in step), and submitting
// runs the search that `runSearch` names (index.tsx sets it).
import { signal } from '@preact/signals';
import type { PublicEventContract } from '../../../contracts/event.ts';
import { withFilter } from './query-text.ts';

export type SearchEvent = PublicEventContract;

/** A range as the API takes it: relative (`now-15m`) or absolute (ISO 8601) bounds. */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

export const DEFAULT_RANGE: TimeRange = { from: 'now-15m', to: 'now' };
export const DEFAULT_COLUMNS: readonly string[] = ['@timestamp', 'logwarden.system', 'host.name', 'log.syslog.appname', 'message'];

/** The query text as submitted (the box may hold an edit not yet submitted). */
export const query = signal('');
export const range = signal<TimeRange>(DEFAULT_RANGE);
/** The results table's columns, in order. */
export const columns = signal<readonly string[]>(DEFAULT_COLUMNS);
/** The events loaded so far (newest first), pages appended as the table scrolls. */
export const results = signal<readonly SearchEvent[]>([]);
/** More events follow: the next page's cursor. */
export const nextCursor = signal<string | undefined>(undefined);
export const searching = signal(false);
/** How many events match the submitted query and range (undefined until counted). */
export const matchCount = signal<number | undefined>(undefined);
/** A next page is being fetched. */
export const loadingMore = signal(false);
/** The last search's failure (an ApiError, with `position` for a query error). */
export const searchError = signal<unknown>(undefined);
/** The event whose record panel is open. */
export const selected = signal<SearchEvent | undefined>(undefined);
/** Counts so the parts that aggregate (histogram, field sidebar) refetch after each submit. */
export const searchGeneration = signal(0);
/**
 * Bumped once each search's first page is in (or failed): the parts that aggregate (histogram,
 * count) start then, so the table's own query does not share the engine with them first.
 */
export const firstPageGeneration = signal(0);

let runner: () => void = () => undefined;

/** index.tsx names what submitting does (update the URL, fetch the first page, bump the generation). */
export function setSearchRunner(run: () => void): void {
  runner = run;
}

export function runSearch(): void {
  runner();
}

/** Filter for (or out) a value from any field: the query gets a clause and the search runs. */
export function addFilter(field: string, value: string, negate: boolean): void {
  query.value = withFilter(query.value, field, value, negate);
  runSearch();
}

/** Change the range (the range picker, a brush on the histogram) and search again. */
export function setRange(next: TimeRange): void {
  range.value = next;
  runSearch();
}
