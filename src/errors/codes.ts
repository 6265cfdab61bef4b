// The one table of coded errors. Every error logwarden reports to a user carries one of these codes,
// the HTTP status it maps to, and a message that says what was found and what was expected.
// docs/errors.md documents each code; errors.test.ts keeps the two in step.

export const ERROR_CODES = {
  LW_CONFIG_INVALID: { status: 500, summary: 'The configuration file or flags are invalid' },
  LW_AUTH_MISSING: { status: 401, summary: 'No bearer token was given' },
  LW_AUTH_INVALID: { status: 401, summary: 'The bearer token is not known' },
  LW_AUTH_FORBIDDEN: { status: 403, summary: 'The token or user may not do this (its role lacks the permission)' },
  LW_SIGN_IN_FAILED: { status: 401, summary: 'The sign-in was refused: a wrong user name or password, a disabled or locked user, or a single sign-on that failed or maps to no role' },
  LW_SESSION_EXPIRED: { status: 401, summary: 'The sign-in session ended (idle or absolute timeout, or sign-out); sign in again' },
  LW_CSRF_INVALID: { status: 403, summary: 'A state-changing request from a signed-in browser lacked the session’s CSRF token' },
  LW_PASSWORD_POLICY: { status: 400, summary: 'The new password does not meet the password policy' },
  LW_MASKED_FIELD: { status: 403, summary: 'The query names a field the caller’s masking profile hides; it cannot be used to probe values' },
  LW_AUDIT_UNAVAILABLE: { status: 503, summary: 'The audit trail could not record the action, so it was refused (fail closed); retry later' },
  LW_QUERY_SYNTAX: { status: 400, summary: 'The query could not be parsed' },
  LW_QUERY_FIELD: { status: 400, summary: 'The query names an unknown field or a value of the wrong type' },
  LW_QUERY_LIMIT: { status: 400, summary: 'The query is too long, too deep or has too many terms' },
  LW_BAD_REQUEST: { status: 400, summary: 'A request parameter is missing or malformed' },
  LW_INGEST_TOO_LARGE: { status: 413, summary: 'The request body exceeds the configured limit' },
  LW_INGEST_BAD_ENCODING: { status: 400, summary: 'The request body could not be decoded (e.g. broken gzip)' },
  LW_UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: "The request's Content-Type is not one the route takes" },
  LW_NOT_FOUND: { status: 404, summary: 'No such route' },
  LW_STORE_FAILED: { status: 503, summary: 'The storage engine refused or failed the operation' },
  LW_UNAVAILABLE: { status: 503, summary: 'logwarden is not accepting this request now; retry later' },
  LW_DISK_FULL: { status: 503, summary: 'Free disk space is below the reserve: logwarden is read-only until space returns; retry later' },
  LW_INGEST_TOO_MANY_EVENTS: { status: 413, summary: 'The request holds more events than one request may carry (never retry it unchanged: split it)' },
  LW_TOO_MANY_REQUESTS: { status: 429, summary: 'Too many requests of this kind at once, or too many failed authentications from this address; retry after Retry-After' },
  LW_QUERY_TIMEOUT: { status: 504, summary: 'The query ran longer than the per-query time limit; narrow the query or the time range' },
  LW_PORT_IN_USE: { status: 0, summary: 'A listener address is already in use by another process (start refused)' },
  LW_DATA_DIR_LOCKED: { status: 0, summary: 'Another logwarden process holds the data directory' },
  LW_DATA_DIR_UNWRITABLE: { status: 0, summary: 'The data directory cannot be created or written' },
  LW_FILE_UNREADABLE: { status: 0, summary: 'A file the configuration names is missing or cannot be read' },
  LW_CLI_SERVER: { status: 0, summary: 'The CLI could not reach the server or the server answered an error' },
  LW_TRANSITION_CONFLICT: { status: 409, summary: 'A change to an alert, case, hold or user was made from a state that is no longer current; read it again and decide again' },
  LW_MIGRATION_FAILED: { status: 0, summary: 'A schema migration could not prove its copy of the records faithful; the start was refused and the old table stays in use' },
  LW_RULE_INVALID: { status: 400, summary: 'A detection rule could not be read or cannot run here (the reason names the field, modifier or logsource)' },
  LW_RULE_UNKNOWN: { status: 404, summary: 'No loaded detection rule has that id, name or title' },
  LW_ALERT_UNKNOWN: { status: 404, summary: 'No alert, silence or notification channel has that id or name (or it is outside the caller’s systems)' },
  LW_ALERT_STATE: { status: 409, summary: 'The alert cannot make that change from the state it is in (e.g. acknowledge a closed alert); read it again' },
  LW_NOTIFY_FAILED: { status: 502, summary: 'A test notification could not be delivered; the reason names what the receiver said' },
  LW_INTERNAL: { status: 500, summary: 'An unexpected internal error' },
  LW_TAIL_FULL: { status: 503, summary: 'The server already serves as many live tails as it takes at once; close one or retry after Retry-After' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class LogwardenError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'LogwardenError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toJSON(): { error: { code: ErrorCode; message: string } & Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}
