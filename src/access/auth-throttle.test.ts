// AuthThrottle: lockout after maxFailures within the window, for lockoutSeconds; bounded memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthThrottle } from './auth-throttle.ts';

const limits = { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 300, maxPeers: 100 };

test('R-ACCESS-1: the Nth failure within the window locks the peer out for the lockout, others unaffected', () => {
  const throttle = new AuthThrottle(limits);
  assert.equal(throttle.recordFailure('10.0.0.1', 0), false);
  assert.equal(throttle.recordFailure('10.0.0.1', 1000), false);
  assert.equal(throttle.lockedFor('10.0.0.1', 1000), 0);
  assert.equal(throttle.recordFailure('10.0.0.1', 2000), true);
  assert.equal(throttle.lockedFor('10.0.0.1', 2000), 300);
  assert.equal(throttle.lockedFor('10.0.0.1', 2000 + 299_500), 1);
  assert.equal(throttle.lockedFor('10.0.0.1', 2000 + 300_000), 0);
  assert.equal(throttle.lockedFor('10.0.0.2', 2000), 0);
});

test('failures spread wider than the window do not lock out; maxFailures 0 switches throttling off', () => {
  const throttle = new AuthThrottle(limits);
  for (let i = 0; i < 10; i++) assert.equal(throttle.recordFailure('p', i * 31_000), false, `failure ${i}`);
  const off = new AuthThrottle({ ...limits, maxFailures: 0 });
  for (let i = 0; i < 100; i++) assert.equal(off.recordFailure('p', i), false);
  assert.equal(off.lockedFor('p', 100), 0);
});

test('memory is bounded by maxPeers: the stalest address is forgotten first', () => {
  const throttle = new AuthThrottle({ ...limits, maxPeers: 10 });
  throttle.recordFailure('keep', 0);
  for (let i = 0; i < 1000; i++) {
    throttle.recordFailure(`203.0.113.${i}`, i);
    if (i % 5 === 0) throttle.recordFailure('keep', i); // touched often: stays
    assert.ok(throttle.trackedPeers <= 10);
  }
  throttle.recordFailure('keep', 1000);
  assert.ok(throttle.lockedFor('keep', 1000) > 0, 'the often-touched address was kept and reached the limit');
});
