import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeJsonBody, lineErrors } from './json-events.ts';

const ctx = {
  source: { protocol: 'http', listener: '127.0.0.1:9280', peer: '127.0.0.1:5000', identity: 'tester' },
  receivedAt: Date.parse('2026-11-24T12:00:00.000Z'),
  maxEventBytes: 200,
};

test('NDJSON: valid lines around bad ones are kept, bad ones stored verbatim and flagged (R-STORE-1)', () => {
  const body = Buffer.concat([
    Buffer.from('{"message":"one","source":{"ip":"10.0.0.1","port":22}}\r\n'),
    Buffer.from('\n'),
    Buffer.from('{"message": oops}\n'),
    Buffer.from([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]), // invalid UTF-8 at offset 6
    Buffer.from(`{"message":"${'x'.repeat(300)}"}\n`),
    Buffer.from('[1,2]\n'),
    Buffer.from('{"message":"last"}'),
  ]);
  const results = decodeJsonBody(body, ctx);
  assert.equal(results.length, 6);
  assert.deepEqual(
    lineErrors(results).map((e) => [e.line, e.reason]),
    [
      [2, 'invalid_json'],
      [3, 'invalid_utf8'],
      [4, 'oversize'],
      [5, 'invalid_json'],
    ],
  );
  const [one, broken, utf8, oversize, , last] = results.map((r) => r.event);
  assert.equal(one?.['message'], 'one');
  assert.equal(one?.['source.ip'], '10.0.0.1');
  assert.equal(one?.['source.port'], 22);
  assert.equal(one?.['@timestamp'], ctx.receivedAt, 'no timestamp: receipt time stands in');
  assert.equal(one?.['logwarden.source.identity'], 'tester');
  assert.equal(broken?.['event.original'], '{"message": oops}');
  assert.equal(broken?.['logwarden.parse.error'], 'invalid_json');
  assert.match(String(utf8?.['logwarden.parse.detail']), /offset 6/);
  assert.equal(Buffer.from(String(utf8?.['logwarden.original_base64']), 'base64')[6], 0xc3);
  assert.equal(oversize?.['logwarden.truncated'], true);
  assert.equal(String(oversize?.['event.original']).length, 200);
  assert.equal(last?.['message'], 'last');
});

test('a JSON array body is one event per element', () => {
  const results = decodeJsonBody(Buffer.from(' [{"message":"a","@timestamp":"2026-01-02T03:04:05.678+02:00"},{"message":"b"}]'), ctx);
  assert.deepEqual(
    results.map((r) => r.event['message']),
    ['a', 'b'],
  );
  assert.equal(results[0]?.event['@timestamp'], Date.parse('2026-01-02T01:04:05.678Z'));
  assert.equal(results[0]?.event['event.original'], '{"message":"a","@timestamp":"2026-01-02T03:04:05.678+02:00"}');
});

test('field values of the wrong type are kept as labels and flagged; unknown fields become labels', () => {
  const [result] = decodeJsonBody(Buffer.from('{"message":"m","source.port":"ssh","custom":{"a":1},"event.sequence":5,"labels":{"env":"prod"}}'), ctx);
  assert.equal(result?.reject?.reason, 'invalid_field');
  assert.deepEqual(result?.event['labels'], { 'source.port': 'ssh', 'custom.a': '1', 'event.sequence': '5', env: 'prod' });
  assert.equal(result?.event['event.sequence'], undefined, 'a sender cannot set server-owned fields');
  assert.equal(result?.event['source.port'], undefined);
});

test('impossible dates are refused, not rolled over', () => {
  const [result] = decodeJsonBody(Buffer.from('{"@timestamp":"2026-02-30T00:00:00Z"}'), ctx);
  assert.equal(result?.reject?.reason, 'invalid_field');
  assert.equal(result?.event['@timestamp'], ctx.receivedAt);
});

test('fuzz: any body decodes without throwing, one event per non-blank line, each with its original', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const body = Buffer.from(bytes);
      if (body.toString('latin1').trimStart().startsWith('[')) return; // array bodies are one document
      const results = decodeJsonBody(body, ctx);
      const nonBlank = body
        .toString('latin1')
        .split('\n')
        .filter((line) => /[^ \t\r]/.test(line)).length;
      assert.equal(results.length, nonBlank);
      for (const { event } of results) {
        assert.equal(typeof event['event.original'], 'string');
        assert.equal(typeof event['@timestamp'], 'number');
      }
    }),
    { numRuns: 500 },
  );
});

// R-STORE-1: one line nested thousands deep once overflowed the stack and failed the whole request.
const deepLine = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

test('a line nested 4,400 levels deep is one event flagged too_deep, stored verbatim; its neighbours are parsed (R-STORE-1)', () => {
  const deep = deepLine(4400);
  const body = Buffer.from(`{"message":"before"}\n${deep}\n{"message":"after"}\n`);
  const results = decodeJsonBody(body, { ...ctx, maxEventBytes: 1 << 20 });
  assert.deepEqual(
    results.map((r) => r.event['message']),
    ['before', deep, 'after'],
  );
  assert.equal(results[1]?.event['event.original'], deep);
  assert.equal(results[1]?.event['logwarden.parse.error'], 'too_deep');
  assert.deepEqual(
    lineErrors(results).map((e) => [e.line, e.reason]),
    [[2, 'too_deep']],
  );
});

test('an element of a JSON array body nested too deep is kept as sent, the other elements parsed (R-STORE-1)', () => {
  const deep = deepLine(100_000); // deeper than JSON.stringify can serialise again
  const body = Buffer.from(`[ {"message":"before"} ,\n ${deep} , {"message":"after, with [brackets] and \\"quotes\\""} ]`);
  const results = decodeJsonBody(body, { ...ctx, maxEventBytes: 1 << 20 });
  assert.equal(results.length, 3);
  assert.equal(results[0]?.event['message'], 'before');
  assert.equal(results[1]?.event['event.original'], deep);
  assert.equal(results[1]?.event['logwarden.parse.error'], 'too_deep');
  assert.equal(results[2]?.event['message'], 'after, with [brackets] and "quotes"');
});

test('nesting up to the limit is still split into fields', () => {
  const [result] = decodeJsonBody(Buffer.from(`{"message":"m","x":${deepLine(63)}}`), { ...ctx, maxEventBytes: 1 << 20 });
  assert.equal(result?.reject, undefined);
  assert.equal(result?.event['labels']?.[`x${'.a'.repeat(63)}` as never], '1');
});

test('logwarden.parse.detail is capped however many problems a line has (a 62 KB line once had a 471 KB detail)', () => {
  const fields = Array.from({ length: 6000 }, (_, index) => `"k${index}":${index}`).join(',');
  const line = `{"message":"many","source.port":"not a port",${fields}}`;
  assert.ok(line.length > 60_000);
  const [result] = decodeJsonBody(Buffer.from(line), { ...ctx, maxEventBytes: 1 << 20 });
  const detail = String(result?.event['logwarden.parse.detail']);
  assert.equal(result?.event['logwarden.parse.error'], 'invalid_field');
  assert.ok(detail.length <= 1024, `detail is ${detail.length} characters`);
  assert.match(detail, /^source\.port: expected an integer/);
  // The fields beyond the label limit are one problem, reported once (transforms/label-limit.ts).
  assert.match(detail, /; 5745 field\(s\) beyond the limit of 256 labels \("k255", "k256", "k257", "k258", "k259", and 5740 more\) not stored as labels; they are only in event\.original$/);
  assert.equal(result?.reject?.detail, detail, 'the answer carries the same capped detail');
  assert.equal(result?.event['event.original'], line);
});
