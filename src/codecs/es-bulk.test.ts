// The Elasticsearch _bulk body parser: action/source pairs, append-only refusals, and recovery from
// malformed action lines without losing the documents around them (unit and property tests).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { invalidIndexName, parseBulkBody, type BulkDocument, type BulkItem } from './es-bulk.ts';

const body = (...lines: string[]): Buffer => Buffer.from(`${lines.join('\n')}\n`);
const summary = (items: BulkItem[]) => items.map((item) => (item.kind === 'document' ? [item.action, item.index, item.id, item.source.toString()] : [item.action, item.status, item.type]));

test('index and create pairs become documents in order, with the URL index as default', () => {
  const items = parseBulkBody(body('{"index":{"_index":"app"}}', '{"message":"a"}', '{"create":{"_id":"x1"}}', '{"message":"b"}', '{"index":{"_id":7}}', '{"message":"c"}'), 'fallback');
  assert.deepEqual(summary(items), [
    ['index', 'app', undefined, '{"message":"a"}'],
    ['create', 'fallback', 'x1', '{"message":"b"}'],
    ['index', 'fallback', '7', '{"message":"c"}'],
  ]);
  assert.deepEqual(
    items.map((item) => item.line),
    [1, 3, 5],
  );
});

test('CRLF line ends, blank lines and a missing final newline are accepted', () => {
  const items = parseBulkBody(Buffer.from('\r\n{"index":{"_index":"a"}}\r\n\r\n{"m":1}\r\n{"index":{"_index":"a"}}\n{"m":2}'));
  assert.deepEqual(summary(items), [
    ['index', 'a', undefined, '{"m":1}'],
    ['index', 'a', undefined, '{"m":2}'],
  ]);
});

test('delete and update are refused as append-only; update consumes its source line', () => {
  const items = parseBulkBody(body('{"delete":{"_index":"a","_id":"1"}}', '{"update":{"_index":"a","_id":"2"}}', '{"doc":{"x":1}}', '{"index":{"_index":"a"}}', '{"m":1}'));
  assert.deepEqual(summary(items), [
    ['delete', 400, 'illegal_argument_exception'],
    ['update', 400, 'illegal_argument_exception'],
    ['index', 'a', undefined, '{"m":1}'],
  ]);
  const refused = items[0];
  assert.ok(refused?.kind === 'refused' && /append-only/.test(refused.reason) && refused.id === '1');
});

test('a malformed action line is one refused item; its source is skipped but a following action is not', () => {
  const items = parseBulkBody(
    body(
      '{"index":{"_index":"a"}', // broken JSON, then its source
      '{"m":"lost"}',
      '{"upsert":{}}', // unknown action, directly followed by an action
      '{"index":{"_index":"a"}}',
      '{"m":1}',
      '[1,2]',
      '{"create":{"_index":"a"}}',
      '{"m":2}',
    ),
  );
  assert.deepEqual(summary(items), [
    ['index', 400, 'illegal_argument_exception'],
    ['index', 400, 'illegal_argument_exception'],
    ['index', 'a', undefined, '{"m":1}'],
    ['index', 400, 'illegal_argument_exception'],
    ['create', 'a', undefined, '{"m":2}'],
  ]);
  const unknown = items[1];
  assert.ok(unknown?.kind === 'refused' && unknown.reason.includes('[upsert]') && unknown.line === 3);
});

test('missing index, bad index names and a missing source line are refused per item', () => {
  const items = parseBulkBody(body('{"index":{}}', '{"m":1}', '{"index":{"_index":"Upper"}}', '{"m":2}', '{"index":{"_index":"ok"}}'));
  assert.deepEqual(summary(items), [
    ['index', 400, 'action_request_validation_exception'],
    ['index', 400, 'invalid_index_name_exception'],
    ['index', 400, 'illegal_argument_exception'],
  ]);
  assert.equal(invalidIndexName('app-logs-2026.11'), undefined);
  for (const bad of ['', '_x', '-x', 'a b', 'a/b', 'a*', 'A', '.', 'x'.repeat(256)]) assert.ok(invalidIndexName(bad), bad);
});

test('a source line that is not valid JSON or UTF-8 is still a document (the caller flags it)', () => {
  const items = parseBulkBody(Buffer.concat([Buffer.from('{"index":{"_index":"a"}}\n'), Buffer.from([0x7b, 0xff, 0x7d]), Buffer.from('\n')]));
  assert.equal(items.length, 1);
  assert.equal(items[0]?.kind, 'document');
  assert.deepEqual((items[0] as BulkDocument).source, Buffer.from([0x7b, 0xff, 0x7d]));
});

const document = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 4 });
const operation = fc.record({
  action: fc.constantFrom('index' as const, 'create' as const, 'delete' as const, 'update' as const),
  index: fc.option(fc.constantFrom('app', 'logs-1', 'x.y'), { nil: undefined }),
  id: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
  source: document,
});

test('property: well-formed bodies give one item per action, documents with their source, in order', () => {
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 30 }), (operations) => {
      const lines: string[] = [];
      for (const op of operations) {
        lines.push(JSON.stringify({ [op.action]: { ...(op.index ? { _index: op.index } : {}), ...(op.id ? { _id: op.id } : {}) } }));
        if (op.action !== 'delete') lines.push(JSON.stringify(op.source));
      }
      const items = parseBulkBody(body(...lines), 'default');
      assert.equal(items.length, operations.length);
      items.forEach((item, i) => {
        const op = operations[i] as (typeof operations)[number];
        assert.equal(item.action, op.action);
        assert.equal(item.id, op.id);
        assert.equal(item.index, op.index ?? 'default');
        if (op.action === 'index' || op.action === 'create') {
          assert.equal(item.kind, 'document');
          assert.equal((item as BulkDocument).source.toString(), JSON.stringify(op.source));
        } else assert.equal(item.kind, 'refused');
      });
    }),
  );
});

test('property: a garbage line before any action costs one refused item and no document', () => {
  const garbage = fc.oneof(
    fc.string({ maxLength: 30 }).filter((text) => !text.includes('\n') && text.trim() !== ''),
    fc.constantFrom('{"index":', '[]', 'null', '{"a":{},"b":{}}', '{"index":[]}', '{"index":{"_index":5}}'),
  );
  fc.assert(
    fc.property(fc.array(document, { minLength: 1, maxLength: 10 }), fc.nat(), garbage, (sources, at, junk) => {
      fc.pre(typeof safeAction(junk) === 'undefined');
      const pairs = sources.map((source) => [JSON.stringify({ index: { _index: 'a' } }), JSON.stringify(source)]);
      pairs.splice(at % (pairs.length + 1), 0, [junk]);
      const items = parseBulkBody(body(...pairs.flat()));
      assert.equal(items.filter((item) => item.kind === 'refused').length, 1);
      assert.deepEqual(
        items.filter((item) => item.kind === 'document').map((item) => (item as BulkDocument).source.toString()),
        sources.map((source) => JSON.stringify(source)),
      );
    }),
  );
});

test('property: arbitrary bytes never throw, and every item names a known action', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      for (const item of parseBulkBody(Buffer.from(bytes), 'd')) assert.ok(['index', 'create', 'delete', 'update'].includes(item.action));
    }),
    { numRuns: 500 },
  );
});

/** Whether a line would be read as a valid action (the garbage generator must avoid those). */
function safeAction(line: string): unknown {
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1) {
      const [key, meta] = Object.entries(value)[0] as [string, unknown];
      if (['index', 'create', 'delete', 'update'].includes(key) && meta && typeof meta === 'object' && !Array.isArray(meta)) return value;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
