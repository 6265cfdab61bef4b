// An Elasticsearch-compatible face on the HTTP listener, so that Filebeat, Fluent Bit, Vector,
// Logstash and the official Elasticsearch clients can ship logs with their Elasticsearch output:
// `POST /_bulk` and `POST /:index/_bulk` store `index`/`create` documents as events (answered only
// once they are durable), and the handshake endpoints those clients call first answer minimally.
// Every answer carries `X-Elastic-Product: Elasticsearch`, which the official clients insist on,
// and errors are shaped as Elasticsearch shapes them.
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { bulkItems, bulkLineCount, type BulkDocument, type BulkItem } from '../codecs/es-bulk.ts';
import { decodeJsonLine, type JsonBodyOptions } from '../codecs/json-lines.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { LogEvent } from '../schema/event.ts';
import { ES_SETTINGS_MAX_BODY_BYTES, EsSettingsStore, type EsSettingsKind } from './es-settings-store.ts';
import { readIngestBody, refuseOverEventCap, refuseWhenQueueFull, refuseWhenReadOnly, requestSource, submitInSlices } from './ingest-request.ts';
import type { Clock } from '../runtime/clock.ts';

export interface EsBulkRouteDeps {
  readonly config: Config;
  readonly pipeline: IngestPipeline;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Receipt time (`event.ingested`). */
  readonly clock: Clock;
}

/** The Elasticsearch version logwarden presents itself as. */
export const ES_COMPAT_VERSION = '8.17.0';
const PROTOCOL = 'es-bulk';
const CLUSTER_NAME = 'logwarden';

export function registerEsBulkRoutes(app: FastifyInstance, deps: EsBulkRouteDeps): void {
  const clusterUuid = createHash('sha256').update(`logwarden:${deps.config.dataDir}`).digest('base64url').slice(0, 22);
  const stored = new EsSettingsStore();

  const options = (permission?: 'ingest', bodyLimit?: number): RouteShorthandOptions => ({
    config: { ...(permission ? { permission } : {}), credentials: 'elasticsearch' },
    ...(bodyLimit === undefined ? {} : { bodyLimit }),
    onSend: async (_request, reply, payload) => {
      reply.header('X-Elastic-Product', 'Elasticsearch');
      return payload;
    },
    errorHandler: (error, request, reply) => sendEsError(toError(error, request), request, reply, deps.logger),
  });

  app.get('/', options(), async () => ({
    name: os.hostname(),
    cluster_name: CLUSTER_NAME,
    cluster_uuid: clusterUuid,
    version: {
      number: ES_COMPAT_VERSION,
      build_flavor: 'default',
      build_type: 'logwarden',
      build_hash: 'logwarden',
      build_date: '2024-12-11T00:00:00.000Z',
      build_snapshot: false,
      lucene_version: '9.12.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  }));
  app.get('/_license', options(), async () => ({
    license: {
      status: 'active',
      uid: clusterUuid,
      type: 'basic',
      issue_date: '2024-01-01T00:00:00.000Z',
      issue_date_in_millis: 1_704_067_200_000,
      max_nodes: 1000,
      max_resource_units: null,
      issued_to: CLUSTER_NAME,
      issuer: 'elasticsearch',
      start_date_in_millis: -1,
    },
  }));
  app.get('/_cluster/health', options(), async () => ({
    cluster_name: CLUSTER_NAME,
    status: 'green',
    timed_out: false,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    active_primary_shards: 0,
    active_shards: 0,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: 0,
  }));

  const named = (kind: EsSettingsKind, path: string, present: (name: string, body: unknown) => unknown) => {
    app.get(path, options(), async (request) => {
      const { name } = request.params as { name: string };
      const body = stored.get(kind, name);
      if (body === undefined) throw new EsError(404, 'resource_not_found_exception', `${kind.replace('_', ' ')} [${name}] not found`);
      return present(name, jsonBody(body));
    });
    // Writing needs an ingest or admin token (a reader only reads, R-ACCESS-1); the body is small.
    app.put(path, options('ingest', ES_SETTINGS_MAX_BODY_BYTES), async (request) => {
      const { name } = request.params as { name: string };
      const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
      jsonBody(body); // refuse what is not JSON now, not when it is read back
      stored.set(kind, name, body);
      return { acknowledged: true };
    });
  };
  named('index_template', '/_index_template/:name', (name, body) => ({ index_templates: [{ name, index_template: body }] }));
  named('template', '/_template/:name', (name, body) => ({ [name]: body }));
  named('policy', '/_ilm/policy/:name', (name, body) => ({
    [name]: { version: 1, modified_date: new Date(0).toISOString(), policy: (body as { policy?: unknown } | undefined)?.policy ?? {} },
  }));

  app.post('/_bulk', options('ingest'), (request, reply) => bulk(request, reply, deps));
  app.post('/:index/_bulk', options('ingest'), (request, reply) => bulk(request, reply, deps));
}

async function bulk(request: FastifyRequest, reply: FastifyReply, deps: EsBulkRouteDeps): Promise<unknown> {
  const started = performance.now();
  refuseWhenReadOnly(deps.pipeline);
  const body = await readIngestBody(request, deps.config.http.maxBodyBytes);
  // Counted from the lines alone, before any is parsed: a document is an action line and a source line.
  const lines = bulkLineCount(body);
  const documents = Math.ceil(lines / 2);
  const unit = `documents (${lines} non-blank lines, two per document)`;
  refuseOverEventCap(documents, deps.config.ingest.maxEventsPerRequest, { metrics: deps.metrics, protocol: PROTOCOL, unit });
  refuseWhenQueueFull(deps.pipeline, documents, deps.config.storage.queueMaxEvents);
  const receivedAt = deps.clock.now();
  const source = requestSource(request, PROTOCOL, deps.config.http.listen);
  // Each item's answer, in request order; a document's is filled in once it has its sequence number.
  const answers: (Record<string, unknown> | BulkDocument)[] = [];
  const awaitingSequence: number[] = [];
  let refused = false;
  const toEvent = (item: BulkItem): LogEvent | undefined => {
    if (item.kind === 'refused') {
      refused = true;
      deps.metrics.rejected.inc({ protocol: PROTOCOL, reason: 'bad_action' });
      answers.push(answer(item, undefined));
      return undefined;
    }
    awaitingSequence.push(answers.push(item) - 1);
    return documentEvent(item, { source, receivedAt, maxEventBytes: deps.config.ingest.maxEventBytes }, deps.metrics);
  };
  let answered = 0;
  const submission = await submitInSlices({ pipeline: deps.pipeline, queueMaxEvents: deps.config.storage.queueMaxEvents }, bulkItems(body, (request.params as { index?: string }).index), toEvent, (part) => {
    deps.metrics.received.inc({ protocol: PROTOCOL }, part.length);
    for (const event of part) {
      const at = awaitingSequence[answered++] as number;
      answers[at] = answer(answers[at] as BulkDocument, event);
    }
  });
  if (submission.waitedForRoom) deps.metrics.requestsStoredInParts.inc({ protocol: PROTOCOL });
  return reply.code(200).send({ took: Math.round(performance.now() - started), errors: refused, items: answers });
}

/** A document's source line as an event, labelled with the index and id it was sent to. */
function documentEvent(item: BulkDocument, options: JsonBodyOptions, metrics: Metrics): LogEvent {
  const result = decodeJsonLine(item.source, options);
  if (result.reject) metrics.rejected.inc({ protocol: PROTOCOL, reason: result.reject.reason });
  const labels: Record<string, string> = { ...((result.event['labels'] as Record<string, string> | undefined) ?? {}), 'es.index': item.index };
  if (item.id !== undefined) labels['es.id'] = item.id;
  result.event['labels'] = labels;
  return result.event;
}

/** One response item, as Elasticsearch writes it. */
function answer(item: BulkItem, event: LogEvent | undefined): Record<string, unknown> {
  if (item.kind === 'refused') {
    return {
      [item.action]: {
        _index: item.index ?? null,
        _id: item.id ?? null,
        status: item.status,
        error: { type: item.type, reason: item.reason, ...(item.index === undefined ? {} : { index: item.index }) },
      },
    };
  }
  const sequence = event?.['event.sequence'] as number;
  // Stored but flagged: still created (the document is kept whole), with the reason beside it.
  const flag = event?.['logwarden.parse.error'];
  return {
    [item.action]: {
      _index: item.index,
      _id: item.id ?? `lw-${sequence}`,
      _version: 1,
      result: 'created',
      _shards: { total: 1, successful: 1, failed: 0 },
      _seq_no: sequence,
      _primary_term: 1,
      status: 201,
      ...(flag === undefined ? {} : { 'logwarden.parse.error': flag }),
    },
  };
}

function jsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new EsError(400, 'parse_exception', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** An error with Elasticsearch's type name (for the handshake endpoints). */
class EsError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, reason: string) {
    super(reason);
    this.status = status;
    this.type = type;
  }
}

function toError(error: FastifyError | Error, request: FastifyRequest): EsError | LogwardenError {
  if (error instanceof EsError || error instanceof LogwardenError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge(request);
  if (code?.startsWith('FST_ERR_CTP')) return new LogwardenError('LW_BAD_REQUEST', error.message);
  return new LogwardenError('LW_INTERNAL', 'internal error; see the server log', { cause: error });
}

function tooLarge(request: FastifyRequest): LogwardenError {
  const limit = request.routeOptions.bodyLimit;
  if (limit === ES_SETTINGS_MAX_BODY_BYTES) {
    return new LogwardenError('LW_INGEST_TOO_LARGE', `a template or lifecycle policy body may be at most ${limit} bytes; send a smaller one`, { limit });
  }
  return new LogwardenError('LW_INGEST_TOO_LARGE', `request body exceeds http.maxBodyBytes (${limit} bytes); send smaller bulk requests`, { limit });
}

const ES_TYPES: Readonly<Record<number, string>> = {
  401: 'security_exception',
  403: 'security_exception',
  404: 'resource_not_found_exception',
  413: 'content_too_long_exception',
  503: 'es_rejected_execution_exception',
};

/** `{"error":{"root_cause":[…],"type","reason","logwarden.code"},"status"}` as Elasticsearch answers. */
function sendEsError(error: EsError | LogwardenError, request: FastifyRequest, reply: FastifyReply, logger: Logger): FastifyReply {
  const status = error.status;
  const type = error instanceof EsError ? error.type : (ES_TYPES[status] ?? (status >= 500 ? 'exception' : 'illegal_argument_exception'));
  const code = error instanceof LogwardenError ? error.code : undefined;
  if (error instanceof LogwardenError) {
    if (error.code === 'LW_INTERNAL') logger.error({ err: error.details['cause'], method: request.method, url: request.url.split('?')[0] }, 'request failed');
    if (typeof error.details['retryAfterSeconds'] === 'number') reply.header('Retry-After', String(error.details['retryAfterSeconds']));
  }
  if (status === 401) reply.header('WWW-Authenticate', 'Bearer realm="logwarden", ApiKey, Basic realm="logwarden"');
  const cause = { type, reason: error.message };
  return reply.code(status).send({ error: { root_cause: [cause], ...cause, ...(code ? { 'logwarden.code': code } : {}) }, status });
}
