// scopeOf is the one place a caller's scope comes from: the principal's scope as its role and its
// own systems resolve it (R-ACCESS-1), and a request without a principal is a wiring bug, never "all".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_SYSTEMS, systemsScope } from '../query/scope.ts';
import { RoleSet } from './roles.ts';
import { scopeOf } from './scope.ts';

test('a role without systems reads all, a token narrowed to systems reads those, an unknown role reads nothing; no principal is an error', () => {
  const roles = new RoleSet([{ name: 'web-team', description: 'web', permissions: ['events.read'], systems: ['web', 'db'] }]);
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'token', name: 't', role: 'analyst' })), ALL_SYSTEMS);
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'token', name: 't', role: 'analyst', systems: ['web'] })), systemsScope(['web']));
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'user', name: 'u', role: 'web-team', systems: ['web', 'mail'] })), systemsScope(['web']));
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'token', name: 't', role: 'gone' })), systemsScope([]));
  assert.throws(() => scopeOf(undefined), /no authenticated principal/);
});
