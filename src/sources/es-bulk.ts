// Elasticsearch `_bulk` as a source, so that Filebeat, Fluent Bit, Vector, Logstash and the official
// Elasticsearch clients can ship logs with their Elasticsearch output: `POST /_bulk` and
// `POST /:index/_bulk` store `index`/`create` documents as events, answered item by item only once
// they are durable. The handshake those clients make first is src/sources/es-handshake.ts. A
// Fastify plugin with the Elasticsearch face (src/sources/es-face.ts), registered by the API app.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { bulkItems, bulkLineCount, type BulkDocument, type BulkItem } from '../codecs/es-bulk.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { LogEvent, RejectReason } from '../schema/event.ts';
import { esRoute, useElasticsearchFace } from './es-face.ts';
import { readIngestBody, refuseOverEventCap, refuseWhenQueueFull, refuseWhenReadOnly, requestSource, submitInSlices, type HttpSourceOptions } from './http-ingest-request.ts';
import { decodeJsonLine, type JsonBodyOptions } from './json-events.ts';

const PROTOCOL = 'es-bulk';
/** A refused item's reason in /metrics: one of the closed set. */
const BAD_ACTION: RejectReason = 'bad_action';

export const esBulkSource: FastifyPluginAsync<HttpSourceOptions> = async (app, options) => {
  useElasticsearchFace(app, options.logger);
  app.post('/_bulk', esRoute('ingest'), (request, reply) => bulk(request, reply, options));
  app.post('/:index/_bulk', esRoute('ingest'), (request, reply) => bulk(request, reply, options));
};

async function bulk(request: FastifyRequest, reply: FastifyReply, deps: HttpSourceOptions): Promise<unknown> {
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
      deps.metrics.rejected.inc({ protocol: PROTOCOL, reason: BAD_ACTION });
      answers.push(answer(item, undefined));
      return undefined;
    }
    awaitingSequence.push(answers.push(item) - 1);
    return documentEvent(item, { source, receivedAt, maxEventBytes: deps.config.ingest.maxEventBytes }, deps.metrics);
  };
  let answered = 0;
  const submission = await submitInSlices(
    { pipeline: deps.pipeline, queueMaxEvents: deps.config.storage.queueMaxEvents },
    bulkItems(body, (request.params as { index?: string }).index),
    toEvent,
    (part) => {
      deps.metrics.received.inc({ protocol: PROTOCOL }, part.length);
      for (const event of part) {
        const at = awaitingSequence[answered++] as number;
        answers[at] = answer(answers[at] as BulkDocument, event);
      }
    },
  );
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
