// The per-query time limit: ClickHouse's own `max_execution_time`, written into the statement so
// that the embedded engine and a ClickHouse server enforce it alike, and the engine's "timeout
// exceeded" (code 159) turned into the coded 504 a user can act on.
import { LogwardenError } from '../errors/codes.ts';

const TIMEOUT_EXCEEDED = 159;

/** `sql` with a SETTINGS clause that stops it after `seconds`; `sql` must not have one already. */
export function withTimeLimit(sql: string, seconds: number): string {
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`query time limit must be a positive number of seconds, got ${seconds}`);
  // A number from the validated configuration, never user input: safe to write into the SQL.
  return `${sql} SETTINGS max_execution_time = ${Number(seconds.toFixed(3))}, timeout_overflow_mode = 'throw'`;
}

/** Whether an engine error is ClickHouse's TIMEOUT_EXCEEDED, from chDB or from @clickhouse/client. */
export function isTimeoutExceeded(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { clickhouseCode, code, message } = error as { clickhouseCode?: unknown; code?: unknown; message?: unknown };
  if (clickhouseCode === TIMEOUT_EXCEEDED || code === String(TIMEOUT_EXCEEDED)) return true;
  return typeof message === 'string' && /\bTIMEOUT_EXCEEDED\b/.test(message);
}

export function queryTimeoutError(seconds: number, cause: unknown): LogwardenError {
  return new LogwardenError(
    'LW_QUERY_TIMEOUT',
    `the query ran longer than the ${seconds} s limit (search.maxQuerySeconds) and was stopped: narrow the time range (from/to) or the query (a word rather than a *wildcard*), or raise search.maxQuerySeconds`,
    { limitSeconds: seconds, cause },
  );
}
