// Requests are checked against the contracts; every problem is named, as LW_BAD_REQUEST.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { jsonRequestBody, parseRequest } from './parse.ts';
import { createTokenBody } from './tokens.ts';
import { searchParams } from './search.ts';

function refusal(run: () => unknown): LogwardenError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof LogwardenError);
    return error;
  }
  return assert.fail('expected a refusal');
}

test('a request is parsed with its defaults, and each problem is named by its parameter', () => {
  assert.deepEqual(parseRequest(searchParams, { q: 'error' }), { q: 'error', limit: 100, order: 'desc', leaf: 'false' });
  const error = refusal(() => parseRequest(searchParams, { limit: '0', order: 'sideways' }));
  assert.equal(error.code, 'LW_BAD_REQUEST');
  assert.match(error.message, /^limit: .*; order: /);
});

test('a JSON body: absent is undefined, broken JSON names what was expected', () => {
  assert.equal(jsonRequestBody(undefined, '{}'), undefined);
  assert.equal(jsonRequestBody(Buffer.alloc(0), '{}'), undefined);
  assert.deepEqual(parseRequest(createTokenBody, jsonRequestBody(Buffer.from('{"name":"web-1"}'), '{}')), { name: 'web-1', role: 'ingest' });
  assert.match(refusal(() => jsonRequestBody(Buffer.from('{"name":'), '{"name": "..."}')).message, /^body is not valid JSON \(expected \{"name": "..."\}\)/);
  assert.match(refusal(() => parseRequest(createTokenBody, { name: '-bad' })).message, /^name: expected 1 to 64 letters/);
});
