// A read the storage engine refused or failed (a broken part, a lost server connection, a full
// disk on the server side) is LW_STORE_FAILED (503, docs/errors.md): the request was fine and may
// succeed later, so it is not the client's 400 nor logwarden's own 500. The engine's message stays
// in the server log (it holds the statement, with its values written in); the client gets the code.
import { LogwardenError } from '../errors/codes.ts';

/** The engine's own error number: chDB's `clickhouseCode`, or @clickhouse/client's numeric `code`. */
function engineCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { clickhouseCode, code } = error as { clickhouseCode?: unknown; code?: unknown };
  if (typeof clickhouseCode === 'number') return clickhouseCode;
  return typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : undefined;
}

/** `error` as LW_STORE_FAILED, its cause kept for the log; a coded error passes through unchanged. */
export function storeFailure(error: unknown, operation: string): LogwardenError {
  if (error instanceof LogwardenError) return error;
  const code = engineCode(error);
  return new LogwardenError('LW_STORE_FAILED', `the storage engine failed the ${operation}; retry later (the server log has the engine's message)`, {
    ...(code === undefined ? {} : { engineCode: code }),
    cause: error,
  });
}
