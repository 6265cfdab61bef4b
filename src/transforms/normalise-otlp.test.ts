import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { decodeOtlpJson, decodeOtlpProtobuf, OtlpDecodeError, type OtlpEntry } from '../codecs/otlp-logs.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import { normaliseOtlp, otlpLevel } from './normalise-otlp.ts';

const SOURCE: SourceIdentity = { protocol: 'otlp-http', listener: '0.0.0.0:8080', peer: '192.0.2.7:51234', identity: 'otel-web' };
const RECEIVED = Date.UTC(2026, 10, 24, 13, 0, 0);
const CTX = { source: SOURCE, receivedAt: RECEIVED };
const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

function request(records: unknown[], resource: unknown[] = [{ key: 'service.name', value: { stringValue: 'checkout' } }]): unknown {
  return { resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ scope: { name: 'app.logger', version: '1.2' }, logRecords: records }] }] };
}

function events(entries: OtlpEntry[]): LogEvent[] {
  return entries.map((entry) => {
    if ('error' in entry) throw new Error(entry.error);
    return normaliseOtlp(entry.resource, entry.scope, entry.record, CTX);
  });
}

describe('OTLP logs: decoding and mapping', () => {
  it('maps resource, scope, severity, trace context, body and attributes (OTLP/JSON)', () => {
    const body = request(
      [
        {
          timeUnixNano: '1764000000123456789',
          observedTimeUnixNano: '1764000001000000000',
          severityNumber: 13,
          severityText: 'WARN',
          body: { stringValue: 'payment declined' },
          traceId: TRACE.toUpperCase(),
          spanId: SPAN,
          attributes: [
            { key: 'user.name', value: { stringValue: 'alice' } },
            { key: 'client.address', value: { stringValue: '198.51.100.4' } },
            { key: 'client.port', value: { intValue: '44321' } },
            { key: 'event.name', value: { stringValue: 'payment.declined' } },
            { key: 'http.request', value: { kvlistValue: { values: [{ key: 'method', value: { stringValue: 'POST' } }] } } },
            { key: 'retries', value: { intValue: 3 } },
            { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { boolValue: true }] } } },
          ],
        },
      ],
      [
        { key: 'service.name', value: { stringValue: 'checkout' } },
        { key: 'host.name', value: { stringValue: 'web-1' } },
        { key: 'deployment.environment', value: { stringValue: 'prod' } },
      ],
    );
    const [event] = events(decodeOtlpJson(json(body)));
    assert.ok(event);
    assert.equal(event['@timestamp'], 1764000000123);
    assert.equal(event['message'], 'payment declined');
    assert.equal(event['service.name'], 'checkout');
    assert.equal(event['host.name'], 'web-1');
    assert.equal(event['log.level'], 'warning');
    assert.equal(event['event.severity'], 13);
    assert.equal(event['trace.id'], TRACE);
    assert.equal(event['user.name'], 'alice');
    assert.equal(event['source.ip'], '198.51.100.4');
    assert.equal(event['source.port'], 44321);
    assert.equal(event['event.action'], 'payment.declined');
    assert.equal(event['logwarden.source.protocol'], 'otlp-http');
    assert.equal(event['logwarden.source.identity'], 'otel-web');
    assert.deepEqual(event['labels'], {
      'deployment.environment': 'prod',
      'http.request.method': 'POST',
      retries: '3',
      tags: '["a",true]',
      'span.id': SPAN,
      'otel.severity_text': 'WARN',
      'otel.scope.name': 'app.logger',
      'otel.scope.version': '1.2',
    });
    const original = JSON.parse(event['event.original'] as string) as Record<string, Record<string, unknown>>;
    assert.equal(original['logRecord']?.['timeUnixNano'], '1764000000123456789');
    assert.equal(original['logRecord']?.['traceId'], TRACE);
    assert.deepEqual(original['resource']?.['attributes'], { 'service.name': 'checkout', 'host.name': 'web-1', 'deployment.environment': 'prod' });
  });

  it('falls back to the observed time, then the receipt time; renders non-string bodies as JSON', () => {
    const [observed, none, structured, empty] = events(
      decodeOtlpJson(
        json(
          request([
            { observedTimeUnixNano: '1764000001000000000', body: { intValue: '7' } },
            { timeUnixNano: 0, body: { kvlistValue: { values: [{ key: 'a', value: { doubleValue: 1.5 } }] } } },
            { body: { arrayValue: { values: [{ stringValue: 'x' }, { bytesValue: 'AQI=' }] } } },
            {},
          ]),
        ),
      ),
    );
    assert.equal(observed?.['@timestamp'], 1764000001000);
    assert.equal(observed?.['message'], '7');
    assert.equal(none?.['@timestamp'], RECEIVED);
    assert.equal(none?.['message'], '{"a":1.5}');
    assert.equal(structured?.['message'], '["x","AQI="]');
    assert.equal(empty?.['message'], '');
    assert.equal(empty?.['log.level'], undefined);
    assert.equal(empty?.['trace.id'], undefined);
  });

  it('maps severity numbers to documented words and uses severity text when the number is unset', () => {
    assert.deepEqual([1, 4, 5, 9, 12, 13, 17, 21, 24].map(otlpLevel), ['trace', 'trace', 'debug', 'informational', 'informational', 'warning', 'error', 'critical', 'critical']);
    assert.equal(otlpLevel(0), undefined);
    const [event] = events(decodeOtlpJson(json(request([{ severityText: 'NOTICE' }]))));
    assert.equal(event?.['log.level'], 'notice');
    assert.equal(event?.['event.severity'], undefined);
  });

  it('keeps unmapped or ill-typed well-known attributes as labels', () => {
    const [event] = events(
      decodeOtlpJson(
        json(
          request([
            {
              attributes: [
                { key: 'client.address', value: { stringValue: 'not-an-ip.example' } },
                { key: 'user.id', value: { intValue: 42 } },
                { key: 'session.id', value: { stringValue: 's-1' } },
                { key: 'network.protocol.name', value: { stringValue: 'http' } },
                { key: 'empty', value: {} },
              ],
            },
          ]),
        ),
      ),
    );
    assert.equal(event?.['source.ip'], undefined);
    assert.equal(event?.['user.id'], undefined);
    assert.equal(event?.['session.id'], 's-1');
    assert.equal(event?.['network.protocol'], 'http');
    assert.deepEqual(event?.['labels'], { 'client.address': 'not-an-ip.example', 'user.id': '42', empty: '', 'otel.scope.name': 'app.logger', 'otel.scope.version': '1.2' });
  });

  it('reports unusable records one by one and keeps the others', () => {
    const entries = decodeOtlpJson(
      json(
        request([
          { body: { stringValue: 'good 1' } },
          { traceId: 'xyz', body: { stringValue: 'bad trace id' } },
          'not a record',
          { timeUnixNano: 'yesterday' },
          { severityNumber: 99 },
          { attributes: [{ key: 'k', value: { boolValue: 'yes' } }] },
          { body: { stringValue: 'good 2' } },
        ]),
      ),
    );
    assert.equal(entries.length, 7);
    assert.deepEqual(
      entries.map((entry) => ('error' in entry ? 'error' : 'ok')),
      ['ok', 'error', 'error', 'error', 'error', 'error', 'ok'],
    );
    assert.match((entries[1] as { error: string }).error, /logRecords\[1\]: traceId/);
  });

  it('refuses malformed requests as a whole', () => {
    for (const bad of ['not json', '[]', '{"resourceLogs":{}}', '{"resourceLogs":[1]}', '{"resourceLogs":[{"scopeLogs":"x"}]}', '\u00ff']) {
      assert.throws(() => decodeOtlpJson(Buffer.from(bad)), OtlpDecodeError, bad);
    }
    assert.deepEqual(decodeOtlpJson(Buffer.from('{}')), []);
    assert.throws(() => decodeOtlpProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff])), OtlpDecodeError);
    assert.throws(() => decodeOtlpProtobuf(Buffer.from('this is not protobuf at all')), OtlpDecodeError);
  });

  it('decodes protobuf written by field number as the OTLP spec defines them (ids as bytes)', () => {
    const anyString = (value: string) =>
      protobuf.Writer.create()
        .uint32((1 << 3) | 2)
        .string(value)
        .finish();
    const keyValue = (key: string, value: string) =>
      protobuf.Writer.create()
        .uint32((1 << 3) | 2)
        .string(key)
        .uint32((2 << 3) | 2)
        .bytes(anyString(value))
        .finish();
    const record = protobuf.Writer.create()
      .uint32((1 << 3) | 1)
      .fixed64('1764000000123456789')
      .uint32((2 << 3) | 0)
      .int32(17)
      .uint32((3 << 3) | 2)
      .string('ERROR')
      .uint32((5 << 3) | 2)
      .bytes(anyString('disk failing'))
      .uint32((6 << 3) | 2)
      .bytes(keyValue('user.id', 'u-7'))
      .uint32((9 << 3) | 2)
      .bytes(Buffer.from(TRACE, 'hex'))
      .uint32((10 << 3) | 2)
      .bytes(Buffer.from(SPAN, 'hex'))
      .finish();
    const scopeLogs = protobuf.Writer.create()
      .uint32((2 << 3) | 2)
      .bytes(record)
      .finish();
    const resource = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(keyValue('service.name', 'storage'))
      .finish();
    const resourceLogs = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(resource)
      .uint32((2 << 3) | 2)
      .bytes(scopeLogs)
      .finish();
    const body = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(resourceLogs)
      .finish();
    const [event] = events(decodeOtlpProtobuf(body));
    assert.equal(event?.['@timestamp'], 1764000000123);
    assert.equal(event?.['log.level'], 'error');
    assert.equal(event?.['event.severity'], 17);
    assert.equal(event?.['message'], 'disk failing');
    assert.equal(event?.['service.name'], 'storage');
    assert.equal(event?.['user.id'], 'u-7');
    assert.equal(event?.['trace.id'], TRACE);
    assert.equal((event?.['labels'] as Record<string, string>)['span.id'], SPAN);
  });

  it('never crashes on arbitrary JSON bodies or bytes: it decodes or refuses with OtlpDecodeError', () => {
    const anything = fc.oneof(
      fc.json(),
      fc.jsonValue().map((value) => JSON.stringify(request([value]))),
      fc.jsonValue().map((value) => JSON.stringify({ resourceLogs: [{ resource: value, scopeLogs: [{ logRecords: [{ body: value, attributes: [{ key: 'k', value }] }] }] }] })),
    );
    fc.assert(
      fc.property(anything, (text) => {
        try {
          events(decodeOtlpJson(Buffer.from(text)).filter((entry) => !('error' in entry)));
        } catch (error) {
          if (!(error instanceof OtlpDecodeError)) throw error;
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          events(decodeOtlpProtobuf(bytes).filter((entry) => !('error' in entry)));
        } catch (error) {
          if (!(error instanceof OtlpDecodeError)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });
});
