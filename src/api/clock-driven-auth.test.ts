// Token expiry and the failed-authentication throttle follow the server's clock, not the machine's
// (R-ACCESS-1): a real Fastify app with the real auth hook, token routes and token store, driven by
// a ManualClock, so a token expires and a lockout ends exactly when the clock says, without waiting.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { TokenStore } from '../access/tokens.ts';
import { RoleSet } from '../access/roles.ts';
import { SessionStore } from '../access/sessions.ts';
import type { LogwardenError } from '../errors/codes.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import { createAuthHook } from '../http/auth.ts';
import { registerTokenRoutes } from './token-routes.ts';

/** A time far from the machine's clock: anything read from Date.now() instead would show. */
const T0 = Date.UTC(2031, 0, 2, 3, 4, 5);
const MINUTE = 60_000;

describe('the server clock drives token expiry and the auth throttle (R-ACCESS-1)', () => {
  let dir: string;
  let clock: ManualClock;
  let app: FastifyInstance;
  let admin: string;
  const recorded: string[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-clock-'));
    clock = new ManualClock(T0);
    const tokens = new TokenStore(TokenStore.secretsDir(dir));
    const tokenFile = await tokens.open(dir, clock.now());
    admin = (await readFile(tokenFile as string, 'utf8')).trim();
    app = Fastify({ logger: false });
    app.removeAllContentTypeParsers(); // as the HTTP app does: routes parse their own bodies
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const limits = { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 120, maxPeers: 100 };
    app.addHook('onRequest', createAuthHook({ access: { tokens, sessions: new SessionStore({}), roles: new RoleSet() }, limits, metrics: createMetrics(), logger: createLogger('silent'), clock }));
    app.setErrorHandler((error: LogwardenError, _request, reply) => reply.code(error.status).send({ code: error.code, message: error.message }));
    registerTokenRoutes(app, {
      access: { tokens, roles: new RoleSet() },
      systems: ['web', 'db', 'logwarden', 'unassigned'],
      record: async (action, message) => void recorded.push(`${action}: ${message}`),
      clock,
    });
    app.get('/probe', { config: { permission: 'events.read' } }, async () => ({ ok: true }));
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const probe = (token: string, from = '127.0.0.1') => app.inject({ method: 'GET', url: '/probe', headers: { authorization: `Bearer ${token}` }, remoteAddress: from });

  test('a token made to expire in 1h expires at the clock time + 1h, and not a millisecond before', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: { name: 'short', role: 'reader', expires: '1h' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { token, expiresAt } = created.json<{ token: string; expiresAt: string }>();
    assert.equal(expiresAt, new Date(T0 + 60 * MINUTE).toISOString());
    assert.equal((await probe(token)).statusCode, 200);
    clock.advance(60 * MINUTE - 1);
    assert.equal((await probe(token)).statusCode, 200, 'valid until its expiry');
    clock.advance(1);
    const refused = await probe(token);
    assert.equal(refused.statusCode, 401);
    assert.match(refused.json<{ message: string }>().message, /expired/);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${admin}` } });
    assert.equal(listed.json<{ tokens: { name: string; state: string }[] }>().tokens.find((one) => one.name === 'short')?.state, 'expired');
    assert.equal(recorded.length, 1);
  });

  test('three failures lock the address out for exactly lockoutSeconds of clock time', async () => {
    const peer = '192.0.2.7';
    for (let n = 0; n < 3; n++) assert.equal((await probe('lw_not-a-token', peer)).statusCode, 401);
    assert.equal((await probe(admin, peer)).statusCode, 429, 'locked out, even with a valid token');
    clock.advance(120_000 - 1);
    assert.equal((await probe(admin, peer)).statusCode, 429);
    clock.advance(1);
    assert.equal((await probe(admin, peer)).statusCode, 200, 'the lockout ended when the clock said');
  });
});
