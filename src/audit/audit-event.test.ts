import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { RoleSet } from '../access/roles.ts';
import type { Principal } from '../access/principal.ts';
import { auditEvent, AUDIT_CATEGORY } from './audit-event.ts';
import { AUDIT_ACTIONS } from './audit-action.ts';
import type { AuditEntry } from './audit-trail.ts';

const NOW = Date.UTC(2031, 4, 6, 7, 8, 9);
const roles = new RoleSet();
const reader: Principal = roles.principalFor({ name: 'ci-reader', kind: 'token', role: 'reader', systems: ['web', 'db'] });
const auditor: Principal = roles.principalFor({ name: 'eve', kind: 'user', role: 'auditor' });

const search: AuditEntry = {
  action: 'search',
  outcome: 'success',
  principal: reader,
  sourceIp: '192.0.2.10',
  route: 'GET /api/v1/search',
  status: 200,
  details: { query: 'event.outcome:failure AND host.name:web-1', results: 12 },
};

describe('audit events (R-ACCESS-2)', () => {
  test('R-ACCESS-2: a search becomes an ECS event naming who, from where, what, within which scope, how many, and the outcome', () => {
    const event = auditEvent(search, { now: NOW, id: 'id-1' });
    assert.equal(event['event.kind'], 'event');
    assert.deepEqual(event['event.category'], [AUDIT_CATEGORY]);
    assert.deepEqual(event['event.type'], ['access']);
    assert.equal(event['event.action'], 'search');
    assert.equal(event['event.outcome'], 'success');
    assert.equal(event['event.id'], 'id-1');
    assert.equal(event['@timestamp'], NOW);
    assert.equal(event['user.name'], 'ci-reader');
    assert.deepEqual(event['user.roles'], ['reader']);
    assert.equal(event['source.ip'], '192.0.2.10');
    assert.equal(event['http.request.method'], 'GET');
    assert.equal(event['url.path'], '/api/v1/search');
    assert.equal(event['http.response.status_code'], 200);
    assert.equal(event['logwarden.audit.query'], 'event.outcome:failure AND host.name:web-1');
    assert.equal(event['logwarden.audit.scope'], reader.scope.kind === 'all' ? 'all' : reader.scope.systems.join(','));
    assert.equal(event['logwarden.audit.results'], 12);
    assert.equal(event['logwarden.source.protocol'], 'internal', 'logwarden origin: only the server writes system logwarden');
    assert.equal(event['service.name'], 'logwarden');
    assert.equal(event['message'], `token "ci-reader" (role reader) from 192.0.2.10 searched in systems ${event['logwarden.audit.scope']}: 12 results [GET /api/v1/search] (success)`);
    assert.doesNotMatch(String(event['message']), /web-1/, 'the query text stays out of the free-text fields: the next search must not find it');
    assert.doesNotMatch(String(event['event.original']), /web-1/);
  });

  test('R-ACCESS-2: a 403 on an audited route is an access-denied failure', () => {
    const event = auditEvent({ ...search, outcome: 'failure', status: 403, details: { query: 'x' } }, { now: NOW, id: 'id-2' });
    assert.deepEqual(event['event.type'], ['access', 'denied']);
    assert.equal(event['event.outcome'], 'failure');
    assert.equal(event['log.level'], 'warning');
    assert.match(String(event['message']), /\(failure: access denied\)$/);
  });

  test('R-ACCESS-2: a failed sign-in names who tried; a token revocation is a deletion with its target', () => {
    const signIn = auditEvent({ action: 'sign-in', outcome: 'failure', status: 401, sourceIp: '198.51.100.4', route: 'POST /api/v1/session', details: { userName: 'mallory' } }, { now: NOW, id: 'a' });
    assert.equal(signIn['user.name'], 'mallory');
    assert.deepEqual(signIn['event.type'], ['start', 'denied']);
    assert.equal(signIn['user.roles'], undefined, 'not authenticated: no role');
    const revoke = auditEvent(
      { action: 'token-change', outcome: 'success', principal: auditor, route: 'DELETE /api/v1/tokens/old', details: { target: 'old', change: 'revoke' } },
      { now: NOW, id: 'b' },
    );
    assert.deepEqual(revoke['event.type'], ['deletion']);
    assert.equal(revoke['logwarden.audit.target'], 'old');
    assert.equal(revoke['logwarden.audit.scope'], 'all');
    assert.match(String(revoke['message']), /^user "eve" \(role auditor\) changed a token \(revoke\) "old" \[DELETE \/api\/v1\/tokens\/old\] \(success\)$/);
  });

  test('R-ACCESS-2: the intent of a change says its outcome follows', () => {
    const intent = auditEvent({ action: 'user-change', outcome: 'unknown', principal: auditor, route: 'POST /api/v1/users' }, { now: NOW, id: 'c' });
    assert.equal(intent['event.outcome'], 'unknown');
    assert.match(String(intent['message']), /is about to: changed a user .*\(outcome recorded next\)$/);
  });

  test('R-ACCESS-2: every action has a type and a sentence', () => {
    for (const action of AUDIT_ACTIONS) {
      const event = auditEvent({ action, outcome: 'success', principal: reader }, { now: NOW, id: action });
      assert.equal((event['event.type'] as string[]).length, 1, action);
      assert.doesNotMatch(String(event['message']), /undefined/, action);
    }
  });

  test('R-ACCESS-2: an entry cannot pass itself off as another origin, whatever its details say', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (query, target, userName) => {
        const event = auditEvent({ action: 'search', outcome: 'success', details: { query, target, userName } }, { now: NOW, id: 'p' });
        assert.equal(event['logwarden.source.protocol'], 'internal');
        assert.deepEqual(event['event.category'], [AUDIT_CATEGORY]);
        assert.equal(event['event.action'], 'search');
        assert.equal(event['logwarden.audit.query'], query);
      }),
    );
  });
});
