// The provider's claims become a user grant only through the configuration's mapping: a user whose
// values map to no role is refused (no guessing), the first roleMap entry wins, and a configured
// systems claim narrows the user's scope (R-ACCESS-1: need to know).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oidcSchema, type OidcConfig } from './oidc-schema.ts';
import { claimValues, grantFromClaims } from './oidc-claims.ts';

function config(overrides: Record<string, unknown> = {}): OidcConfig {
  const parsed = oidcSchema.parse({
    issuer: 'https://sso.example.org/realms/main',
    clientId: 'logwarden',
    redirectUri: 'https://logwarden.example.org/api/v1/auth/oidc/callback',
    rolesClaim: 'groups',
    roleMap: { 'logwarden-admins': 'admin', 'logwarden-analysts': 'analyst' },
    ...overrides,
  });
  assert.ok(parsed);
  return parsed;
}

test('R-ACCESS-1: the first roleMap entry whose value the user has gives the role; the name comes from usernameClaim', () => {
  const outcome = grantFromClaims({ sub: 's1', preferred_username: 'alice@example.org', groups: ['staff', 'logwarden-analysts', 'logwarden-admins'] }, config());
  assert.deepEqual(outcome, { ok: true, grant: { kind: 'user', name: 'alice@example.org', role: 'admin' } });
  const single = grantFromClaims({ preferred_username: 'bob', groups: 'logwarden-analysts' }, config());
  assert.deepEqual(single, { ok: true, grant: { kind: 'user', name: 'bob', role: 'analyst' } });
});

test('R-ACCESS-1: a user whose values map to no role is refused without defaultRole, and gets defaultRole with it', () => {
  const refused = grantFromClaims({ preferred_username: 'carol', groups: ['sales'] }, config());
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.userName === 'carol' && /no role in logwarden.*found groups sales/.test(refused.reason), JSON.stringify(refused));
  assert.equal(grantFromClaims({ preferred_username: 'carol' }, config()).ok, false, 'no groups claim at all');
  const defaulted = grantFromClaims({ preferred_username: 'carol', groups: ['sales'] }, config({ defaultRole: 'reader' }));
  assert.deepEqual(defaulted, { ok: true, grant: { kind: 'user', name: 'carol', role: 'reader' } });
});

test('R-ACCESS-1: a missing or unusable user name is refused, naming the claim', () => {
  for (const name of [undefined, 42, '', 'has space', 'line\nbreak', '-leading', 'x'.repeat(129), ['alice']]) {
    const outcome = grantFromClaims({ preferred_username: name, groups: ['logwarden-admins'] }, config());
    assert.ok(!outcome.ok && /preferred_username/.test(outcome.reason), `${JSON.stringify(name)} → ${JSON.stringify(outcome)}`);
  }
  const byEmail = grantFromClaims({ email: 'dana@example.org', groups: ['logwarden-admins'] }, config({ usernameClaim: 'email' }));
  assert.deepEqual(byEmail, { ok: true, grant: { kind: 'user', name: 'dana@example.org', role: 'admin' } });
});

test('R-ACCESS-1: systemsClaim narrows the grant to the listed systems, and its absence refuses rather than granting every system', () => {
  const narrowed = grantFromClaims({ preferred_username: 'erin', groups: ['logwarden-analysts'], systems: ['web', 'db'] }, config({ systemsClaim: 'systems' }));
  assert.deepEqual(narrowed, { ok: true, grant: { kind: 'user', name: 'erin', role: 'analyst', systems: ['web', 'db'] } });
  const absent = grantFromClaims({ preferred_username: 'erin', groups: ['logwarden-analysts'] }, config({ systemsClaim: 'systems' }));
  assert.ok(!absent.ok && /no systems claim/.test(absent.reason), JSON.stringify(absent));
});

test('claim values: a string or the strings of a list; anything else is none', () => {
  assert.deepEqual(claimValues('a'), ['a']);
  assert.deepEqual(claimValues(['a', 1, null, 'b', { c: 1 }]), ['a', 'b']);
  assert.deepEqual(claimValues({ a: 'b' }), []);
  assert.deepEqual(claimValues(undefined), []);
});
