// The alerts list's filters and order, kept in the URL (`/alerts?state=open&level=high&sort=asc`)
// so a filtered list can be shared and survives a reload; and what the UI knows of the lifecycle
// (docs/api.md, "POST /api/v1/alerts/:id/…") to offer only the changes the server would allow.
// The lists mirror src/alerts/alert-state.ts, which the browser cannot import; filters.test.ts
// checks they stay equal. Pure.

export const ALERT_STATES = ['open', 'acknowledged', 'resolved', 'closed'] as const;
export const DISPOSITIONS = ['true-positive', 'false-positive', 'benign', 'duplicate'] as const;

export type AlertState = (typeof ALERT_STATES)[number];

export const FILTER_NAMES = ['state', 'level', 'rule', 'system', 'assignee', 'from', 'to'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export type AlertFilters = Partial<Record<FilterName, string>>;

/** Newest last-seen first (the API's order) or oldest first. */
export type SortOrder = 'desc' | 'asc';

export function filtersFrom(query: URLSearchParams): AlertFilters {
  const filters: AlertFilters = {};
  for (const name of FILTER_NAMES) {
    const value = query.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

export function sortFrom(query: URLSearchParams): SortOrder {
  return query.get('sort') === 'asc' ? 'asc' : 'desc';
}

/** The list ordered by last seen; the API answers newest first, so ascending is the reverse. */
export function sortByLastSeen<T extends { readonly lastSeen: string; readonly id: string }>(alerts: readonly T[], order: SortOrder): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...alerts].sort((a, b) => sign * (Date.parse(a.lastSeen) - Date.parse(b.lastSeen)) || a.id.localeCompare(b.id));
}

export type Change = 'acknowledge' | 'resolve' | 'reopen' | 'close';

/** The lifecycle's allowed moves from each state (assign and comment are allowed from any). */
const ALLOWED: Readonly<Record<AlertState, readonly Change[]>> = {
  open: ['acknowledge', 'resolve', 'close'],
  acknowledged: ['resolve', 'close'],
  resolved: ['close', 'reopen'],
  closed: ['reopen'],
};

export function allowedChanges(state: string): readonly Change[] {
  return (ALLOWED as Record<string, readonly Change[]>)[state] ?? [];
}
