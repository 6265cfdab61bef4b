import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonBodyDocuments, jsonBodyShape, jsonLineDocument, type DecodedJson } from './json-lines.ts';

const OPTIONS = { maxEventBytes: 40 };

function documents(body: string | Buffer): DecodedJson[] {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return [...jsonBodyDocuments(bytes, jsonBodyShape(bytes), OPTIONS)];
}

test('codec: NDJSON lines decode to documents, unusable lines to their reason and verbatim text (R-STORE-1)', () => {
  const decoded = documents(
    Buffer.concat([
      Buffer.from('{"message":"one"}\r\n\n'),
      Buffer.from('{"message": oops}\n'),
      Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]),
      Buffer.from(`{"message":"${'x'.repeat(60)}"}\n`),
      Buffer.from('[1,2]'),
    ]),
  );
  assert.deepEqual(decoded[0], { kind: 'document', document: { message: 'one' }, original: '{"message":"one"}' });
  assert.equal(decoded[1]?.kind === 'unusable' && decoded[1].reason, 'invalid_json');
  assert.equal(decoded[1]?.original, '{"message": oops}');
  const notUtf8 = decoded[2];
  assert.ok(notUtf8?.kind === 'unusable');
  assert.equal(notUtf8.reason, 'invalid_utf8');
  assert.equal(notUtf8.originalBase64, Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]).toString('base64'));
  const oversize = decoded[3];
  assert.ok(oversize?.kind === 'unusable');
  assert.equal(oversize.reason, 'oversize');
  assert.equal(oversize.truncated, true);
  assert.equal(Buffer.byteLength(oversize.original), OPTIONS.maxEventBytes);
  // A JSON value that is not an object is still a document: whether it makes an event is the normaliser's call.
  assert.deepEqual(decoded[4], { kind: 'document', document: [1, 2], original: '[1,2]' });
  assert.equal(decoded.length, 5);
});

test('codec: an array body gives one compact document per element; a broken array one unusable text', () => {
  assert.deepEqual(documents(' [ {"a": 1} , {"b":2} ]'), [
    { kind: 'document', document: { a: 1 }, original: '{"a":1}' },
    { kind: 'document', document: { b: 2 }, original: '{"b":2}' },
  ]);
  const [broken, ...rest] = documents('[{"a":1},');
  assert.equal(rest.length, 0);
  assert.ok(broken?.kind === 'unusable');
  assert.equal(broken.reason, 'invalid_json');
  assert.match(broken.detail, /^body is not a valid JSON array: /);
});

test('codec: a leading BOM stays in the original text but does not stop the line parsing', () => {
  const decoded = jsonLineDocument(Buffer.from('\ufeff{"a":1}'), OPTIONS);
  assert.deepEqual(decoded, { kind: 'document', document: { a: 1 }, original: '\ufeff{"a":1}' });
});
