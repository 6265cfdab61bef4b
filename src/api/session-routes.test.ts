// Browser sign-in end to end inside one process (R-ACCESS-1, R-ACCESS-2): a real Fastify app with
// the real auth hook, user and session stores, sign-in, user and probe routes, driven by a
// ManualClock. The cookie and its attributes, CSRF refused and accepted, a bearer token needing
// none, an expired session, sign-out, a role change and a disable applying to an open session, the
// one refusal for every failed sign-in, and the audit details each route leaves.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { RoleSet } from '../access/roles.ts';
import { SESSION_COOKIE, SessionStore } from '../access/sessions.ts';
import { TokenStore } from '../access/tokens.ts';
import { UserStore } from '../access/users.ts';
import type { AuditDetails } from '../audit/audit-action.ts';
import { configSchema } from '../config/schema.ts';
import { meResponse, signInResponse, userInfo, userListResponse } from '../contracts/users.ts';
import { createAuthHook } from '../http/auth.ts';
import { nativeErrorHandler } from '../http/error-reply.ts';
import { PeerGuard } from '../http/peer-guard.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerUserRoutes } from './user-routes.ts';

const T0 = Date.UTC(2031, 6, 8, 9, 10, 11);
const MINUTE = 60_000;
const PASSWORD = 'tarnished-brass-kettle';

describe('sign-in, sessions and CSRF through the auth hook (R-ACCESS-1)', () => {
  let dir: string;
  let app: FastifyInstance;
  let admin: string;
  let reader: string;
  const clock = new ManualClock(T0);
  const audited: { action: string | undefined; status: number; details: AuditDetails | undefined; principal: string | undefined }[] = [];
  const intents: (AuditDetails | undefined)[] = [];
  let peerCounter = 0;
  /** A fresh peer address per test, so the peer throttle of one test does not reach the next. */
  const freshPeer = (): string => `192.0.2.${++peerCounter}`;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-sessions-'));
    const config = configSchema.parse({ http: { authThrottle: { maxFailures: 6, windowSeconds: 60, lockoutSeconds: 60 } }, access: { users: { lockout: { maxFailures: 3 } } } });
    const tokens = new TokenStore(TokenStore.secretsDir(dir));
    admin = (await readFile((await tokens.open(dir, clock.now())) as string, 'utf8')).trim();
    reader = (await tokens.create('script', 'reader', { now: clock.now() })).token;
    const users = new UserStore(TokenStore.secretsDir(dir), config.access.users);
    await users.open();
    const access = { tokens, users, sessions: new SessionStore(config.access.users), roles: new RoleSet() };
    const logger = createLogger('silent');
    const metrics = createMetrics();
    const guard = new PeerGuard({ limits: config.http.authThrottle, metrics, logger });
    app = Fastify({ logger: false });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.addHook('onRequest', createAuthHook({ access, limits: config.http.authThrottle, metrics, logger, clock, guard }));
    // Where the audit hook records a change's intent: the details must already name the user.
    app.addHook('preHandler', async (request) => {
      if (request.routeOptions.config.audit === 'user-change') intents.push(request.auditDetails);
    });
    app.addHook('onResponse', async (request, reply) => {
      audited.push({ action: request.routeOptions.config.audit, status: reply.statusCode, details: request.auditDetails, principal: request.principal?.name });
    });
    app.setErrorHandler(nativeErrorHandler(logger));
    registerSessionRoutes(app, { config, access, clock, logger, guard });
    registerUserRoutes(app, { access, clock });
    app.get('/probe', { config: { permission: 'events.read' } }, async (request) => ({ who: request.principal?.name, kind: request.principal?.kind, scope: request.principal?.scope }));
    app.post('/probe', { config: { permission: 'events.read' } }, async () => ({ changed: true }));
    await users.add({ name: 'alice', role: 'analyst', systems: ['web'], password: PASSWORD }, 'test', clock.now());
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const json = (payload: unknown, headers: Record<string, string> = {}) => ({ headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
  const signIn = (user: string, password: string, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ user, password }), remoteAddress });
  const withCookie = (id: string, extra: Record<string, string> = {}) => ({ cookie: `theme=dark; ${SESSION_COOKIE}=${id}; other=1`, ...extra });
  const errorOf = (response: LightMyRequestResponse): { code: string; message: string } => response.json<{ error: { code: string; message: string } }>().error;
  const asAdmin = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${admin}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  async function signedIn(): Promise<{ id: string; csrfToken: string }> {
    const response = await signIn('alice', PASSWORD);
    assert.equal(response.statusCode, 200, response.body);
    const cookie = String(response.headers['set-cookie']);
    const id = new RegExp(`^${SESSION_COOKIE}=([A-Za-z0-9_-]+);`).exec(cookie)?.[1];
    assert.ok(id, cookie);
    return { id, csrfToken: signInResponse.parse(response.json()).csrfToken };
  }

  test('R-ACCESS-1: a sign-in sets a __Host- cookie (Secure, HttpOnly, SameSite=Strict, Path=/, no Domain) and answers the role and CSRF token', async () => {
    const response = await signIn('alice', PASSWORD);
    assert.equal(response.statusCode, 200, response.body);
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Strict$`));
    const body = signInResponse.parse(response.json());
    assert.deepEqual(
      { ...body, csrfToken: '', permissions: [] },
      { user: 'alice', role: 'analyst', systems: ['web'], permissions: [], csrfToken: '', expiresAt: new Date(clock.now() + 12 * 60 * MINUTE).toISOString() },
    );
    assert.ok(body.permissions.includes('events.read') && !body.permissions.includes('users.manage'));
    assert.ok(!response.body.includes('argon2'), 'no hash in the answer');
    const last = audited.at(-1);
    assert.deepEqual([last?.action, last?.status, last?.details?.userName, last?.principal], ['sign-in', 200, 'alice', 'alice']);
  });

  test('R-ACCESS-1: the cookie authenticates reads; /auth/me gives the CSRF token; a POST needs X-CSRF-Token, a bearer token does not', async () => {
    const { id, csrfToken } = await signedIn();
    const read = await app.inject({ method: 'GET', url: '/probe', headers: withCookie(id) });
    assert.equal(read.statusCode, 200, read.body);
    const { who, kind, scope } = read.json<{ who: string; kind: string; scope: { kind: string; systems?: string[] } }>();
    assert.deepEqual([who, kind, scope.kind, scope.systems], ['alice', 'user', 'systems', ['web']]);
    const me = meResponse.parse((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: withCookie(id) })).json());
    assert.deepEqual([me.name, me.kind, me.role, me.systems, me.csrfToken], ['alice', 'user', 'analyst', ['web'], csrfToken]);
    const missing = await app.inject({ method: 'POST', url: '/probe', headers: withCookie(id) });
    assert.deepEqual([missing.statusCode, errorOf(missing).code], [403, 'LW_CSRF_INVALID']);
    const wrong = await app.inject({ method: 'POST', url: '/probe', headers: withCookie(id, { 'x-csrf-token': `${csrfToken}x` }) });
    assert.deepEqual([wrong.statusCode, errorOf(wrong).code], [403, 'LW_CSRF_INVALID']);
    const right = await app.inject({ method: 'POST', url: '/probe', headers: withCookie(id, { 'x-csrf-token': csrfToken }) });
    assert.equal(right.statusCode, 200, right.body);
    const bearer = await app.inject({ method: 'POST', url: '/probe', headers: { authorization: `Bearer ${reader}` } });
    assert.equal(bearer.statusCode, 200, 'tokens need no CSRF token');
    const tokenMe = meResponse.parse((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${reader}` } })).json());
    assert.deepEqual([tokenMe.name, tokenMe.kind, tokenMe.role, tokenMe.csrfToken, tokenMe.systems], ['script', 'token', 'reader', undefined, undefined]);
  });

  test('R-ACCESS-1: signing in again with an old cookie ends that session: every sign-in gets a new id', async () => {
    const first = await signedIn();
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', ...json({ user: 'alice', password: PASSWORD }, withCookie(first.id)) });
    assert.equal(again.statusCode, 200, again.body);
    assert.ok(!String(again.headers['set-cookie']).includes(first.id));
    assert.equal((await app.inject({ method: 'GET', url: '/probe', headers: withCookie(first.id) })).statusCode, 401);
  });

  test('R-ACCESS-1: an Authorization header wins over the cookie; an unknown or malformed cookie is an ended session', async () => {
    const { id } = await signedIn();
    const bad = await app.inject({ method: 'GET', url: '/probe', headers: withCookie(id, { authorization: 'Bearer lw_not-a-token' }), remoteAddress: freshPeer() });
    assert.deepEqual([bad.statusCode, errorOf(bad).code], [401, 'LW_AUTH_INVALID']);
    for (const value of ['A'.repeat(43), 'not base64url!', '']) {
      const response = await app.inject({ method: 'GET', url: '/probe', headers: { cookie: `${SESSION_COOKIE}=${value}` } });
      assert.deepEqual([response.statusCode, errorOf(response).code], [401, 'LW_SESSION_EXPIRED'], value);
    }
  });

  test('R-ACCESS-1: a session unused for idleMinutes has expired; sign-out ends one and clears the cookie', async () => {
    const idle = await signedIn();
    clock.advance(30 * MINUTE);
    const expired = await app.inject({ method: 'GET', url: '/probe', headers: withCookie(idle.id) });
    assert.deepEqual([expired.statusCode, errorOf(expired).code], [401, 'LW_SESSION_EXPIRED']);
    const { id, csrfToken } = await signedIn();
    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: withCookie(id) });
    assert.equal(noCsrf.statusCode, 403, 'signing out is a change: a page on another site may not do it');
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: withCookie(id, { 'x-csrf-token': csrfToken }) });
    assert.equal(out.statusCode, 204, out.body);
    assert.match(String(out.headers['set-cookie']), new RegExp(`^${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0$`));
    assert.deepEqual([audited.at(-1)?.action, audited.at(-1)?.principal], ['sign-out', 'alice']);
    const after = await app.inject({ method: 'GET', url: '/probe', headers: withCookie(id) });
    assert.deepEqual([after.statusCode, errorOf(after).code], [401, 'LW_SESSION_EXPIRED']);
    const tokenOut = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { authorization: `Bearer ${reader}` } });
    assert.equal(tokenOut.statusCode, 400, 'a token has no session to end');
  });

  test('R-ACCESS-1: a role change applies to an open session at once; a disable ends it', async () => {
    const { id } = await signedIn();
    assert.equal((await asAdmin('PUT', '/api/v1/users/alice/roles', { role: 'ingest' })).statusCode, 200);
    const forbidden = await app.inject({ method: 'GET', url: '/probe', headers: withCookie(id) });
    assert.deepEqual([forbidden.statusCode, errorOf(forbidden).code], [403, 'LW_AUTH_FORBIDDEN']);
    assert.equal((await asAdmin('PUT', '/api/v1/users/alice/roles', { role: 'auditor' })).statusCode, 200);
    const widened = await app.inject({ method: 'GET', url: '/probe', headers: withCookie(id) });
    assert.equal(widened.json<{ scope: { kind: string } }>().scope.kind, 'all', 'without systems: every system');
    assert.equal((await asAdmin('POST', '/api/v1/users/alice/disable')).statusCode, 200);
    const ended = await app.inject({ method: 'GET', url: '/probe', headers: withCookie(id) });
    assert.deepEqual([ended.statusCode, errorOf(ended).code], [401, 'LW_SESSION_EXPIRED']);
    assert.equal((await asAdmin('POST', '/api/v1/users/alice/enable')).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/probe', headers: withCookie(id) })).statusCode, 401, 'enabling again does not revive the session');
    assert.equal((await asAdmin('PUT', '/api/v1/users/alice/roles', { role: 'analyst', systems: ['web'] })).statusCode, 200);
  });

  test('R-ACCESS-1: unknown name, wrong password, disabled and locked-out users all get the same refusal; the audit says who tried', async () => {
    await asAdmin('POST', '/api/v1/users', { name: 'bob', role: 'reader', password: 'bobs-long-password' });
    await asAdmin('POST', '/api/v1/users', { name: 'carol', role: 'reader', password: 'a-long-password-of-c' });
    await asAdmin('POST', '/api/v1/users/carol/disable');
    const refusals: LightMyRequestResponse[] = [
      await signIn('nobody', PASSWORD, freshPeer()),
      await signIn('bob', 'wrong-password', freshPeer()),
      await signIn('carol', 'a-long-password-of-c', freshPeer()),
    ];
    const details = [audited.at(-3)?.details, audited.at(-2)?.details, audited.at(-1)?.details];
    for (let n = 0; n < 2; n++) await signIn('bob', 'wrong-password', freshPeer());
    refusals.push(await signIn('bob', 'bobs-long-password', freshPeer()));
    details.push(audited.at(-1)?.details);
    const bodies = refusals.map((response) => [response.statusCode, response.body]);
    assert.deepEqual(bodies, Array(4).fill(bodies[0]), 'one answer for all four');
    assert.deepEqual(errorOf(refusals[0] as LightMyRequestResponse).code, 'LW_SIGN_IN_FAILED');
    assert.deepEqual(
      details.map((one) => [one?.userName, /refused: ([a-z-]+)/.exec(one?.message ?? '')?.[1]]),
      [
        ['nobody', 'unknown-user'],
        ['bob', 'wrong-password'],
        ['carol', 'disabled'],
        ['bob', 'locked-out'],
      ],
    );
    assert.equal(audited.at(-1)?.principal, undefined, 'a failed sign-in has no principal');
  });

  test('R-ACCESS-1: failed sign-ins count against the peer address like failed tokens', async () => {
    const peer = freshPeer();
    for (let n = 0; n < 6; n++) assert.equal((await signIn(`guess-${n}`, 'whatever-it-is', peer)).statusCode, 401);
    assert.equal((await signIn('alice', PASSWORD, peer)).statusCode, 429, 'locked out, even with the right password');
    assert.equal((await app.inject({ method: 'GET', url: '/probe', headers: { authorization: `Bearer ${reader}` }, remoteAddress: peer })).statusCode, 429, 'and on every route');
    clock.advance(60_000);
    assert.equal((await signIn('alice', PASSWORD, peer)).statusCode, 200);
  });

  test('R-ACCESS-1: sign-in bodies are JSON only, and a malformed one is refused without quoting it', async () => {
    const secret = 'do-not-echo-this-secret';
    const broken = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: `{"user":"alice","password":"${secret}` });
    assert.equal(broken.statusCode, 400);
    assert.ok(!broken.body.includes(secret), broken.body);
    const form = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ user: 'alice', password: PASSWORD }) });
    assert.equal(form.statusCode, 415, 'a cross-site form cannot sign a browser in');
    const extra = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', ...json({ user: 'alice', password: PASSWORD, role: 'admin' }) });
    assert.equal(extra.statusCode, 400);
  });

  test('R-ACCESS-1: the user admin API needs users.manage, checks roles and the policy, never answers hashes, and names its change for the audit', async () => {
    const byReader = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${reader}` } });
    assert.equal(byReader.statusCode, 403);
    const noRole = await asAdmin('POST', '/api/v1/users', { name: 'dave', role: 'superuser', password: 'daves-long-password' });
    assert.equal(noRole.statusCode, 400);
    assert.match(errorOf(noRole).message, /no role named "superuser"; the roles are admin, analyst, auditor, reader, ingest, third-party/);
    const weak = await asAdmin('POST', '/api/v1/users', { name: 'dave', role: 'reader', password: 'password1234' });
    assert.deepEqual([weak.statusCode, errorOf(weak).code], [400, 'LW_PASSWORD_POLICY']);
    assert.ok(!weak.body.includes('password1234'));
    const added = await asAdmin('POST', '/api/v1/users', { name: 'dave@example.org', role: 'reader', systems: ['db'], password: 'daves-long-password' });
    assert.equal(added.statusCode, 201, added.body);
    assert.deepEqual(userInfo.parse(added.json()).createdBy, 'token:initial-admin');
    assert.deepEqual([audited.at(-1)?.action, audited.at(-1)?.details], ['user-change', { target: 'dave@example.org', change: 'add' }]);
    assert.deepEqual(intents.at(-1), { target: 'dave@example.org', change: 'add' }, 'named before the route runs');
    const listed = await asAdmin('GET', '/api/v1/users');
    assert.ok(!listed.body.includes('argon2') && !listed.body.includes('passwordHash'));
    assert.ok(userListResponse.parse(listed.json()).users.some((one) => one.name === 'dave@example.org' && one.systems?.[0] === 'db'));
    const { id } = await (async () => {
      const response = await signIn('dave@example.org', 'daves-long-password');
      return { id: /=([^;]+);/.exec(String(response.headers['set-cookie']))?.[1] as string };
    })();
    const reset = await asAdmin('PUT', '/api/v1/users/dave@example.org/password', { password: 'a-new-long-password' });
    assert.equal(reset.statusCode, 200, reset.body);
    assert.deepEqual(audited.at(-1)?.details, { target: 'dave@example.org', change: 'password' });
    assert.deepEqual(intents.at(-1), { target: 'dave@example.org', change: 'password' });
    assert.equal((await app.inject({ method: 'GET', url: '/probe', headers: withCookie(id) })).statusCode, 401, 'a new password ends the sessions');
    assert.equal((await asAdmin('POST', '/api/v1/users/nobody/disable')).statusCode, 404);
  });

  test('R-ACCESS-1: a signed-in user changes their own password; their other sessions end, this one stays', async () => {
    const [one, two] = [await signedIn(), await signedIn()];
    const change = (currentPassword: string, newPassword: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/password', ...json({ currentPassword, newPassword }, withCookie(one.id, { 'x-csrf-token': one.csrfToken })) });
    assert.equal((await change('not-the-password', 'a-second-long-secret')).statusCode, 401);
    assert.equal((await change(PASSWORD, 'a-second-long-secret')).statusCode, 204);
    assert.deepEqual(intents.at(-1), { target: 'alice', change: 'password' });
    assert.equal((await app.inject({ method: 'GET', url: '/probe', headers: withCookie(one.id) })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/probe', headers: withCookie(two.id) })).statusCode, 401);
    assert.equal((await signIn('alice', 'a-second-long-secret')).statusCode, 200);
    const byToken = await app.inject({ method: 'POST', url: '/api/v1/auth/password', ...json({ currentPassword: 'x', newPassword: 'a-second-long-secret' }, { authorization: `Bearer ${reader}` }) });
    assert.equal(byToken.statusCode, 400);
  });
});
