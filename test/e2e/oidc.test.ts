// End to end: single sign-on through a real OpenID provider (oidc-provider, on loopback) and the
// built server, driven as a browser would: the authorization code flow with PKCE, the provider's
// own login and consent forms, the callback that signs the user in with a session cookie.
// R-ACCESS-1: only a user whose provider groups map to a role gets in, with that role; a replayed,
// forged or transplanted callback is refused; after sign-in the browser goes only to this server.
// R-ACCESS-2: sign-ins through the provider, refused ones included, are in the audit trail.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CookieJar, freeLoopbackPort, signInAtProvider, startProvider, visit, type LocalProvider } from '../helpers/oidc-provider.ts';
import { makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const STATE_COOKIE = '__Host-logwarden-oidc-state';
const SESSION_COOKIE = '__Host-logwarden-session';
const CLIENT = { clientId: 'logwarden', clientSecret: randomBytes(24).toString('base64url') };
const ACCOUNTS = {
  alice: { preferred_username: 'alice', groups: ['staff', 'logwarden-analysts'] },
  bob: { preferred_username: 'bob', groups: ['sales'] },
  carol: { preferred_username: 'carol', groups: ['logwarden-auditors'] },
};

let dataDir: string;
let server: SpawnedServer;
let provider: LocalProvider | undefined;
let providerPort: number;
let admin: string;
let callbackUri: string;

async function api(route: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(route, server.httpUrl), { headers, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

function errorOf(body: Record<string, unknown>): { code?: string; message?: string } {
  return (body['error'] ?? {}) as { code?: string; message?: string };
}

/** Begin a sign-in at logwarden as a fresh browser: its cookie jar and the provider URL it is sent to. */
async function begin(returnTo = '/ui/'): Promise<{ jar: CookieJar; authorizeUrl: URL; state: string }> {
  const jar = new CookieJar();
  const start = new URL(`/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`, server.httpUrl);
  const answer = await visit(jar, start);
  assert.equal(answer.status, 302, await answer.text());
  const state = jar.get(start.origin, STATE_COOKIE);
  assert.ok(state, 'the start binds its state to the browser in a cookie');
  return { jar, authorizeUrl: new URL(answer.headers.get('location') as string), state };
}

/** The whole browser flow for `login`; returns the callback's answer and the jar. */
async function signIn(login: string, returnTo = '/ui/'): Promise<{ jar: CookieJar; callback: URL; answer: Response; state: string }> {
  const { jar, authorizeUrl, state } = await begin(returnTo);
  const callback = await signInAtProvider(jar, authorizeUrl, login, callbackUri);
  const answer = await visit(jar, callback);
  return { jar, callback, answer, state };
}

async function auditedSignIns(): Promise<Record<string, unknown>[]> {
  const answer = await api('/api/v1/audit?action=sign-in&limit=1000', { authorization: `Bearer ${admin}` });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body['events'] as Record<string, unknown>[];
}

describe('single sign-on through OpenID Connect (R-ACCESS-1, R-ACCESS-2)', () => {
  before(async () => {
    dataDir = await makeDataDir();
    [providerPort] = [await freeLoopbackPort()];
    const serverPort = await freeLoopbackPort();
    callbackUri = `http://127.0.0.1:${serverPort}/api/v1/auth/oidc/callback`;
    const secretFile = path.join(dataDir, 'oidc-client-secret');
    await writeFile(secretFile, `${CLIENT.clientSecret}\n`, { mode: 0o600 });
    const configFile = path.join(dataDir, 'logwarden.yaml');
    const oidc = {
      issuer: `http://127.0.0.1:${providerPort}`,
      clientId: CLIENT.clientId,
      clientSecretFile: secretFile,
      redirectUri: callbackUri,
      scopes: ['openid', 'profile', 'groups'],
      rolesClaim: 'groups',
      roleMap: { 'logwarden-analysts': 'analyst', 'logwarden-auditors': 'auditor' },
    };
    await writeFile(configFile, JSON.stringify({ access: { oidc } })); // JSON is YAML
    server = await spawnServer(dataDir, ['--config', configFile, '--http', `127.0.0.1:${serverPort}`]);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
  });
  after(async () => {
    await provider?.close();
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  test('R-ACCESS-1: with the provider down logwarden serves, and single sign-on answers 503 until the provider is up', async () => {
    const down = await api('/api/v1/auth/oidc/start');
    assert.equal(down.status, 503, JSON.stringify(down.body));
    assert.equal(errorOf(down.body).code, 'LW_UNAVAILABLE');
    assert.match(errorOf(down.body).message ?? '', /OpenID provider http:\/\/127\.0\.0\.1:\d+ did not answer discovery/);
    provider = await startProvider({ port: providerPort, ...CLIENT, redirectUri: callbackUri, accounts: ACCOUNTS });
    const up = await api('/api/v1/auth/oidc/start');
    assert.equal(up.status, 302, JSON.stringify(up.body));
  });

  test('R-ACCESS-1: a user whose group maps to a role signs in through the provider with PKCE and gets a session with that role', async () => {
    const { jar, authorizeUrl } = await begin('/ui/search?q=a');
    assert.equal(authorizeUrl.origin, provider?.issuer);
    assert.equal(authorizeUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorizeUrl.searchParams.get('code_challenge') && authorizeUrl.searchParams.get('nonce') && authorizeUrl.searchParams.get('state'));
    assert.equal(authorizeUrl.searchParams.get('redirect_uri'), callbackUri);
    const callback = await signInAtProvider(jar, authorizeUrl, 'alice', callbackUri);
    assert.ok(callback.searchParams.get('code'), 'the provider sent a code back');
    const answer = await visit(jar, callback);
    assert.equal(answer.status, 302, await answer.text());
    assert.equal(answer.headers.get('location'), '/ui/search?q=a');
    const sessionLine = answer.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    assert.match(sessionLine ?? '', new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Strict$`));
    const cookie = jar.header(new URL(server.httpUrl));
    const me = await api('/api/v1/auth/me', { cookie });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body['name'], 'alice');
    assert.equal(me.body['kind'], 'user');
    assert.equal(me.body['role'], 'analyst');
    assert.equal((await api('/api/v1/search?q=*', { cookie })).status, 200, 'the session reads as an analyst');
    assert.equal(errorOf((await api('/api/v1/tokens', { cookie })).body).code, 'LW_AUTH_FORBIDDEN', 'and no more than an analyst');
    // Signing in again from the same browser (the provider remembers alice) ends the old session.
    const again = await visit(jar, new URL('/api/v1/auth/oidc/start', server.httpUrl));
    const secondCallback = await signInAtProvider(jar, new URL(again.headers.get('location') as string), 'alice', callbackUri);
    assert.equal((await visit(jar, secondCallback)).status, 302);
    assert.equal(errorOf((await api('/api/v1/auth/me', { cookie })).body).code, 'LW_SESSION_EXPIRED', 'the first session ended');
    assert.equal((await api('/api/v1/auth/me', { cookie: jar.header(new URL(server.httpUrl)) })).status, 200, 'the new one works');
  });

  test('R-ACCESS-1: a user whose groups map to no role is refused with LW_SIGN_IN_FAILED and gets no session', async () => {
    const { answer } = await signIn('bob');
    assert.equal(answer.status, 401);
    const body = (await answer.json()) as Record<string, unknown>;
    assert.equal(errorOf(body).code, 'LW_SIGN_IN_FAILED');
    assert.match(errorOf(body).message ?? '', /user "bob" has no role in logwarden: access\.oidc\.roleMap maps none of its values \(found groups sales\)/);
    assert.ok(!answer.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`)));
  });

  test('R-ACCESS-1: a replayed callback, a forged state and a callback carried to another browser are refused', async () => {
    const { callback, answer, state } = await signIn('carol');
    assert.equal(answer.status, 302, 'carol signs in once');
    const replay = await api(`${callback.pathname}${callback.search}`, { cookie: `${STATE_COOKIE}=${state}` });
    assert.equal(replay.status, 401);
    assert.match(errorOf(replay.body).message ?? '', /unknown, took too long, or was completed already/);
    const forged = await api('/api/v1/auth/oidc/callback?code=made-up&state=forged', { cookie: `${STATE_COOKIE}=forged` });
    assert.equal(errorOf(forged.body).code, 'LW_SIGN_IN_FAILED');
    assert.match(errorOf(forged.body).message ?? '', /unknown, took too long, or was completed already/);
    // An attacker's own sign-in, its callback sent to a victim whose browser started none (login CSRF).
    const attacker = await begin();
    const attackerCallback = await signInAtProvider(attacker.jar, attacker.authorizeUrl, 'alice', callbackUri);
    const victim = await api(`${attackerCallback.pathname}${attackerCallback.search}`);
    assert.equal(victim.status, 401);
    assert.match(errorOf(victim.body).message ?? '', /not started from this browser/);
  });

  test('R-ACCESS-1: returnTo must be a path on this server (no open redirect)', async () => {
    for (const returnTo of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'ui']) {
      const answer = await api(`/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
      assert.equal(answer.status, 400, returnTo);
      assert.equal(errorOf(answer.body).code, 'LW_BAD_REQUEST');
    }
  });

  test('R-ACCESS-1: a provider account cannot sign in under the name of a local user', async () => {
    const created = await fetch(new URL('/api/v1/users', server.httpUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'carol', role: 'admin', password: randomBytes(18).toString('base64url') }),
    });
    assert.equal(created.status, 201, await created.text());
    const { answer } = await signIn('carol');
    assert.equal(answer.status, 401);
    assert.match(errorOf((await answer.json()) as Record<string, unknown>).message ?? '', /"carol" is the name of a local \(password\) user/);
  });

  test('R-ACCESS-2: sign-ins through the provider, accepted and refused, are in the audit trail with who and the outcome', async () => {
    const events = await auditedSignIns();
    assert.ok(events.every((event) => event['event.action'] === 'sign-in' && (event['event.category'] as string[]).includes('logwarden-audit')));
    const of = (name: string, outcome: string): Record<string, unknown>[] => events.filter((event) => event['user.name'] === name && event['event.outcome'] === outcome);
    assert.ok(of('alice', 'success').length >= 1, JSON.stringify(events.slice(0, 3)));
    const bob = of('bob', 'failure');
    assert.ok(bob.length >= 1, 'the refused user is recorded under the name the provider gave');
    assert.match(String(bob[0]?.['message']), /"bob" from 127\.0\.0\.1 was refused single sign-on: user "bob" has no role in logwarden/);
    assert.ok(events.filter((event) => event['event.outcome'] === 'failure').length >= 5, 'replay, forgery, transplant and the local-name clash are failed sign-ins too');
    const text = JSON.stringify(events);
    assert.ok(!text.includes(CLIENT.clientSecret), 'the client secret is never in the trail');
  });
});
