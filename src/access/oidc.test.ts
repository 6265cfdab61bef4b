// OidcSignOn against a real OpenID provider (oidc-provider on loopback) and the real openid-client,
// in process: the paths the end-to-end test leaves out. The person cancelling at the provider, a
// wrong client secret, a tampered code, a sign-in that took too long, claims in the ID token with a
// systems claim, and a secret that is missing at start (R-ACCESS-1).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CookieJar, freeLoopbackPort, signInAtProvider, startProvider, type LocalProvider } from '../../test/helpers/oidc-provider.ts';
import { createLogger } from '../observability/logger.ts';
import { OidcSignOn, type OidcCompletion } from './oidc.ts';
import { oidcSchema, type OidcConfig } from './oidc-schema.ts';
import { RoleSet } from './roles.ts';
import { UserStore } from './users.ts';

const REDIRECT = 'http://127.0.0.1:9/api/v1/auth/oidc/callback'; // never visited: the test hands the callback over
const SECRET = 'in-process-test-secret';
const ACCOUNTS = { erin: { preferred_username: 'erin', groups: ['ops'], systems: ['web', 'db'] }, frank: { preferred_username: 'frank', groups: ['ops'] } };
const NOW = Date.parse('2026-12-01T12:00:00Z');

let provider: LocalProvider;
let dir: string;
let users: UserStore;

function configOf(overrides: Record<string, unknown> = {}): OidcConfig {
  const parsed = oidcSchema.parse({
    issuer: provider.issuer,
    clientId: 'rp',
    clientSecretEnv: 'OIDC_TEST_SECRET',
    redirectUri: REDIRECT,
    scopes: ['openid', 'profile', 'groups', 'systems'],
    rolesClaim: 'groups',
    roleMap: { ops: 'analyst' },
    ...overrides,
  });
  assert.ok(parsed);
  return parsed;
}

async function opened(overrides: Record<string, unknown> = {}, secret = SECRET): Promise<OidcSignOn> {
  const sso = new OidcSignOn(configOf(overrides), { roles: new RoleSet(), users, logger: createLogger('silent'), env: { OIDC_TEST_SECRET: secret }, pendingLimits: { ttlMs: 60_000, max: 100 } });
  await sso.open();
  return sso;
}

/** Start at logwarden, sign in at the provider as `login`, and hand the callback to complete(). */
async function flow(sso: OidcSignOn, login: string, options: { cancel?: boolean; at?: number; tamper?: boolean } = {}): Promise<OidcCompletion> {
  const { url, state } = await sso.begin('/ui/', NOW);
  const callback = await signInAtProvider(new CookieJar(), url, login, REDIRECT, options);
  if (options.tamper === true) callback.searchParams.set('code', `${callback.searchParams.get('code') ?? ''}x`);
  return sso.complete(callback.searchParams, state, options.at ?? NOW);
}

function reasonOf(outcome: OidcCompletion): string {
  assert.equal(outcome.ok, false, JSON.stringify(outcome));
  return outcome.ok ? '' : outcome.error.message;
}

describe('OidcSignOn against a local provider (R-ACCESS-1)', () => {
  before(async () => {
    provider = await startProvider({ port: await freeLoopbackPort(), clientId: 'rp', clientSecret: SECRET, redirectUri: REDIRECT, accounts: ACCOUNTS, claimsInIdToken: true });
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-oidc-'));
    users = new UserStore(dir, undefined);
    await users.open();
  });
  after(async () => {
    await provider.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('R-ACCESS-1: claims from the ID token give the role and, with systemsClaim, the systems; returnTo comes back', async () => {
    const outcome = await flow(await opened({ systemsClaim: 'systems' }), 'erin');
    assert.deepEqual(outcome, { ok: true, grant: { kind: 'user', name: 'erin', role: 'analyst', systems: ['web', 'db'] }, returnTo: '/ui/' });
    assert.match(reasonOf(await flow(await opened({ systemsClaim: 'systems' }), 'frank')), /sent no systems claim for user "frank"/);
  });

  test('R-ACCESS-1: the person cancelling at the provider is a refused sign-in naming the provider error', async () => {
    assert.match(reasonOf(await flow(await opened(), 'erin', { cancel: true })), /^single sign-on refused: the provider refused: access_denied/);
  });

  test('R-ACCESS-1: a wrong client secret and a tampered code are refused at the code exchange', async () => {
    assert.match(reasonOf(await flow(await opened({}, 'not-the-secret'), 'erin')), /the provider refused the code exchange: invalid_client/);
    assert.match(reasonOf(await flow(await opened(), 'erin', { tamper: true })), /the provider refused the code exchange: invalid_grant/);
  });

  test('R-ACCESS-1: a sign-in completed after its time is refused, even with a good code', async () => {
    assert.match(reasonOf(await flow(await opened(), 'erin', { at: NOW + 60_000 })), /unknown, took too long, or was completed already/);
  });

  test('R-ACCESS-1: a secret that is not there stops the start, with the reason', async () => {
    const sso = new OidcSignOn(configOf(), { roles: new RoleSet(), users, logger: createLogger('silent'), env: {} });
    await assert.rejects(sso.open(), /clientSecretEnv names OIDC_TEST_SECRET, which is not set/);
    const missingFile = new OidcSignOn(configOf({ clientSecretEnv: undefined, clientSecretFile: path.join(dir, 'absent') }), { roles: new RoleSet(), users, logger: createLogger('silent') });
    await assert.rejects(missingFile.open(), /access\.oidc\.clientSecretFile: cannot read/);
    const empty = path.join(dir, 'empty-secret');
    await writeFile(empty, '\n');
    const emptyFile = new OidcSignOn(configOf({ clientSecretEnv: undefined, clientSecretFile: empty }), { roles: new RoleSet(), users, logger: createLogger('silent') });
    await assert.rejects(emptyFile.open(), /is empty/);
  });
});
