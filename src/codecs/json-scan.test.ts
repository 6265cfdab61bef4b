// The structural scanner that lets large bodies be counted and parsed one element at a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { arrayElements, objectMembers } from './json-scan.ts';
import { jsonBodyShape } from './json-lines.ts';
import { countOtlpRecords, decodeOtlpJson, decodeOtlpProtobuf } from './otlp-logs.ts';

test('property: the elements of any JSON array are found where JSON.parse finds them', () => {
  fc.assert(
    fc.property(fc.array(fc.jsonValue()), fc.constantFrom('', ' ', '\n  '), (values, space) => {
      const text = `[${space}${values.map((value) => JSON.stringify(value, null, space.length > 1 ? 2 : undefined)).join(`${space},${space}`)}${space}]`;
      const bytes = Buffer.from(text);
      const found = [...arrayElements(bytes, 0)].map(([start, end]) => JSON.parse(bytes.subarray(start, end).toString()) as unknown);
      assert.deepEqual(found, JSON.parse(text));
      assert.deepEqual(jsonBodyShape(bytes), { kind: 'array', events: values.length });
    }),
    { numRuns: 300 },
  );
});

test('object members carry their decoded keys; broken arrays are one flagged event, counted as one', () => {
  const bytes = Buffer.from('{"a\\"b": [1, {"]": "}"}], "c" : null}');
  assert.deepEqual(
    [...objectMembers(bytes, 0)].map(([key, start, end]) => [key, bytes.subarray(start, end).toString()]),
    [
      ['a"b', '[1, {"]": "}"}]'],
      ['c', 'null'],
    ],
  );
  for (const broken of ['[', '[1 2]', '[1,]x', '[{"a":1}] trailing', '["unclosed]']) {
    assert.equal(jsonBodyShape(Buffer.from(broken)).kind, 'broken-array', broken);
    assert.equal(jsonBodyShape(Buffer.from(broken)).events, 1, broken);
  }
  assert.deepEqual(jsonBodyShape(Buffer.from('{}\n\n {"a":1}\r\n')), { kind: 'lines', events: 2 });
});

test('OTLP records are counted without decoding them, as many as decoding finds (R-STORE-1)', () => {
  const scopeLogs = protobuf.Writer.create();
  for (let i = 0; i < 10_000; i++) scopeLogs.uint32((2 << 3) | 2).bytes(new Uint8Array(0));
  const resourceLogs = protobuf.Writer.create()
    .uint32((2 << 3) | 2)
    .bytes(scopeLogs.finish())
    .finish();
  const request = protobuf.Writer.create()
    .uint32((1 << 3) | 2)
    .bytes(resourceLogs)
    .uint32((1 << 3) | 2)
    .bytes(resourceLogs)
    .finish();
  assert.equal(countOtlpRecords(request, 'protobuf'), 20_000);
  assert.equal(decodeOtlpProtobuf(request).length, 20_000);

  fc.assert(
    fc.property(fc.array(fc.array(fc.array(fc.constantFrom({}, { body: { stringValue: 'x' } }, { traceId: 'bad' }, 7)))), (resources) => {
      const text = JSON.stringify({ resourceLogs: resources.map((scopes) => ({ scopeLogs: scopes.map((logRecords) => ({ logRecords })) })) });
      assert.equal(countOtlpRecords(Buffer.from(text), 'json'), decodeOtlpJson(Buffer.from(text)).length);
    }),
    { numRuns: 200 },
  );
});
