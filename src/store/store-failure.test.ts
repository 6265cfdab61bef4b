// A read the engine fails is LW_STORE_FAILED (503, retryable), not an internal 500: with the real
// embedded engine, a search over a store whose table is missing (a broken or half-restored data
// directory) fails in the engine, and the store raises the documented code with the cause kept.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { renderNative, retryOf } from '../errors/http-errors.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { EventStore } from './event-store.ts';
import { storeFailure } from './store-failure.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

let dir: string;
let engine: ChdbEngine;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-store-failure-'));
  engine = new ChdbEngine(dir);
});
after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

test('a search the engine fails is LW_STORE_FAILED with the engine code, never LW_INTERNAL', async () => {
  const store = new EventStore(engine); // not opened: no migrations, so no events table
  const error = await store.count({ query: parsedQuery('error'), scope: ALL_SYSTEMS }).then(
    () => assert.fail('a count over a missing table must fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof LogwardenError, String(error));
  assert.equal(error.code, 'LW_STORE_FAILED');
  assert.equal(error.status, 503);
  assert.equal(error.details['engineCode'], 60, 'UNKNOWN_TABLE');
  assert.ok(error.details['cause'] instanceof Error, 'the engine error is kept for the log');
  const answer = renderNative(error);
  assert.equal(answer.status, 503);
  assert.equal(retryOf(error).retryable, true);
  assert.doesNotMatch(JSON.stringify(answer.body), /events|DB::Exception/, 'the statement and the engine message stay in the log');
});

test('a coded error passes through unchanged', () => {
  const coded = new LogwardenError('LW_QUERY_TIMEOUT', 'too slow');
  assert.equal(storeFailure(coded, 'query'), coded);
  assert.equal(storeFailure(new Error('plain'), 'query').details['engineCode'], undefined);
});
