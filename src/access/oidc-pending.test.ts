// A sign-in under way is taken once (a replayed callback finds nothing), expires, and their number
// is bounded because anyone may start one (R-ACCESS-1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PendingSignIns } from './oidc-pending.ts';

const one = { nonce: 'n', codeVerifier: 'v', returnTo: '/ui/' };

test('R-ACCESS-1: a state is taken once; a second take (replay) and an unknown state find nothing', () => {
  const pending = new PendingSignIns({ ttlMs: 1000, max: 10 });
  pending.add('s1', one, 0);
  assert.deepEqual(pending.take('s1', 10), { ...one, expiresAt: 1000 });
  assert.equal(pending.take('s1', 10), undefined);
  assert.equal(pending.take('forged', 10), undefined);
});

test('R-ACCESS-1: an expired sign-in is refused and forgotten', () => {
  const pending = new PendingSignIns({ ttlMs: 1000, max: 10 });
  pending.add('s1', one, 0);
  assert.equal(pending.take('s1', 1000), undefined);
  pending.add('s2', one, 0);
  pending.add('s3', one, 2000);
  assert.equal(pending.size, 1, 'adding drops the expired ones');
});

test('R-ACCESS-1: at the bound the oldest sign-in is forgotten, so a flood of starts cannot grow memory', () => {
  const pending = new PendingSignIns({ ttlMs: 60_000, max: 3 });
  for (let index = 0; index < 100; index += 1) pending.add(`s${index}`, one, index);
  assert.equal(pending.size, 3);
  assert.equal(pending.take('s96', 200), undefined);
  assert.ok(pending.take('s97', 200));
  assert.ok(pending.take('s99', 200));
});
