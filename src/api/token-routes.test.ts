// Tokens carry a role and a scope (R-ACCESS-1): a real Fastify app with the real auth hook, token
// routes and token store. A token names a role in force and systems of the inventory that its
// role reads, or it is refused naming what exists; the token it makes reads only its systems.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { RoleSet } from '../access/roles.ts';
import { scopeOf } from '../access/scope.ts';
import { SessionStore } from '../access/sessions.ts';
import { TokenStore } from '../access/tokens.ts';
import type { LogwardenError } from '../errors/codes.ts';
import { createAuthHook } from '../http/auth.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { scopeKey } from '../query/scope.ts';
import { ManualClock } from '../runtime/clock.ts';
import { registerTokenRoutes } from './token-routes.ts';

describe('token create --role --systems (R-ACCESS-1)', () => {
  let dir: string;
  let app: FastifyInstance;
  let admin: string;
  const recorded: string[] = [];
  const roles = new RoleSet([{ name: 'web-team', description: 'web', permissions: ['events.read'], systems: ['web'] }]);

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-token-routes-'));
    const clock = new ManualClock(Date.UTC(2031, 0, 2));
    const tokens = new TokenStore(TokenStore.secretsDir(dir));
    admin = (await readFile((await tokens.open(dir, clock.now())) as string, 'utf8')).trim();
    app = Fastify({ logger: false });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const limits = { maxFailures: 100, windowSeconds: 60, lockoutSeconds: 1, maxPeers: 100 };
    app.addHook('onRequest', createAuthHook({ access: { tokens, sessions: new SessionStore({}), roles }, limits, metrics: createMetrics(), logger: createLogger('silent'), clock }));
    app.setErrorHandler((error: LogwardenError, _request, reply) => reply.code(error.status).send({ code: error.code, message: error.message }));
    registerTokenRoutes(app, { access: { tokens, roles }, systems: ['web', 'db', 'unassigned', 'logwarden'], record: async (action, message) => void recorded.push(`${action}: ${message}`), clock });
    app.get('/whoami', { config: { permission: 'events.read' } }, async (request) => ({ role: request.principal?.role, scope: scopeKey(scopeOf(request.principal)) }));
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const create = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, payload });
  const whoami = async (token: string) => (await app.inject({ method: 'GET', url: '/whoami', headers: { authorization: `Bearer ${token}` } })).json<{ role: string; scope: string }>();

  test('a token with systems reads those only, and the list and the ledger record say so', async () => {
    const created = await create({ name: 'web-analyst', role: 'analyst', systems: ['web'] });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json<{ token: string; systems: string[]; role: string }>();
    assert.deepEqual(body.systems, ['web']);
    assert.deepEqual(await whoami(body.token), { role: 'analyst', scope: '["web"]|audit-of:"web-analyst"' });
    const listed = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${admin}` } });
    assert.deepEqual(listed.json<{ tokens: { name: string; systems?: string[] }[] }>().tokens.find((one) => one.name === 'web-analyst')?.systems, ['web']);
    assert.match(recorded.at(-1) ?? '', /token "web-analyst" \(role analyst, systems web, no expiry\)/);
    assert.ok(!recorded.some((line) => line.includes(body.token)), 'the secret is never recorded');
  });

  test('without systems the token reads every system its role reads', async () => {
    const created = await create({ name: 'all-auditor', role: 'auditor' });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(await whoami(created.json<{ token: string }>().token), { role: 'auditor', scope: 'all' });
    const custom = await create({ name: 'web-team-1', role: 'web-team' });
    assert.equal(custom.statusCode, 201, custom.body);
    assert.equal((await whoami(custom.json<{ token: string }>().token)).scope, '["web"]|audit-of:"web-team-1"');
  });

  test('an unknown role, an unknown system, a system outside the role or an empty list is 400 naming what exists', async () => {
    const cases: [object, RegExp][] = [
      [{ name: 'x1', role: 'superuser' }, /no role named "superuser"; the roles are admin, analyst, auditor, reader, ingest, third-party, web-team/],
      [{ name: 'x2', role: 'analyst', systems: ['web', 'mail'] }, /no system "mail" in the systems inventory; the systems are web, db, unassigned, logwarden/],
      [{ name: 'x3', role: 'web-team', systems: ['db'] }, /role "web-team" reads only web; not db/],
      [{ name: 'x4', role: 'analyst', systems: [] }, /at least one system/],
    ];
    for (const [payload, message] of cases) {
      const refused = await create(payload);
      assert.equal(refused.statusCode, 400, JSON.stringify(payload));
      assert.equal(refused.json<{ code: string }>().code, 'LW_BAD_REQUEST');
      assert.match(refused.json<{ message: string }>().message, message);
    }
    const listed = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${admin}` } });
    assert.ok(!listed.body.includes('"x1"') && !listed.body.includes('"x3"'), 'nothing refused was made');
  });
});
