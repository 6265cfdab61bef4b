// The one error mapping: every coded error, in each of the three faces, answers the status of the
// code table, says whether to retry, and carries the body its clients parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorResponse } from '../contracts/errors.ts';
import { ERROR_CODES, LogwardenError, type ErrorCode } from './codes.ts';
import { ELASTICSEARCH_TYPE, renderElasticsearch, renderNative, renderOtlp, retryOf, statusOf, toCodedError } from './http-errors.ts';

const ALL_CODES = Object.keys(ERROR_CODES) as ErrorCode[];
const HTTP_CODES = ALL_CODES.filter((code) => ERROR_CODES[code].status !== 0);

/** google.rpc.Code names, for readable expectations. */
const RPC = { INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, ABORTED: 10, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16 };

/** Expected per class of status: the Elasticsearch type and the google.rpc.Code. */
const BY_STATUS: Readonly<Record<number, { es: string; rpc: number }>> = {
  400: { es: 'illegal_argument_exception', rpc: RPC.INVALID_ARGUMENT },
  401: { es: 'security_exception', rpc: RPC.UNAUTHENTICATED },
  403: { es: 'security_exception', rpc: RPC.PERMISSION_DENIED },
  404: { es: 'resource_not_found_exception', rpc: RPC.NOT_FOUND },
  409: { es: 'version_conflict_engine_exception', rpc: RPC.ABORTED },
  413: { es: 'content_too_long_exception', rpc: RPC.RESOURCE_EXHAUSTED },
  415: { es: 'illegal_argument_exception', rpc: RPC.INVALID_ARGUMENT },
  429: { es: 'es_rejected_execution_exception', rpc: RPC.RESOURCE_EXHAUSTED },
  500: { es: 'exception', rpc: RPC.INTERNAL },
  // A receiver elsewhere (a notification channel) failed: unavailable, as OTLP's pairing has it.
  502: { es: 'exception', rpc: RPC.UNAVAILABLE },
  503: { es: 'es_rejected_execution_exception', rpc: RPC.UNAVAILABLE },
  504: { es: 'exception', rpc: RPC.DEADLINE_EXCEEDED },
};

describe('coded errors in the three faces', () => {
  it('every status in the code table has an expectation here (a new status class must be mapped)', () => {
    for (const code of HTTP_CODES) assert.ok(BY_STATUS[ERROR_CODES[code].status], `${code}: status ${ERROR_CODES[code].status}`);
  });

  for (const code of HTTP_CODES) {
    const status = ERROR_CODES[code].status;
    const error = new LogwardenError(code, `what went wrong for ${code}`, { limit: 7 });

    it(`${code}: native answers ${status} with {"error":{"code","message",…evidence}}`, () => {
      const answer = renderNative(error);
      assert.equal(answer.status, status);
      assert.deepEqual(answer.body, { error: { code, message: `what went wrong for ${code}`, limit: 7 } });
      assert.ok(errorResponse.safeParse(answer.body).success, 'the contract the CLI parses errors with');
    });

    it(`${code}: Elasticsearch answers ${status} as ${BY_STATUS[status]?.es}`, () => {
      const answer = renderElasticsearch(error);
      assert.equal(answer.status, status);
      const type = BY_STATUS[status]?.es as string;
      const cause = { type, reason: `what went wrong for ${code}` };
      assert.deepEqual(answer.body, { error: { root_cause: [cause], ...cause, 'logwarden.code': code }, status });
    });

    it(`${code}: OTLP answers ${status} with google.rpc.Code ${BY_STATUS[status]?.rpc}`, () => {
      const answer = renderOtlp(error);
      assert.equal(answer.status, status);
      assert.deepEqual(answer.body, { code: BY_STATUS[status]?.rpc, message: `${code}: what went wrong for ${code}` });
    });
  }

  it('codes with no HTTP meaning (start refusals) answer 500 if they ever reach a route', () => {
    for (const code of ALL_CODES.filter((name) => ERROR_CODES[name].status === 0)) assert.equal(statusOf(new LogwardenError(code, 'x')), 500);
  });
});

describe('retry advice', () => {
  it('load, disk and storage failures are retryable; a wrong request is not', () => {
    const retryable = ALL_CODES.filter((code) => retryOf(new LogwardenError(code, 'x')).retryable);
    assert.deepEqual(retryable.sort(), ['LW_DISK_FULL', 'LW_STORE_FAILED', 'LW_TOO_MANY_REQUESTS', 'LW_UNAVAILABLE']);
    for (const code of ['LW_INGEST_TOO_MANY_EVENTS', 'LW_INGEST_TOO_LARGE', 'LW_BAD_REQUEST', 'LW_QUERY_TIMEOUT'] as const) {
      assert.equal(retryOf(new LogwardenError(code, 'x')).retryable, false, code);
    }
  });

  it('Retry-After is sent in every face when the error knows when to come back, and only then', () => {
    const busy = new LogwardenError('LW_UNAVAILABLE', 'the ingest queue is full; retry later', { retryAfterSeconds: 3 });
    for (const render of [renderNative, renderElasticsearch, renderOtlp]) {
      assert.deepEqual(render(busy).headers, { 'Retry-After': '3' });
      assert.deepEqual(render(new LogwardenError('LW_UNAVAILABLE', 'x')).headers, {});
    }
    assert.equal((renderNative(busy).body.error as { retryAfterSeconds?: number }).retryAfterSeconds, 3, 'also in the native body');
  });
});

describe('what the client sees', () => {
  it('the cause and the Elasticsearch type hint never reach a native body', () => {
    const error = new LogwardenError('LW_BAD_REQUEST', 'not JSON', { cause: new Error('secret engine text'), [ELASTICSEARCH_TYPE]: 'parse_exception' });
    assert.deepEqual(renderNative(error).body, { error: { code: 'LW_BAD_REQUEST', message: 'not JSON' } });
    assert.equal(renderElasticsearch(error).body.error.type, 'parse_exception', 'the Elasticsearch face names the type');
    assert.doesNotMatch(JSON.stringify(renderOtlp(error).body), /secret/);
  });

  it('a 401 carries the face challenge (the auth hook sets the native one itself)', () => {
    const missing = new LogwardenError('LW_AUTH_MISSING', 'no token');
    assert.equal(renderNative(missing).challenge, undefined);
    assert.match(renderElasticsearch(missing).challenge ?? '', /ApiKey, Basic/);
    assert.equal(renderOtlp(missing).challenge, 'Bearer realm="logwarden"');
    assert.equal(renderOtlp(new LogwardenError('LW_AUTH_FORBIDDEN', 'x')).challenge, undefined);
  });
});

describe('toCodedError', () => {
  const fastify = (code: string, message = 'm'): Error => Object.assign(new Error(message), { code });

  it('keeps coded errors, names Fastify refusals, and makes anything else LW_INTERNAL with its cause', () => {
    const coded = new LogwardenError('LW_QUERY_SYNTAX', 'x');
    assert.equal(toCodedError(coded), coded);
    assert.equal(toCodedError(fastify('FST_ERR_CTP_BODY_TOO_LARGE')).code, 'LW_INGEST_TOO_LARGE');
    assert.equal(toCodedError(fastify('FST_ERR_CTP_INVALID_MEDIA_TYPE')).code, 'LW_BAD_REQUEST');
    const odd = new TypeError('undefined is not a function');
    const internal = toCodedError(odd);
    assert.equal(internal.code, 'LW_INTERNAL');
    assert.equal(internal.details['cause'], odd);
    assert.doesNotMatch(internal.message, /undefined is not/);
  });

  it('lets a face word the body-too-large refusal', () => {
    const worded = toCodedError(fastify('FST_ERR_CTP_BODY_TOO_LARGE'), () => new LogwardenError('LW_INGEST_TOO_LARGE', 'at most 1 MiB', { limit: 1 }));
    assert.equal(worded.message, 'at most 1 MiB');
  });
});
