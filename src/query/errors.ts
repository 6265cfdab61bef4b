// Error constructors for the query language. Every error a user can cause with a query is a coded
// LogwardenError carrying the 0-based character offset it refers to, so a UI can underline it.

import { LogwardenError } from '../errors/codes.ts';

/** The hard limits that keep a hostile query from costing the parser or the engine much. */
export const QUERY_LIMITS = {
  maxLength: 8192,
  maxDepth: 32,
  maxClauses: 512,
} as const;

/** The query cannot be parsed. */
export function syntaxError(query: string, position: number, message: string): LogwardenError {
  return new LogwardenError('LW_QUERY_SYNTAX', message, { position, query });
}

/** The query names an unknown field, or gives a field a value of the wrong type. */
export function fieldError(query: string, position: number, message: string, extra: Record<string, unknown> = {}): LogwardenError {
  return new LogwardenError('LW_QUERY_FIELD', message, { position, query, ...extra });
}

/** The query is too long, too deep or has too many clauses. */
export function limitError(query: string, position: number, message: string, limit: number): LogwardenError {
  // An over-long query is not echoed back: the point of the limit is not to carry it around.
  const echoed = query.length > QUERY_LIMITS.maxLength ? {} : { query };
  return new LogwardenError('LW_QUERY_LIMIT', message, { position, limit, ...echoed });
}

/** How a piece of the query is named in messages: `end of query` or the quoted source text. */
export function describeSource(query: string, start: number, end: number): string {
  if (start >= query.length) return 'end of query';
  const text = query.slice(start, Math.max(end, start + 1));
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
