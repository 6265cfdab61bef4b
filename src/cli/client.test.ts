// The CLI reads answers with the contracts: a logwarden answer in the expected shape, a coded
// error, a logwarden that answers another shape (another version), and a service that is not one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResponse } from '../contracts/search.ts';
import { LogwardenError } from '../errors/codes.ts';
import { interpretAnswer } from './client.ts';
import type { Answer } from './http-exchange.ts';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

function refusal(answer: Answer): LogwardenError {
  try {
    interpretAnswer(countResponse, answer, 'http://x');
  } catch (error) {
    assert.ok(error instanceof LogwardenError);
    assert.equal(error.code, 'LW_CLI_SERVER');
    return error;
  }
  return assert.fail('expected a refusal');
}

test('an answer in the contract is returned parsed', () => {
  assert.deepEqual(interpretAnswer(countResponse, json(200, { count: 3 }), 'http://x'), { count: 3 });
});

test('a coded error is reported with its code, message and Retry-After', () => {
  const error = refusal(json(503, { error: { code: 'LW_UNAVAILABLE', message: 'queue full', retryAfterSeconds: 1 } }, { 'retry-after': '1' }));
  assert.equal(error.message, 'http://x answered LW_UNAVAILABLE: queue full (Retry-After: 1 s)');
  assert.match(refusal(json(400, { error: { code: 'LW_FROM_A_NEWER_SERVER', message: 'm' } })).message, /answered LW_FROM_A_NEWER_SERVER: m/);
});

test('a 200 in another shape is named as a version mismatch, not returned', () => {
  assert.match(refusal(json(200, { count: 'three' })).message, /in a shape this CLI does not expect \(count: .*\)/);
});

test("an answer that is not logwarden's says so", () => {
  assert.match(refusal({ status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>nginx</h1>' }).message, /^no logwarden API at http:\/\/x: got HTTP 404/);
});
