// The OTLP source's answers without a server: a bare Fastify app with the route and a stand-in
// pipeline, to reach the states an end-to-end test cannot make on demand (full queue, read-only).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import protobuf from 'protobufjs';
import { configSchema } from '../config/schema.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { otlpHttpSource } from './otlp-http.ts';

interface FakePipeline {
  readOnly: boolean;
  room: boolean;
  submitted: LogEvent[];
}

/** The receipt time every test's events get: the route reads the injected clock, not the machine's. */
const RECEIVED_AT = Date.UTC(2031, 4, 6, 7, 8, 9, 10);

function app(state: FakePipeline): FastifyInstance {
  const instance = Fastify({ logger: false });
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const pipeline = {
    get readOnly() {
      return state.readOnly;
    },
    hasRoom: () => state.room,
    submit: async (events: LogEvent[]) => {
      state.submitted.push(...events);
    },
  } as unknown as IngestPipeline;
  void instance.register(otlpHttpSource, { config: configSchema.parse({}), pipeline, metrics: createMetrics(), logger: createLogger('silent'), clock: new ManualClock(RECEIVED_AT) });
  return instance;
}

const JSON_REQUEST = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hello' } }] }] }] });
/** The same request as protobuf, written by field number: ExportLogsServiceRequest.resource_logs(1).scope_logs(2).log_records(2).body(5).string_value(1). */
function protobufRequest(): Uint8Array {
  const nest = (field: number, inner: Uint8Array) =>
    protobuf.Writer.create()
      .uint32((field << 3) | 2)
      .bytes(inner)
      .finish();
  const body = protobuf.Writer.create()
    .uint32((1 << 3) | 2)
    .string('hello')
    .finish();
  return nest(1, nest(2, nest(2, nest(5, body))));
}

describe('POST /v1/logs answers', () => {
  it('answers an empty ExportLogsServiceResponse in the request encoding once submitted', async () => {
    const state: FakePipeline = { readOnly: false, room: true, submitted: [] };
    const server = app(state);
    const proto = await server.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from(protobufRequest()) });
    assert.equal(proto.statusCode, 200);
    assert.equal(proto.headers['content-type'], 'application/x-protobuf');
    assert.equal(proto.rawPayload.length, 0, 'an empty message encodes to no bytes');
    const json = await server.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: JSON_REQUEST });
    assert.equal(json.statusCode, 200);
    assert.deepEqual(json.json(), {});
    assert.deepEqual(
      state.submitted.map((event) => event['message']),
      ['hello', 'hello'],
    );
    assert.deepEqual(
      state.submitted.map((event) => event['event.ingested']),
      [RECEIVED_AT, RECEIVED_AT],
      'event.ingested is the receipt time from the server clock',
    );
    await server.close();
  });

  it('answers 503 with Retry-After when the queue is full or storage is read-only, and stores nothing', async () => {
    for (const state of [
      { readOnly: false, room: false, submitted: [] },
      { readOnly: true, room: true, submitted: [] },
    ] as FakePipeline[]) {
      const server = app(state);
      const response = await server.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'application/json' }, payload: JSON_REQUEST });
      assert.equal(response.statusCode, 503);
      assert.match(response.headers['retry-after'] as string, /^\d+$/);
      assert.equal((response.json() as { code: number }).code, 14, 'google.rpc.Code UNAVAILABLE');
      assert.equal(state.submitted.length, 0);
      await server.close();
    }
  });

  it('answers 400 for broken gzip and an unsupported encoding, 415 for another media type', async () => {
    const server = app({ readOnly: false, room: true, submitted: [] });
    const gzip = await server.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: 'not gzip' });
    assert.equal(gzip.statusCode, 400);
    const br = await server.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, payload: JSON_REQUEST });
    assert.equal(br.statusCode, 400);
    const text = await server.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    assert.equal(text.statusCode, 415);
    await server.close();
  });
});
