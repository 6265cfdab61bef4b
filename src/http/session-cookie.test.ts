// The session cookie (R-ACCESS-1): found among other cookies, only under its exact name, the first
// one when a page planted a second; a value that is not base64url is no session; the cookie is
// written with the __Host- attributes and cleared with Max-Age=0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearedSessionCookie, sessionCookie, sessionIdOf } from './session-cookie.ts';

const NAME = '__Host-logwarden-session';

test('R-ACCESS-1: the session id is read from the Cookie header under its exact name only', () => {
  assert.equal(sessionIdOf(undefined), undefined);
  assert.equal(sessionIdOf(''), undefined);
  assert.equal(sessionIdOf('theme=dark; lang=en'), undefined);
  assert.equal(sessionIdOf(`${NAME}=abc_DEF-123`), 'abc_DEF-123');
  assert.equal(sessionIdOf(`theme=dark;   ${NAME}=abc ; lang=en`), 'abc', 'spaces around pairs are dropped');
  assert.equal(sessionIdOf(`${NAME}=first; ${NAME}=second`), 'first');
  assert.equal(sessionIdOf(`x${NAME}=abc; ${NAME.toLowerCase()}=def`), undefined, 'names are exact and case-sensitive');
  assert.equal(sessionIdOf(`__Secure-logwarden-session=abc`), undefined);
  for (const value of ['', 'a b', 'a%3B', 'ab=cd', 'x'.repeat(129)]) assert.equal(sessionIdOf(`${NAME}=${value}`), '', `"${value}" is no id`);
});

test('R-ACCESS-1: the cookie is written as a __Host- cookie and cleared the same way', () => {
  assert.equal(sessionCookie('abc'), `${NAME}=abc; Path=/; Secure; HttpOnly; SameSite=Strict`);
  assert.equal(clearedSessionCookie(), `${NAME}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`);
  assert.doesNotMatch(sessionCookie('abc'), /Domain/i);
});
