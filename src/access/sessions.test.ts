// SessionStore (R-ACCESS-1): 256-bit ids, a CSRF token each, the idle timeout counted from the last
// use and the absolute one from the sign-in, sign-out, ending every session of a user, and the
// memory bound, all on a ManualClock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../runtime/clock.ts';
import { SessionStore, sessionHandle } from './sessions.ts';

const T0 = Date.UTC(2031, 4, 6, 7, 8, 9);
const MINUTE = 60_000;
const alice = { kind: 'user' as const, name: 'alice', role: 'analyst' };
const bob = { kind: 'user' as const, name: 'bob', role: 'reader', systems: ['web'] };

test('R-ACCESS-1: a session has a random 256-bit id and its own CSRF token, and gives back its grant', () => {
  const store = new SessionStore({});
  const one = store.create(alice, T0, { localUser: true });
  const two = store.create(alice, T0);
  assert.match(one.id, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
  assert.notEqual(one.id, two.id);
  assert.notEqual(one.csrfToken, two.csrfToken);
  assert.notEqual(one.id, one.csrfToken);
  assert.equal(one.expiresAt, T0 + 12 * 60 * MINUTE, 'absoluteHours defaults to 12');
  assert.deepEqual(store.authenticate(one.id, T0), { grant: alice, csrfToken: one.csrfToken, localUser: true, expiresAt: one.expiresAt });
  assert.equal(store.authenticate(two.id, T0)?.localUser, false, 'single sign-on sessions keep their grant');
  const altered = `${one.id.slice(0, -1)}${one.id.endsWith('x') ? 'y' : 'x'}`;
  assert.equal(store.authenticate(altered, T0), undefined, 'one character off');
  assert.equal(sessionHandle(one.id).length, 64);
  assert.notEqual(sessionHandle(one.id), one.id);
});

test('R-ACCESS-1: the idle timeout counts from the last use, exactly', () => {
  const clock = new ManualClock(T0);
  const store = new SessionStore({ sessions: { idleMinutes: 30 } });
  const { id } = store.create(alice, clock.now());
  for (let n = 0; n < 5; n++) {
    clock.advance(30 * MINUTE - 1);
    assert.ok(store.authenticate(id, clock.now()), `use ${n}: still valid, and the idle time starts again`);
  }
  clock.advance(30 * MINUTE);
  assert.equal(store.authenticate(id, clock.now()), undefined, 'unused for idleMinutes: ended');
  clock.set(T0);
  assert.equal(store.authenticate(id, clock.now()), undefined, 'and it stays ended');
});

test('R-ACCESS-1: the absolute timeout ends even a busy session', () => {
  const clock = new ManualClock(T0);
  const store = new SessionStore({ sessions: { idleMinutes: 30, absoluteHours: 2 } });
  const { id, expiresAt } = store.create(bob, clock.now());
  assert.equal(expiresAt, T0 + 120 * MINUTE);
  while (clock.now() + 20 * MINUTE < expiresAt) {
    clock.advance(20 * MINUTE);
    assert.ok(store.authenticate(id, clock.now()));
  }
  clock.set(expiresAt - 1);
  assert.ok(store.authenticate(id, clock.now()));
  clock.set(expiresAt);
  assert.equal(store.authenticate(id, clock.now()), undefined);
});

test('R-ACCESS-1: sign-out ends one session; endUser ends all of a user but the one kept', () => {
  const store = new SessionStore({});
  const [a1, a2, a3] = [store.create(alice, T0), store.create(alice, T0), store.create(alice, T0)];
  const b1 = store.create(bob, T0);
  const token = store.create({ kind: 'token', name: 'alice', role: 'admin' }, T0);
  store.end(a1.id);
  assert.equal(store.authenticate(a1.id, T0), undefined);
  assert.equal(store.endUser('alice', { except: a2.id }), 1);
  assert.ok(store.authenticate(a2.id, T0));
  assert.equal(store.authenticate(a3.id, T0), undefined);
  assert.equal(store.endUser('alice'), 1);
  assert.equal(store.authenticate(a2.id, T0), undefined);
  assert.ok(store.authenticate(b1.id, T0), "another user's session stays");
  assert.ok(store.authenticate(token.id, T0), 'only users named alice, not a token of that name');
});

test('R-ACCESS-1: past maxSessions the session used longest ago ends; timed-out sessions are forgotten', () => {
  const store = new SessionStore({ sessions: { maxSessions: 3, idleMinutes: 10 } });
  const [s1, s2, s3] = [store.create(alice, T0), store.create(alice, T0 + 1), store.create(bob, T0 + 2)];
  assert.ok(store.authenticate(s1.id, T0 + 3), 's1 is now the most recently used');
  const s4 = store.create(bob, T0 + 4);
  assert.equal(store.size, 3);
  assert.equal(store.authenticate(s2.id, T0 + 5), undefined, 's2 was used longest ago');
  for (const session of [s1, s3, s4]) assert.ok(store.authenticate(session.id, T0 + 6));
  store.create(alice, T0 + 6 + 10 * MINUTE);
  assert.equal(store.size, 1, 'the idle ones were swept');
});
