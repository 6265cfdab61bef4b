// End to end: the built server and the OFFICIAL OpenTelemetry JS SDK (@opentelemetry/sdk-logs) with
// its OTLP/HTTP log exporters, JSON (@opentelemetry/exporter-logs-otlp-http) and binary protobuf
// (@opentelemetry/exporter-logs-otlp-proto), shipping to `POST /v1/logs` with an ingest token;
// then every record found with its mapped fields. Covers R-COLLECT-1 (OTLP).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { ROOT_CONTEXT, SeverityNumber, TraceFlags, trace } from '@opentelemetry/api';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

type ProtoCompression = NonNullable<NonNullable<ConstructorParameters<typeof ProtoExporter>[0]>['compression']>;

const run = randomUUID().slice(0, 8);

let server: SpawnedServer;
let dataDir: string;
let admin: string;
let ingestToken: string;

async function search(query: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${server.httpUrl}/api/v1/search?limit=1000&q=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${admin}` } });
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, 200, JSON.stringify(body));
  return body['events'] as Record<string, unknown>[];
}

const hex = (length: number) => randomUUID().replaceAll('-', '').repeat(2).slice(0, length);

/** Emit four records through the SDK with `exporter`, then flush and shut down; returns the trace ids used. */
async function ship(exporter: LogRecordExporter, service: string): Promise<{ traceId: string; spanId: string }> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'host.name': `host-${run}`, 'deployment.environment': 'e2e' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('e2e.logger', '3.2.1');
  const traceId = hex(32);
  const spanId = hex(16);
  const context = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
  logger.emit({
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: `user logged in ${run}`,
    attributes: { 'user.name': 'alice', 'client.address': '198.51.100.4', 'http.route': '/login' },
    context,
  });
  logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: `slow query ${run}`, attributes: { 'db.duration_ms': 1234, 'session.id': 's-42' }, context });
  logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: { text: `structured ${run}`, code: 7 }, attributes: { 'event.name': 'payment.failed' }, context });
  logger.emit({ severityNumber: SeverityNumber.DEBUG, body: `debug line ${run}`, timestamp: new Date('2026-01-02T03:04:05.678Z') });
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId, spanId };
}

describe('OTLP/HTTP logs end to end with the OpenTelemetry JS SDK', () => {
  before(async () => {
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
    const created = await fetch(`${server.httpUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'otel-sdk', role: 'ingest' }),
    });
    assert.equal(created.status, 201);
    ingestToken = ((await created.json()) as { token: string }).token;
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  for (const [name, make] of [
    ['JSON (exporter-logs-otlp-http)', (url: string, headers: Record<string, string>) => new JsonExporter({ url, headers })],
    // gzip-compressed, as the Collector and many SDK setups send
    ['protobuf (exporter-logs-otlp-proto)', (url: string, headers: Record<string, string>) => new ProtoExporter({ url, headers, compression: 'gzip' as ProtoCompression })],
  ] as const) {
    test(`records shipped as ${name} are stored with their mapped fields`, async () => {
      const service = `svc-${name.split(' ')[0]?.toLowerCase()}-${run}`;
      const exporter = make(`${server.httpUrl}/v1/logs`, { Authorization: `Bearer ${ingestToken}` });
      const { traceId, spanId } = await ship(exporter, service);
      const events = await search(`service.name:${JSON.stringify(service)}`);
      assert.equal(events.length, 4, JSON.stringify(events));
      const byMessage = (prefix: string) => {
        const event = events.find((candidate) => String(candidate['message']).includes(prefix));
        assert.ok(event, prefix);
        return event;
      };
      const login = byMessage('user logged in');
      assert.equal(login['message'], `user logged in ${run}`);
      assert.equal(login['log.level'], 'informational');
      assert.equal(login['event.severity'], 9);
      assert.equal(login['trace.id'], traceId);
      assert.equal(login['host.name'], `host-${run}`);
      assert.equal(login['user.name'], 'alice');
      assert.equal(login['source.ip'], '198.51.100.4');
      assert.equal(login['logwarden.source.protocol'], 'otlp-http');
      assert.equal(login['logwarden.source.identity'], 'otel-sdk');
      const labels = login['labels'] as Record<string, string>;
      assert.equal(labels['span.id'], spanId);
      assert.equal(labels['http.route'], '/login');
      assert.equal(labels['deployment.environment'], 'e2e');
      assert.equal(labels['otel.scope.name'], 'e2e.logger');
      assert.equal(labels['otel.scope.version'], '3.2.1');
      const original = JSON.parse(login['event.original'] as string) as { logRecord: Record<string, unknown> };
      assert.equal(original.logRecord['traceId'], traceId);

      const slow = byMessage('slow query');
      assert.equal(slow['log.level'], 'warning');
      assert.equal(slow['session.id'], 's-42');
      assert.equal((slow['labels'] as Record<string, string>)['db.duration_ms'], '1234');

      const structured = byMessage('structured');
      assert.equal(structured['log.level'], 'error');
      assert.equal(structured['event.action'], 'payment.failed');
      assert.deepEqual(JSON.parse(structured['message'] as string), { text: `structured ${run}`, code: 7 });

      const debug = byMessage('debug line');
      assert.equal(debug['log.level'], 'debug');
      assert.equal(debug['@timestamp'], '2026-01-02T03:04:05.678Z');
      assert.equal(debug['trace.id'], undefined);

      assert.equal((await search(`trace.id:${traceId}`)).length, 3);
      assert.equal((await search(`service.name:${JSON.stringify(service)} AND log.level:warning`)).length, 1);
    });
  }

  test('malformed protobuf is a 400 with a google.rpc.Status; a JSON request with one broken record keeps the rest', async () => {
    const bad = await fetch(`${server.httpUrl}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/x-protobuf');
    assert.ok((await bad.arrayBuffer()).byteLength > 0);

    const badJson = await fetch(`${server.httpUrl}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' },
      body: '{"resourceLogs": [',
    });
    assert.equal(badJson.status, 400);
    const status = (await badJson.json()) as { code: number; message: string };
    assert.equal(status.code, 3);
    assert.match(status.message, /OTLP\/JSON/);

    const record = (text: string, extra: Record<string, unknown> = {}) => ({ body: { stringValue: `${text} ${run}` }, severityNumber: 9, ...extra });
    const partial = await fetch(`${server.httpUrl}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: `partial-${run}` } }] },
            scopeLogs: [{ logRecords: [record('kept one'), record('broken', { traceId: 'not-hex' }), record('kept two')] }],
          },
        ],
      }),
    });
    assert.equal(partial.status, 200);
    const answer = (await partial.json()) as { partialSuccess: { rejectedLogRecords: string; errorMessage: string } };
    assert.equal(Number(answer.partialSuccess.rejectedLogRecords), 1);
    assert.match(answer.partialSuccess.errorMessage, /traceId/);
    const kept = await search(`service.name:"partial-${run}"`);
    assert.deepEqual(kept.map((event) => event['message']).sort(), [`kept one ${run}`, `kept two ${run}`]);

    const gzipped = await fetch(`${server.httpUrl}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(
        JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: `gzip-${run}` } }] }, scopeLogs: [{ logRecords: [record('zipped')] }] }] }),
      ),
    });
    assert.equal(gzipped.status, 200);
    assert.deepEqual(await gzipped.json(), {});
    assert.equal((await search(`service.name:"gzip-${run}"`))[0]?.['message'], `zipped ${run}`);

    const unauthenticated = await fetch(`${server.httpUrl}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(unauthenticated.status, 401);
    const reader = await fetch(`${server.httpUrl}/v1/logs`, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(reader.status, 401);
    const wrongType = await fetch(`${server.httpUrl}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(wrongType.status, 415);
  });
});
