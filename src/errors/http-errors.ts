// The one mapping from a coded error to an HTTP answer: its status (from the code table), whether
// the client may send the same request again later, the headers that say so, and its body in one of
// three faces: logwarden's own JSON (native routes), Elasticsearch's error shape (the `_bulk` and
// handshake routes, which shippers parse) and google.rpc.Status (OTLP, whose clients act on the
// status and its code). Every HTTP route renders its errors through here. Pure.
import { ERROR_CODES, LogwardenError, type ErrorCode } from './codes.ts';

export type ErrorFace = 'native' | 'elasticsearch' | 'otlp';

/** What a client is told about sending the same request again. */
export interface RetryAdvice {
  /** True when the request may succeed unchanged later (load, disk, storage); false: change it first. */
  readonly retryable: boolean;
  /** The `Retry-After` header, when the error knows when to come back. */
  readonly afterSeconds?: number;
}

export interface NativeErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string } & Readonly<Record<string, unknown>>;
}

export interface ElasticsearchErrorBody {
  readonly error: {
    readonly root_cause: readonly { readonly type: string; readonly reason: string }[];
    readonly type: string;
    readonly reason: string;
    readonly 'logwarden.code': ErrorCode;
  };
  readonly status: number;
}

/** google.rpc.Status, before it is encoded as protobuf or JSON in the request's encoding. */
export interface OtlpErrorStatus {
  readonly code: number;
  readonly message: string;
}

export interface ErrorAnswer<Body> {
  readonly status: number;
  /** Headers the answer must carry (Retry-After). */
  readonly headers: Readonly<Record<string, string>>;
  /** The WWW-Authenticate challenge of this face for a 401 that does not carry one already. */
  readonly challenge?: string;
  readonly body: Body;
}

/**
 * An error detail that names the Elasticsearch error type when the status alone does not (e.g.
 * `parse_exception` for a template body that is not JSON). Only the Elasticsearch face shows it.
 */
export const ELASTICSEARCH_TYPE = 'elasticsearchType';

/** The codes whose requests may succeed unchanged later: nothing is wrong with the request itself. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['LW_STORE_FAILED', 'LW_UNAVAILABLE', 'LW_DISK_FULL', 'LW_TOO_MANY_REQUESTS']);

/** Details that are evidence for the log, never for the client. */
const HIDDEN_DETAILS = new Set(['cause', ELASTICSEARCH_TYPE]);

const ES_TYPES: Readonly<Record<number, string>> = {
  401: 'security_exception',
  403: 'security_exception',
  404: 'resource_not_found_exception',
  // A change made from a state that is no longer current: Elasticsearch's optimistic-concurrency answer.
  409: 'version_conflict_engine_exception',
  413: 'content_too_long_exception',
  // What Elasticsearch answers when it sheds load; shippers back off on the status either way.
  429: 'es_rejected_execution_exception',
  503: 'es_rejected_execution_exception',
};

/** google.rpc.Code for an HTTP status (the OTLP/HTTP specification's pairing). */
const RPC_CODES: Readonly<Record<number, number>> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 413: 8, 415: 3, 429: 8, 500: 13, 502: 14, 503: 14, 504: 4 };
const RPC_UNKNOWN = 2;

const CHALLENGES: Readonly<Record<ErrorFace, string | undefined>> = {
  // The native routes' challenge is set by the auth hook, which knows what failed.
  native: undefined,
  elasticsearch: 'Bearer realm="logwarden", ApiKey, Basic realm="logwarden"',
  otlp: 'Bearer realm="logwarden"',
};

/** The HTTP status of a coded error; a code with no HTTP meaning (a start refusal) answers 500. */
export function statusOf(error: LogwardenError): number {
  return ERROR_CODES[error.code].status || 500;
}

export function retryOf(error: LogwardenError): RetryAdvice {
  const after = error.details['retryAfterSeconds'];
  return { retryable: RETRYABLE.has(error.code), ...(typeof after === 'number' ? { afterSeconds: after } : {}) };
}

export function renderNative(error: LogwardenError): ErrorAnswer<NativeErrorBody> {
  const details = Object.fromEntries(Object.entries(error.details).filter(([key]) => !HIDDEN_DETAILS.has(key)));
  return answer(error, 'native', { error: { code: error.code, message: error.message, ...details } });
}

/** `{"error":{"root_cause":[…],"type","reason","logwarden.code"},"status"}`, as Elasticsearch answers. */
export function renderElasticsearch(error: LogwardenError): ErrorAnswer<ElasticsearchErrorBody> {
  const status = statusOf(error);
  const named = error.details[ELASTICSEARCH_TYPE];
  const type = typeof named === 'string' ? named : (ES_TYPES[status] ?? (status >= 500 ? 'exception' : 'illegal_argument_exception'));
  const cause = { type, reason: error.message };
  return answer(error, 'elasticsearch', { error: { root_cause: [cause], ...cause, 'logwarden.code': error.code }, status });
}

/** The status's google.rpc.Code, and the message led by the logwarden code. */
export function renderOtlp(error: LogwardenError): ErrorAnswer<OtlpErrorStatus> {
  return answer(error, 'otlp', { code: RPC_CODES[statusOf(error)] ?? RPC_UNKNOWN, message: `${error.code}: ${error.message}` });
}

function answer<Body>(error: LogwardenError, face: ErrorFace, body: Body): ErrorAnswer<Body> {
  const status = statusOf(error);
  const retry = retryOf(error);
  const challenge = status === 401 ? CHALLENGES[face] : undefined;
  return {
    status,
    headers: retry.afterSeconds === undefined ? {} : { 'Retry-After': String(retry.afterSeconds) },
    ...(challenge === undefined ? {} : { challenge }),
    body,
  };
}

/**
 * Any error a route or hook throws, as a coded error: a LogwardenError as it is, Fastify's own body
 * and content-type refusals by their meaning, anything else LW_INTERNAL (its cause kept for the log).
 * `tooLarge` words the refusal of a body over the route's limit, which each face names its own way.
 */
export function toCodedError(error: unknown, tooLarge: () => LogwardenError = defaultTooLarge): LogwardenError {
  if (error instanceof LogwardenError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge();
  if (typeof code === 'string' && (code.startsWith('FST_ERR_CTP') || code === 'FST_ERR_VALIDATION')) return new LogwardenError('LW_BAD_REQUEST', (error as Error).message);
  return new LogwardenError('LW_INTERNAL', 'internal error; see the server log', { cause: error });
}

function defaultTooLarge(): LogwardenError {
  return new LogwardenError('LW_INGEST_TOO_LARGE', 'request body exceeds http.maxBodyBytes');
}

/** Codes whose cause is logged in full with the request (the client sees only the code). */
export function isServerFault(error: LogwardenError): boolean {
  return error.code === 'LW_INTERNAL' || error.code === 'LW_STORE_FAILED';
}
