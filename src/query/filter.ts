// The structured filter every EventStore read takes — a parsed query, the caller's scope and a time
// range — and the one place it becomes a WHERE clause, so no read can leave the scope out. Pure.

import type { QueryNode } from './ast.ts';
import { compileAst } from './compile.ts';
import { parseQuery } from './parse.ts';
import { AUDIT_CATEGORY, type Scope } from './scope.ts';

/** A query parsed once; the text is kept for error messages (positions refer to it). */
export interface ParsedQuery {
  readonly text: string;
  readonly ast: QueryNode;
}

/** Parse a query's text. Throws LogwardenError (LW_QUERY_SYNTAX / LW_QUERY_LIMIT). */
export function parsedQuery(text: string): ParsedQuery {
  return { text, ast: parseQuery(text) };
}

export interface EventFilter {
  readonly query: ParsedQuery;
  /** Mandatory: whose events the read may see. */
  readonly scope: Scope;
  /** Inclusive lower bound on `@timestamp`, epoch ms. */
  readonly from?: number;
  /** Exclusive upper bound on `@timestamp`, epoch ms. */
  readonly to?: number;
}

export interface WhereClause {
  readonly sql: string;
  readonly params: Readonly<Record<string, string | number | readonly string[]>>;
}

/**
 * The scope alone: `logwarden_system IN (…)` (nothing for an empty list, no condition for all),
 * and, with `auditOf`, no audit-trail event but the caller's own. Every read of events goes
 * through here (search, count, aggregate, histogram, proofs, hunts, systems statistics).
 */
export function scopeCondition(scope: Scope): WhereClause {
  const systems = systemsCondition(scope);
  if (scope.auditOf === undefined) return systems;
  const audit = '(NOT has(event_category, {lw_audit_category:String}) OR user_name = {lw_audit_of:String})';
  return { sql: `${systems.sql} AND ${audit}`, params: { ...systems.params, lw_audit_category: AUDIT_CATEGORY, lw_audit_of: scope.auditOf } };
}

function systemsCondition(scope: Scope): WhereClause {
  if (scope.kind === 'all') return { sql: '1', params: {} };
  if (scope.systems.length === 0) return { sql: '0', params: {} };
  return { sql: 'logwarden_system IN {lw_systems:Array(String)}', params: { lw_systems: scope.systems } };
}

/** The whole filter as one WHERE clause; `now` is what `now` in the query means. */
export function compileFilter(filter: EventFilter, now: number): WhereClause {
  const compiled = compileAst(filter.query.ast, filter.query.text, { now });
  const scope = scopeCondition(filter.scope);
  const clauses = [`(${compiled.sql})`, scope.sql];
  const params: Record<string, string | number | readonly string[]> = { ...compiled.params, ...scope.params };
  if (filter.from !== undefined) {
    clauses.push("timestamp >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC')");
    params['lw_from'] = filter.from;
  }
  if (filter.to !== undefined) {
    clauses.push("timestamp < fromUnixTimestamp64Milli({lw_to:Int64}, 'UTC')");
    params['lw_to'] = filter.to;
  }
  return { sql: clauses.join(' AND '), params };
}
