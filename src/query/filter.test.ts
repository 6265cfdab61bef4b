// The scope's WHERE clause: systems as one bound array, the audit-trail narrowing as bound values,
// never pasted into the SQL (R-ACCESS-1). What the engine makes of it is tested against the real
// engine in src/store/search-scope-property.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_CATEGORY as AUDIT_EVENT_CATEGORY } from '../audit/audit-event.ts';
import { scopeCondition } from './filter.ts';
import { ALL_SYSTEMS, AUDIT_CATEGORY, scopeKey, systemsScope, withAuditOf } from './scope.ts';

test('R-ACCESS-1: the scope compiles to bound parameters, the audit narrowing included', () => {
  assert.deepEqual(scopeCondition(ALL_SYSTEMS), { sql: '1', params: {} });
  assert.deepEqual(scopeCondition(systemsScope([])), { sql: '0', params: {} });
  const hostile = "x' OR 1=1 --";
  const narrowed = scopeCondition(withAuditOf(systemsScope(['web', hostile]), hostile));
  assert.ok(!narrowed.sql.includes(hostile), 'no value in the SQL text');
  assert.deepEqual(narrowed.params, { lw_systems: [hostile, 'web'].sort(), lw_audit_category: AUDIT_CATEGORY, lw_audit_of: hostile });
  assert.match(narrowed.sql, /NOT has\(event_category, \{lw_audit_category:String\}\) OR user_name = \{lw_audit_of:String\}/);
});

test('scopeKey is canonical: equal scopes give equal keys, the audit narrowing changes the key', () => {
  assert.equal(scopeKey(systemsScope(['b', 'a', 'b'])), scopeKey(systemsScope(['a', 'b'])));
  assert.equal(scopeKey(ALL_SYSTEMS), 'all');
  assert.notEqual(scopeKey(withAuditOf(ALL_SYSTEMS, 'a')), scopeKey(ALL_SYSTEMS));
  assert.notEqual(scopeKey(withAuditOf(ALL_SYSTEMS, 'a')), scopeKey(withAuditOf(ALL_SYSTEMS, 'b')));
  assert.equal(scopeKey(withAuditOf(systemsScope(['b', 'a']), 'a')), scopeKey(withAuditOf(systemsScope(['a', 'b']), 'a')));
});

test('the category the scope hides is the one the audit trail writes', () => {
  assert.equal(AUDIT_CATEGORY, AUDIT_EVENT_CATEGORY);
});
