// The audit hook on a real Fastify app with the real auth hook, token store and roles: what is
// recorded, with which outcome, that a change's intent is stored before the change runs, that no
// secret of the request reaches the trail, and that the answer is refused (fail closed) when the
// record cannot be stored. The sink stands in for the pipeline so that it can be made to refuse.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { RoleSet } from '../access/roles.ts';
import { SessionStore } from '../access/sessions.ts';
import { TokenStore } from '../access/tokens.ts';
import { LogwardenError } from '../errors/codes.ts';
import { createAuthHook } from '../http/auth.ts';
import { nativeErrorHandler } from '../http/error-reply.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { registerAuditHook } from './audit-hook.ts';
import { AuditTrail, type AuditSink } from './audit-trail.ts';

const T0 = Date.UTC(2031, 0, 2, 3, 4, 5);

class TestSink implements AuditSink {
  events: LogEvent[] = [];
  failing = false;
  async submit(events: LogEvent[]): Promise<void> {
    if (this.failing) throw new Error('the store is gone');
    this.events.push(...events);
  }
}

describe('the audit hook (R-ACCESS-2)', () => {
  let dir: string;
  let app: FastifyInstance;
  let admin: string;
  let reader: string;
  const sink = new TestSink();
  const metrics = createMetrics();
  /** What the change route did, and how many audit events were stored when it ran. */
  const changes: number[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-audit-hook-'));
    const clock = new ManualClock(T0);
    const tokens = new TokenStore(TokenStore.secretsDir(dir));
    admin = (await readFile((await tokens.open(dir, T0)) as string, 'utf8')).trim();
    reader = (await tokens.create('ci-reader', 'reader', { now: T0, createdBy: 'test' })).token;
    const roles = new RoleSet();
    app = Fastify({ logger: false });
    const logger = createLogger('silent');
    const limits = { maxFailures: 100, windowSeconds: 60, lockoutSeconds: 1, maxPeers: 100 };
    app.addHook('onRequest', createAuthHook({ access: { tokens, sessions: new SessionStore({}), roles }, limits, metrics, logger, clock }));
    registerAuditHook(app, new AuditTrail(() => sink, { clock, logger, metrics }));
    app.setErrorHandler(nativeErrorHandler(logger));
    app.get('/search', { config: { permission: 'events.read', audit: 'search' } }, async (request) => {
      request.auditDetails = { query: String((request.query as Record<string, string>)['q']), results: 2 };
      return { events: ['secret-result-1', 'secret-result-2'] };
    });
    app.get('/stream', { config: { permission: 'events.read', audit: 'export' } }, async (_request, reply) => reply.type('application/x-ndjson').send(Readable.from(['{"row":"streamed-data"}\n'])));
    app.get('/bad', { config: { permission: 'events.read', audit: 'count' } }, async () => {
      throw new LogwardenError('LW_BAD_REQUEST', 'no such thing');
    });
    app.post('/change', { config: { permission: 'tokens.manage', audit: 'token-change' } }, async (request) => {
      request.auditDetails = { target: 'new-token', change: 'create' };
      changes.push(sink.events.length);
      return { done: true };
    });
    app.get('/plain', { config: { permission: 'events.read' } }, async () => ({ ok: true }));
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sink.events = [];
    sink.failing = false;
    changes.length = 0;
  });

  const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` }, remoteAddress: '192.0.2.10' });
  const change = (token: string) => app.inject({ method: 'POST', url: '/change', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{}' });

  test('R-ACCESS-2: a successful search is recorded with who, from where, the query and the result count', async () => {
    const answer = await get('/search?q=error', reader);
    assert.equal(answer.statusCode, 200);
    assert.equal(sink.events.length, 1);
    const [event] = sink.events as [LogEvent];
    assert.equal(event['event.action'], 'search');
    assert.equal(event['event.outcome'], 'success');
    assert.equal(event['user.name'], 'ci-reader');
    assert.equal(event['source.ip'], '192.0.2.10');
    assert.equal(event['url.path'], '/search');
    assert.equal(event['logwarden.audit.query'], 'error');
    assert.equal(event['logwarden.audit.results'], 2);
  });

  test('R-ACCESS-2: an answer of 400 and over is a failure; routes without `audit` and unauthenticated requests are not recorded', async () => {
    assert.equal((await get('/bad', reader)).statusCode, 400);
    assert.equal(sink.events[0]?.['event.outcome'], 'failure');
    assert.equal(sink.events[0]?.['http.response.status_code'], 400);
    assert.equal((await get('/plain', reader)).statusCode, 200);
    assert.equal((await get('/search?q=x', 'lw_not-a-token')).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/search' })).statusCode, 401);
    assert.equal(sink.events.length, 1, 'only the 400');
  });

  test('R-ACCESS-2: a 403 on an audited route is recorded as access denied, and the change does not run', async () => {
    const refused = await change(reader);
    assert.equal(refused.statusCode, 403);
    assert.equal(changes.length, 0);
    assert.equal(sink.events.length, 1);
    assert.equal(sink.events[0]?.['event.outcome'], 'failure');
    assert.deepEqual(sink.events[0]?.['event.type'], ['change', 'denied']);
    assert.equal(sink.events[0]?.['user.name'], 'ci-reader');
  });

  test('R-ACCESS-2: a change is recorded before it runs (its intent) and after (its outcome)', async () => {
    assert.equal((await change(admin)).statusCode, 200);
    assert.deepEqual(changes, [1], 'the intent was stored before the route ran');
    assert.deepEqual(
      sink.events.map((event) => event['event.outcome']),
      ['unknown', 'success'],
    );
    assert.equal(sink.events[1]?.['logwarden.audit.target'], 'new-token');
    assert.deepEqual(sink.events[1]?.['event.type'], ['creation']);
  });

  test('R-ACCESS-2: fail closed: when the record cannot be stored the answer is LW_AUDIT_UNAVAILABLE, without the data', async () => {
    sink.failing = true;
    const before = metrics.auditFailures.get();
    const answer = await get('/search?q=error', reader);
    assert.equal(answer.statusCode, 503);
    assert.equal(answer.json<{ error: { code: string } }>().error.code, 'LW_AUDIT_UNAVAILABLE');
    assert.doesNotMatch(answer.body, /secret-result/);
    const streamed = await get('/stream', reader);
    assert.equal(streamed.statusCode, 503);
    assert.doesNotMatch(streamed.body, /streamed-data/);
    assert.match(String(streamed.headers['content-type']), /application\/json/);
    const failures = (await metrics.auditFailures.get()).values.reduce((sum, one) => sum + one.value, 0) - (await before).values.reduce((sum, one) => sum + one.value, 0);
    assert.equal(failures, 2);
  });

  test('R-ACCESS-2: fail closed: a change whose intent cannot be stored does not happen', async () => {
    sink.failing = true;
    const answer = await change(admin);
    assert.equal(answer.statusCode, 503);
    assert.equal(answer.json<{ error: { code: string } }>().error.code, 'LW_AUDIT_UNAVAILABLE');
    assert.equal(changes.length, 0, 'the route never ran');
  });

  test('R-ACCESS-2: no token, password, cookie, CSRF token or request body reaches the trail', async () => {
    const secrets = ['hunter2-password', 'session-id-0123456789', 'csrf-abcdef-987654', 'query-string-secret'];
    const answer = await app.inject({
      method: 'POST',
      url: `/change?password=${secrets[3]}`,
      headers: { authorization: `Bearer ${admin}`, cookie: `__Host-lw_session=${secrets[1]}`, 'x-csrf-token': secrets[2], 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x', password: secrets[0] }),
    });
    assert.equal(answer.statusCode, 200);
    assert.equal(sink.events.length, 2);
    const stored = JSON.stringify(sink.events);
    for (const secret of [admin, ...secrets]) assert.equal(stored.includes(secret), false, `${secret.slice(0, 12)}… must not be recorded`);
  });
});
