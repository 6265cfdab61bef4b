// access.oidc is checked when the configuration is loaded: tokens and codes cross only encrypted
// connections (http only on loopback), the secret stays out of the file, the redirect URI is the
// callback route, every role it hands out exists, and a secret file that cannot be read is found
// before the start (R-ACCESS-1, R-CONFIG-1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from '../config/load.ts';
import { unreadableFiles } from '../config/named-files.ts';
import { isLoopbackHost } from './oidc-schema.ts';

const base = {
  issuer: 'https://sso.example.org/realms/main',
  clientId: 'logwarden',
  clientSecretFile: '/etc/logwarden/oidc-secret',
  redirectUri: 'https://logwarden.example.org/api/v1/auth/oidc/callback',
  rolesClaim: 'groups',
  roleMap: { 'logwarden-analysts': 'analyst' },
};

function problems(oidc: Record<string, unknown>, roles: unknown[] = []): string {
  try {
    validateConfig({ access: { oidc, roles } }, 'test');
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

test('R-ACCESS-1: a complete access.oidc loads with its defaults', () => {
  const config = validateConfig({ access: { oidc: base } }, 'test');
  assert.deepEqual(config.access.oidc?.scopes, ['openid', 'profile', 'email']);
  assert.equal(config.access.oidc?.usernameClaim, 'preferred_username');
  assert.equal(validateConfig({}, 'test').access.oidc, undefined, 'absent by default: no single sign-on');
});

test('R-ACCESS-1: plain http is refused for a remote issuer or redirect URI, accepted on loopback', () => {
  assert.match(problems({ ...base, issuer: 'http://sso.example.org/' }), /access\.oidc\.issuer: expected an https:\/\/ issuer/);
  assert.match(problems({ ...base, redirectUri: 'http://logwarden.example.org/api/v1/auth/oidc/callback' }), /access\.oidc\.redirectUri: expected an https:\/\//);
  assert.equal(problems({ ...base, issuer: 'http://127.0.0.1:8080/', redirectUri: 'http://[::1]:9280/api/v1/auth/oidc/callback' }), '');
  assert.ok(isLoopbackHost('127.1.2.3') && isLoopbackHost('localhost') && isLoopbackHost('[::1]'));
  assert.ok(!isLoopbackHost('127.0.0.1.evil.example') && !isLoopbackHost('10.0.0.1') && !isLoopbackHost('localhost.evil.example'));
});

test('R-ACCESS-1: the redirect URI must be the callback route; the secret comes from a file or the environment, not both', () => {
  assert.match(problems({ ...base, redirectUri: 'https://logwarden.example.org/callback' }), /redirectUri: expected a redirect URI whose path is \/api\/v1\/auth\/oidc\/callback/);
  assert.match(problems({ ...base, clientSecretEnv: 'OIDC_SECRET' }), /clientSecretEnv: expected clientSecretFile or clientSecretEnv, not both/);
  assert.match(problems({ ...base, clientSecret: 'hunter2' }), /unknown key\(s\) clientSecret/);
});

test('R-ACCESS-1: every role access.oidc names must exist, built in or in access.roles', () => {
  assert.match(problems({ ...base, roleMap: { ops: 'operator' }, defaultRole: 'nobody' }), /access\.oidc\.roleMap\.ops: no role "operator".*\n.*access\.oidc\.defaultRole: no role "nobody"/);
  assert.equal(problems({ ...base, roleMap: { ops: 'operator' } }, [{ name: 'operator', permissions: ['events.read'] }]), '');
});

test('R-ACCESS-1: a mapping that could never let anyone in, or scopes without openid, are refused', () => {
  assert.match(problems({ ...base, roleMap: {} }), /roleMap: expected roleMap \(with rolesClaim\) or defaultRole/);
  assert.match(problems({ ...base, rolesClaim: undefined }), /rolesClaim: required with roleMap/);
  assert.match(problems({ ...base, scopes: ['profile'] }), /scopes: expected the scopes to include openid/);
});

test('R-CONFIG-1: an unreadable clientSecretFile is found before the start, like the TLS files', async () => {
  const found = await unreadableFiles({ access: { oidc: { ...base, clientSecretFile: '/nonexistent/logwarden-oidc-secret' } } });
  assert.equal(found.length, 1);
  assert.equal(found[0]?.key, 'access.oidc.clientSecretFile');
  assert.match(found[0]?.message ?? '', /cannot read \/nonexistent\/logwarden-oidc-secret: no such file/);
});
