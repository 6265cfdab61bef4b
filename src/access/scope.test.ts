// scopeOf is the one place a caller's scope comes from: the principal's scope as its role and its
// own systems resolve it (R-ACCESS-1), and a request without a principal is a wiring bug, never "all".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_SYSTEMS, systemsScope, withAuditOf } from '../query/scope.ts';
import { RoleSet } from './roles.ts';
import { scopeOf } from './scope.ts';

test('R-ACCESS-1: a role without systems reads all, a token narrowed to systems reads those, an unknown role reads nothing; no principal is an error', () => {
  const roles = new RoleSet([{ name: 'web-team', description: 'web', permissions: ['events.read'], systems: ['web', 'db'] }]);
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'token', name: 't', role: 'auditor' })), ALL_SYSTEMS);
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'token', name: 't', role: 'auditor', systems: ['web'] })), systemsScope(['web']));
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'token', name: 't', role: 'analyst', systems: ['web'] })), withAuditOf(systemsScope(['web']), 't'));
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'user', name: 'u', role: 'web-team', systems: ['web', 'mail'] })), withAuditOf(systemsScope(['web']), 'u'));
  assert.deepEqual(scopeOf(roles.principalFor({ kind: 'token', name: 't', role: 'gone' })), withAuditOf(systemsScope([]), 't'));
  assert.throws(() => scopeOf(undefined), /no authenticated principal/);
});

test('R-ACCESS-1: only a role with audit.read reads the whole audit trail; every other caller reads its own actions', () => {
  const roles = new RoleSet();
  for (const role of roles.roles) {
    const { scope } = roles.principalFor({ kind: 'user', name: 'alice', role: role.name });
    assert.equal(scope.auditOf, role.permissions.includes('audit.read') ? undefined : 'alice', role.name);
  }
});
