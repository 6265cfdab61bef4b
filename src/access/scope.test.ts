// scopeOf is the one place a caller's scope comes from (issue 10): every role that may read sees
// every system until issue 13 gives principals systems, and a request without a principal is a
// wiring bug, never "all".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_SYSTEMS } from '../query/scope.ts';
import { scopeOf } from './scope.ts';

test('every current role reads all systems; no principal is an error, not a scope', () => {
  for (const role of ['admin', 'reader', 'ingest'] as const) assert.deepEqual(scopeOf({ name: `t-${role}`, role }), ALL_SYSTEMS);
  assert.throws(() => scopeOf(undefined), /no authenticated principal/);
});
