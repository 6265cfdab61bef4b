// OTLP/HTTP logs receiver (`POST /v1/logs`), so that OpenTelemetry SDKs and the Collector's
// otlphttp exporter can ship logs directly. Binary protobuf and OTLP/JSON, optionally gzipped; the
// answer (an ExportLogsServiceResponse, with `partial_success` when some records were unusable) is
// sent in the request's encoding once the events are durable. Errors carry a google.rpc.Status body
// and the status codes OTLP clients act on: 400 (do not retry), 503 with Retry-After (retry), drawn
// by the one error mapping (src/errors/http-errors.ts). A Fastify plugin, registered by the API app.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { countOtlpRecords, encodeOtlpResponse, encodeOtlpStatus, OtlpDecodeError, otlpEntries, type OtlpEntry } from '../codecs/otlp-logs.ts';
import { LogwardenError } from '../errors/codes.ts';
import { renderOtlp, type OtlpErrorStatus } from '../errors/http-errors.ts';
import { codedErrorHandler } from '../http/error-reply.ts';
import type { LogEvent, RejectReason } from '../schema/event.ts';
import { normaliseOtlp } from '../transforms/normalise-otlp.ts';
import { readIngestBody, refuseOverEventCap, refuseWhenQueueFull, refuseWhenReadOnly, requestSource, submitInSlices, type HttpSourceOptions } from './http-ingest-request.ts';

const PROTOCOL = 'otlp-http';
const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

type Encoding = 'protobuf' | 'json';

export const otlpHttpSource: FastifyPluginAsync<HttpSourceOptions> = async (app, options) => {
  app.setErrorHandler(
    codedErrorHandler(renderOtlp, sendStatus, {
      logger: options.logger,
      adopt: (error) => (error instanceof OtlpDecodeError ? new LogwardenError('LW_BAD_REQUEST', error.message) : undefined),
    }),
  );
  app.post('/v1/logs', { config: { permission: 'ingest' } }, (request, reply) => exportLogs(request, reply, options));
};

function encodingOf(request: FastifyRequest): Encoding | undefined {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === PROTOBUF) return 'protobuf';
  if (type === JSON_TYPE) return 'json';
  return undefined;
}

async function exportLogs(request: FastifyRequest, reply: FastifyReply, deps: HttpSourceOptions): Promise<unknown> {
  const encoding = encodingOf(request);
  if (encoding === undefined) throw new LogwardenError('LW_UNSUPPORTED_MEDIA_TYPE', `Content-Type must be ${PROTOBUF} or ${JSON_TYPE}`);
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
  const unusable = (problem: string, reason: RejectReason): undefined => {
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

/** google.rpc.Status in the request's encoding (JSON when the request's is not one OTLP has). */
function sendStatus(reply: FastifyReply, request: FastifyRequest, status: OtlpErrorStatus): FastifyReply {
  const encoding = encodingOf(request) ?? 'json';
  const body = encodeOtlpStatus(status.code, status.message, encoding);
  return reply.type(encoding === 'protobuf' ? PROTOBUF : JSON_TYPE).send(body instanceof Uint8Array ? Buffer.from(body) : body);
}
