// HTTP JSON ingest (`POST /api/v1/ingest`): an NDJSON body (one JSON document a line) or one JSON
// array or object, optionally gzipped. Every line becomes an event (one that is not JSON is stored
// verbatim and flagged); the answer counts what was accepted and names what was flagged, once all
// of it is durable. A Fastify plugin: the API app registers it with `app.register(httpNdjsonSource, options)`.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { jsonBodyShape } from '../codecs/json-lines.ts';
import { jsonBodyEvents } from './json-events.ts';
import type { IngestResponse } from '../contracts/ingest.ts';
import type { RejectReason } from '../schema/event.ts';
import { readIngestBody, refuseOverEventCap, refuseWhenQueueFull, refuseWhenReadOnly, requestSource, submitInSlices, type HttpSourceOptions } from './http-ingest-request.ts';

const PROTOCOL = 'http';
/** Flagged lines named in the answer; the rest are only counted. */
const ANSWER_ERRORS = 100;

export const httpNdjsonSource: FastifyPluginAsync<HttpSourceOptions> = async (app, options) => {
  app.post('/api/v1/ingest', { config: { permission: 'ingest' } }, (request, reply) => ingest(request, reply, options));
};

async function ingest(request: FastifyRequest, reply: FastifyReply, deps: HttpSourceOptions): Promise<unknown> {
  refuseWhenReadOnly(deps.pipeline);
  const body = await readIngestBody(request, deps.config.http.maxBodyBytes);
  const shape = jsonBodyShape(body);
  refuseOverEventCap(shape.events, deps.config.ingest.maxEventsPerRequest, { metrics: deps.metrics, protocol: PROTOCOL });
  refuseWhenQueueFull(deps.pipeline, shape.events, deps.config.storage.queueMaxEvents);
  const source = requestSource(request, PROTOCOL, deps.config.http.listen);
  const events = jsonBodyEvents(body, shape, { source, receivedAt: deps.clock.now(), maxEventBytes: deps.config.ingest.maxEventBytes });
  const answer: { accepted: number; flagged: number; errors: IngestResponse['errors'][number][] } = { accepted: 0, flagged: 0, errors: [] };
  let line = 0;
  const submission = await submitInSlices(
    { pipeline: deps.pipeline, queueMaxEvents: deps.config.storage.queueMaxEvents },
    events,
    (result) => {
      if (result.reject) deps.metrics.rejected.inc({ protocol: PROTOCOL, reason: result.reject.reason });
      return result.event;
    },
    (part) => {
      deps.metrics.received.inc({ protocol: PROTOCOL }, part.length);
      // Counted once submitted: the write path has flagged what does not fit a column or held a
      // token, so the answer matches what is stored.
      for (const event of part) {
        line++;
        const reason = event['logwarden.parse.error'];
        if (reason === undefined) continue;
        answer.flagged++;
        if (answer.errors.length < ANSWER_ERRORS) answer.errors.push({ line, reason: reason as RejectReason, detail: String(event['logwarden.parse.detail'] ?? '') });
      }
    },
  );
  if (submission.waitedForRoom) deps.metrics.requestsStoredInParts.inc({ protocol: PROTOCOL });
  const response: IngestResponse = { ...answer, accepted: submission.events };
  return reply.code(200).send(response);
}
