// OTLP/HTTP logs receiver (`POST /v1/logs`), so that OpenTelemetry SDKs and the Collector's
// otlphttp exporter can ship logs directly. Binary protobuf and OTLP/JSON, optionally gzipped; the
// answer (an ExportLogsServiceResponse, with `partial_success` when some records were unusable) is
// sent in the request's encoding once the events are durable. Errors carry a google.rpc.Status body
// and the status codes OTLP clients act on: 400 (do not retry), 503 with Retry-After (retry).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countOtlpRecords, encodeOtlpResponse, encodeOtlpStatus, OtlpDecodeError, otlpEntries, type OtlpEntry, type OtlpRejectReason } from '../codecs/otlp-logs.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { LogEvent } from '../schema/event.ts';
import { normaliseOtlp } from '../transforms/normalise-otlp.ts';
import { readIngestBody, refuseOverEventCap, refuseWhenQueueFull, refuseWhenReadOnly, requestSource, submitInSlices } from './ingest-request.ts';
import type { Clock } from '../runtime/clock.ts';

export interface OtlpRouteDeps {
  readonly config: Config;
  readonly pipeline: IngestPipeline;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Receipt time (`event.ingested`). */
  readonly clock: Clock;
}

const PROTOCOL = 'otlp-http';
const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

type Encoding = 'protobuf' | 'json';

/** google.rpc.Code for an HTTP status. */
const RPC_CODES: Readonly<Record<number, number>> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 8, 415: 3, 500: 13, 503: 14 };

export function registerOtlpRoutes(app: FastifyInstance, deps: OtlpRouteDeps): void {
  app.post(
    '/v1/logs',
    {
      config: { permission: 'ingest' },
      errorHandler: (error, request, reply) => sendOtlpError(toError(error), request, reply, deps.logger),
    },
    (request, reply) => exportLogs(request, reply, deps),
  );
}

function encodingOf(request: FastifyRequest): Encoding | undefined {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === PROTOBUF) return 'protobuf';
  if (type === JSON_TYPE) return 'json';
  return undefined;
}

async function exportLogs(request: FastifyRequest, reply: FastifyReply, deps: OtlpRouteDeps): Promise<unknown> {
  const encoding = encodingOf(request);
  if (encoding === undefined) {
    return sendStatus(reply, 415, `Content-Type must be ${PROTOBUF} or ${JSON_TYPE}`, 'json');
  }
  refuseWhenReadOnly(deps.pipeline);
  const body = await readIngestBody(request, deps.config.http.maxBodyBytes);
  const records = countOtlpRecords(body, encoding);
  refuseOverEventCap(records, deps.config.ingest.maxEventsPerRequest, { metrics: deps.metrics, protocol: PROTOCOL, unit: 'log records' });
  refuseWhenQueueFull(deps.pipeline, records, deps.config.storage.queueMaxEvents);
  const receivedAt = deps.clock.now();
  const source = requestSource(request, PROTOCOL, deps.config.http.listen);
  let rejected = 0;
  const problems: string[] = []; // the first few, for the answer
  const flaggedReasons = new Map<string, number>();
  const unusable = (problem: string, reason: OtlpRejectReason | 'oversize'): undefined => {
    rejected++;
    if (problems.length < 10) problems.push(problem);
    deps.metrics.rejected.inc({ protocol: PROTOCOL, reason });
    return undefined;
  };
  const toEvent = (entry: OtlpEntry): LogEvent | undefined => {
    if ('error' in entry) return unusable(entry.error, entry.reason);
    const event = normaliseOtlp(entry.resource, entry.scope, entry.record, { source, receivedAt });
    if (Buffer.byteLength(event['event.original'] as string) > deps.config.ingest.maxEventBytes) {
      return unusable(`a log record exceeds ingest.maxEventBytes (${deps.config.ingest.maxEventBytes} bytes)`, 'oversize');
    }
    return event;
  };
  // Counted once submitted: the write path has flagged what does not fit a column or held a token.
  const submitted = (part: readonly LogEvent[]): void => {
    deps.metrics.received.inc({ protocol: PROTOCOL }, part.length);
    for (const event of part) {
      const reason = event['logwarden.parse.error'];
      if (reason !== undefined) flaggedReasons.set(String(reason), (flaggedReasons.get(String(reason)) ?? 0) + 1);
    }
  };
  const submission = await submitInSlices({ pipeline: deps.pipeline, queueMaxEvents: deps.config.storage.queueMaxEvents }, otlpEntries(body, encoding), toEvent, submitted);
  if (submission.waitedForRoom) deps.metrics.requestsStoredInParts.inc({ protocol: PROTOCOL });
  const answer = encodeOtlpResponse(rejected, answerMessage(rejected, problems, flaggedReasons), encoding);
  return reply
    .code(200)
    .type(encoding === 'protobuf' ? PROTOBUF : JSON_TYPE)
    .send(answer instanceof Uint8Array ? Buffer.from(answer) : answer);
}

/**
 * Rejected records (not stored) are counted in rejected_log_records; records stored but flagged
 * (logwarden.parse.error, e.g. a time beyond 2299) were accepted, so they are not, and are named
 * in the message only, as the warning OTLP allows with nothing rejected (docs/api.md).
 */
function answerMessage(rejected: number, problems: readonly string[], flaggedReasons: ReadonlyMap<string, number>): string {
  const parts: string[] = [];
  if (rejected > 0) parts.push(`${rejected} log record(s) rejected: ${problems.join('; ')}`);
  const flagged = [...flaggedReasons.values()].reduce((sum, count) => sum + count, 0);
  if (flagged > 0) parts.push(`${flagged} log record(s) stored flagged (logwarden.parse.error: ${[...flaggedReasons.keys()].join(', ')})`);
  return parts.join('; ');
}

function toError(error: FastifyError | Error): LogwardenError {
  if (error instanceof LogwardenError) return error;
  if (error instanceof OtlpDecodeError) return new LogwardenError('LW_BAD_REQUEST', error.message);
  const code = (error as { code?: string }).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new LogwardenError('LW_INGEST_TOO_LARGE', 'request body exceeds http.maxBodyBytes');
  if (code?.startsWith('FST_ERR_CTP')) return new LogwardenError('LW_BAD_REQUEST', error.message);
  return new LogwardenError('LW_INTERNAL', 'internal error; see the server log', { cause: error });
}

function sendOtlpError(error: LogwardenError, request: FastifyRequest, reply: FastifyReply, logger: Logger): FastifyReply {
  if (error.code === 'LW_INTERNAL') logger.error({ err: error.details['cause'], method: request.method, url: request.url.split('?')[0] }, 'request failed');
  if (typeof error.details['retryAfterSeconds'] === 'number') reply.header('Retry-After', String(error.details['retryAfterSeconds']));
  if (error.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="logwarden"');
  return sendStatus(reply, error.status, `${error.code}: ${error.message}`, encodingOf(request) ?? 'json');
}

function sendStatus(reply: FastifyReply, status: number, message: string, encoding: Encoding): FastifyReply {
  const body = encodeOtlpStatus(RPC_CODES[status] ?? 2, message, encoding);
  return reply
    .code(status)
    .type(encoding === 'protobuf' ? PROTOBUF : JSON_TYPE)
    .send(body instanceof Uint8Array ? Buffer.from(body) : body);
}
