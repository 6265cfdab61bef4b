import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { exportRequest, logRecord, stringValue } from '../../test/helpers/otlp-protobuf.ts';
import { parseBulkBody, type BulkDocument } from './es-bulk.ts';
import { decodeJsonBody, decodeJsonLine } from '../sources/json-events.ts';
import { decodeOtlpJson, decodeOtlpProtobuf } from './otlp-logs.ts';
import { bomLength, decodeUtf8, firstInvalidUtf8Offset, lossyUtf8, strictUtf8, withoutBom } from './utf8.ts';

test('finds the first invalid sequence: overlong, surrogate, out of range, cut short', () => {
  assert.equal(firstInvalidUtf8Offset(Buffer.from('héllo')), -1);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0x61, 0xc0, 0xaf])), 1);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80])), 2);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0xf4, 0x90, 0x80, 0x80])), 0);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x82])), 1);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0xe2, 0x82, 0xac, 0x80])), 3);
});

test('agrees with the platform decoder on arbitrary bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const buffer = Buffer.from(bytes);
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(buffer);
      } catch {
        valid = false;
      }
      assert.equal(firstInvalidUtf8Offset(buffer) === -1, valid);
      assert.equal(decodeUtf8(buffer, false).invalidAt === undefined, valid);
    }),
    { numRuns: 2000 },
  );
});

// One decoder for every ingest path (issue 10): a byte order mark stays in event.original (NDJSON and
// `_bulk` used to drop it: 18 bytes in, 15 characters stored), and JSON parsers skip it.
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const JSON_CTX = {
  source: { protocol: 'http', listener: '127.0.0.1:9280', peer: '127.0.0.1:5000', identity: 'tester' },
  receivedAt: Date.parse('2026-11-24T12:00:00.000Z'),
  maxEventBytes: 1000,
} as const;

test('decodeUtf8, strictUtf8 and lossyUtf8 keep a leading BOM; withoutBom and bomLength skip it', () => {
  const bytes = Buffer.concat([BOM, Buffer.from('hi')]);
  assert.equal(decodeUtf8(bytes).text, '\uFEFFhi');
  assert.equal(strictUtf8(bytes), '\uFEFFhi');
  assert.equal(lossyUtf8(Buffer.concat([bytes, Buffer.from([0xff])])), '\uFEFFhi\uFFFD');
  assert.equal(strictUtf8(Buffer.from([0x61, 0xff])), undefined);
  assert.equal(withoutBom('\uFEFFhi'), 'hi');
  assert.equal(withoutBom('hi\uFEFF'), 'hi\uFEFF');
  assert.equal(bomLength(bytes), 3);
  assert.equal(bomLength(Buffer.from('hi')), 0);
});

test('NDJSON: a line starting with a BOM is parsed, and event.original holds all 18 bytes', () => {
  const line = Buffer.concat([BOM, Buffer.from('{"message":"h"}')]);
  assert.equal(line.length, 18);
  const [result] = decodeJsonBody(line, JSON_CTX);
  assert.equal(result?.event['message'], 'h');
  assert.equal(String(result?.event['event.original']).length, 16, 'the BOM and the 15 characters after it');
  assert.equal(result?.event['logwarden.parse.error'], undefined);
  assert.deepEqual(Buffer.from(String(result?.event['event.original'])), line);
});

test('NDJSON: a JSON array body after a BOM is read as an array', () => {
  const results = decodeJsonBody(Buffer.concat([BOM, Buffer.from('[{"message":"a"},{"message":"b"}]')]), JSON_CTX);
  assert.deepEqual(
    results.map((result) => result.event['message']),
    ['a', 'b'],
  );
});

test('JSON array element that is not UTF-8 is flagged invalid_utf8 with its bytes in base64, not silently replaced', () => {
  const element = Buffer.from([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
  const results = decodeJsonBody(Buffer.concat([Buffer.from('[{"message":"ok"},'), element, Buffer.from(']')]), JSON_CTX);
  assert.equal(results[1]?.event['logwarden.parse.error'], 'invalid_utf8');
  assert.equal(results[1]?.event['logwarden.original_base64'], element.toString('base64'));
});

test('_bulk: a body starting with a BOM is read, and a source line with a BOM keeps it in event.original', () => {
  const source = Buffer.concat([BOM, Buffer.from('{"message":"hi"}')]);
  const body = Buffer.concat([BOM, Buffer.from('{"index":{"_index":"logs"}}\n'), source, Buffer.from('\n')]);
  const [item] = parseBulkBody(body);
  assert.equal(item?.kind, 'document');
  const document = item as BulkDocument;
  assert.deepEqual(document.source, source);
  const { event } = decodeJsonLine(document.source, JSON_CTX);
  assert.equal(event['message'], 'hi');
  assert.deepEqual(Buffer.from(String(event['event.original'])), source);
});

test('OTLP/JSON: a body starting with a BOM is read, and a BOM inside a string is kept', () => {
  const request = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: {}, logRecords: [{ body: { stringValue: '\uFEFFhi' } }] }] }] };
  const [entry] = decodeOtlpJson(Buffer.concat([BOM, Buffer.from(JSON.stringify(request))]));
  assert.ok(entry !== undefined && !('error' in entry));
  assert.equal(entry.record.body, '\uFEFFhi');
});

test('OTLP protobuf: a string field that is not UTF-8 makes its record unusable, named; the others are kept', () => {
  const broken = protobuf.Writer.create()
    .uint32((1 << 3) | 2)
    .bytes(Buffer.from([0x61, 0xc3, 0x28]))
    .finish(); // AnyValue.string_value
  const entries = decodeOtlpProtobuf(exportRequest([logRecord({ body: stringValue('\uFEFFbefore') }), logRecord({ body: broken }), logRecord({ body: stringValue('after') })]));
  assert.equal(entries.length, 3);
  assert.ok(entries[0] !== undefined && 'record' in entries[0] && entries[0].record.body === '\uFEFFbefore');
  assert.ok(entries[1] !== undefined && 'error' in entries[1]);
  assert.match(entries[1].error, /a string field is not valid UTF-8 \(first bad byte at offset 1 of the string\)/);
  assert.equal(entries[1].reason, 'invalid_field');
  assert.ok(entries[2] !== undefined && 'record' in entries[2] && entries[2].record.body === 'after');
});
