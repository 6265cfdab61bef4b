// An Elasticsearch-compatible face on the HTTP listener, so that Filebeat, Fluent Bit, Vector,
// Logstash and the official Elasticsearch clients can ship logs with their Elasticsearch output:
// `POST /_bulk` and `POST /:index/_bulk` store `index`/`create` documents as events (answered only
// once they are durable), and the handshake endpoints those clients call first answer minimally.
// Every answer carries `X-Elastic-Product: Elasticsearch`, which the official clients insist on,
// and errors are shaped as Elasticsearch shapes them.
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { parseBulkBody, type BulkItem } from '../codecs/es-bulk.ts';
import { decodeJsonLine } from '../codecs/json-lines.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { LogEvent } from '../schema/event.ts';
import { readIngestBody, refuseWhenQueueFull, refuseWhenReadOnly, requestSource } from './ingest-request.ts';

export interface EsBulkRouteDeps {
  readonly config: Config;
  readonly pipeline: IngestPipeline;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

/** The Elasticsearch version logwarden presents itself as. */
export const ES_COMPAT_VERSION = '8.17.0';
const PROTOCOL = 'es-bulk';
const CLUSTER_NAME = 'logwarden';

export function registerEsBulkRoutes(app: FastifyInstance, deps: EsBulkRouteDeps): void {
  const clusterUuid = createHash('sha256').update(`logwarden:${deps.config.dataDir}`).digest('base64url').slice(0, 22);
  // Templates and lifecycle policies have no effect on logwarden's storage: kept in memory only so
  // that a shipper which checks "does my template exist" after putting it is satisfied.
  const stored = { index_template: new Map<string, unknown>(), template: new Map<string, unknown>(), policy: new Map<string, unknown>() };

  const options = (permission?: 'ingest'): RouteShorthandOptions => ({
    config: { ...(permission ? { permission } : {}), credentials: 'elasticsearch' },
    onSend: async (_request, reply, payload) => {
      reply.header('X-Elastic-Product', 'Elasticsearch');
      return payload;
    },
    errorHandler: (error, request, reply) => sendEsError(toError(error), request, reply, deps.logger),
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

  const named = (kind: keyof typeof stored, path: string, present: (name: string, body: unknown) => unknown) => {
    app.get(path, options(), async (request) => {
      const { name } = request.params as { name: string };
      if (!stored[kind].has(name)) throw new EsError(404, 'resource_not_found_exception', `${kind.replace('_', ' ')} [${name}] not found`);
      return present(name, stored[kind].get(name));
    });
    app.put(path, options(), async (request) => {
      const { name } = request.params as { name: string };
      stored[kind].set(name, jsonBody(request.body));
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
  const items = parseBulkBody(body, (request.params as { index?: string }).index);
  const receivedAt = Date.now();
  const source = requestSource(request, PROTOCOL, deps.config.http.listen);
  refuseWhenQueueFull(deps.pipeline, items.filter((item) => item.kind === 'document').length);
  const events: LogEvent[] = [];
  for (const item of items) {
    if (item.kind === 'refused') {
      deps.metrics.rejected.inc({ protocol: PROTOCOL, reason: 'bad_action' });
      continue;
    }
    const result = decodeJsonLine(item.source, { source, receivedAt, maxEventBytes: deps.config.ingest.maxEventBytes });
    if (result.reject) deps.metrics.rejected.inc({ protocol: PROTOCOL, reason: result.reject.reason });
    const labels: Record<string, string> = { ...((result.event['labels'] as Record<string, string> | undefined) ?? {}), 'es.index': item.index };
    if (item.id !== undefined) labels['es.id'] = item.id;
    result.event['labels'] = labels;
    events.push(result.event);
  }
  deps.metrics.received.inc({ protocol: PROTOCOL }, events.length);
  await deps.pipeline.submit(events);
  let next = 0;
  const answered = items.map((item) => answer(item, item.kind === 'document' ? (events[next++] as LogEvent) : undefined));
  return reply.code(200).send({ took: Math.round(performance.now() - started), errors: items.some((item) => item.kind === 'refused'), items: answered });
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

function jsonBody(body: unknown): unknown {
  if (!(body instanceof Buffer) || body.length === 0) return {};
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

function toError(error: FastifyError | Error): EsError | LogwardenError {
  if (error instanceof EsError || error instanceof LogwardenError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new LogwardenError('LW_INGEST_TOO_LARGE', 'request body exceeds http.maxBodyBytes');
  if (code?.startsWith('FST_ERR_CTP')) return new LogwardenError('LW_BAD_REQUEST', error.message);
  return new LogwardenError('LW_INTERNAL', 'internal error; see the server log', { cause: error });
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
