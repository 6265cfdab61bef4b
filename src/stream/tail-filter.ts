// What one live-tail subscriber may see of a newly stored record, and how it is shown: the query
// compiled by the same compiler the search uses (query/match.ts, the JavaScript backend the
// detection engine runs on the stream, held equal to the SQL backend row for row), the caller's
// scope (its systems, and of the audit trail only its own events without audit.read), and the
// caller's masking profile applied before the event is written, exactly as a search page shows it
// (presentEvent of Masker.maskEvent, api/search-response.ts). Pure.
import type { Masker } from '../access/masking.ts';
import { parsedQuery } from '../query/filter.ts';
import { compileMatcher, type EventMatcher } from '../query/match.ts';
import { AUDIT_CATEGORY, inScope, scopeKey, type Scope } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import { presentEvent } from '../schema/present.ts';

export interface TailFilterOptions {
  /** The query text (query-language.md); '' matches every record. */
  readonly query: string;
  readonly scope: Scope;
  /** The caller's masking profile; undefined for an unmasked caller. */
  readonly masker?: Masker | undefined;
  /** What `now` in the query means: the moment the tail opened. */
  readonly now: number;
}

export interface TailFilter {
  /** Equal for filters that accept the same records (query, scope and, when the query names it, `now`): the hub asks one of them per record. */
  readonly matchKey: string;
  /** Equal for filters that show a record the same way (the masking profile): the hub presents a record once per key. */
  readonly presentKey: string;
  /** Whether the record is one this subscriber may see and asked for. */
  accepts(event: LogEvent): boolean;
  /** The record as JSON text, masked for a masked caller. */
  present(event: LogEvent): string;
}

/** Throws the search's coded errors: LW_QUERY_SYNTAX, LW_QUERY_FIELD, LW_QUERY_LIMIT, LW_MASKED_FIELD. */
export function tailFilter(options: TailFilterOptions): TailFilter {
  // A masked caller may not probe masked values through the query, in a tail as in a search.
  options.masker?.checkQuery(options.query);
  const matches: EventMatcher = compileMatcher(parsedQuery(options.query).ast, { now: options.now, query: options.query });
  const { scope, masker } = options;
  return {
    matchKey: JSON.stringify([options.query, scopeKey(scope), /\bnow\b/i.test(options.query) ? options.now : 0]),
    presentKey: masker ? `masked:${masker.profile}` : 'plain',
    accepts: (event) => visibleIn(scope, event) && matches(event),
    present: (event) => JSON.stringify(presentEvent(masker ? masker.maskEvent(event) : event)),
  };
}

/** The scope's condition (query/filter.ts scopeCondition) on one record in memory. */
export function visibleIn(scope: Scope, event: LogEvent): boolean {
  if (!inScope(scope, String(event['logwarden.system'] ?? ''))) return false;
  if (scope.auditOf === undefined) return true;
  const categories = event['event.category'];
  const audit = Array.isArray(categories) && categories.includes(AUDIT_CATEGORY);
  return !audit || event['user.name'] === scope.auditOf;
}
