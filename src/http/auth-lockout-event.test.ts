// A burst of failed API authentications is recorded as logwarden's own event when it locks the
// peer out (R-EVENTS-1: use of the log management system itself; R-ACCESS-1), so the shipped
// rule pack (rules/logwarden/logwarden/api_auth_lockout.yml) can detect it: a real Fastify app
// with the real auth hook and token store, driven by a ManualClock.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { TokenStore } from '../access/tokens.ts';
import { RoleSet } from '../access/roles.ts';
import { SessionStore } from '../access/sessions.ts';
import type { LogwardenError } from '../errors/codes.ts';
import { internalEvent, type InternalAction } from '../ingest/internal-events.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { createAuthHook } from './auth.ts';

interface Recorded {
  readonly action: InternalAction;
  readonly message: string;
  readonly fields: LogEvent | undefined;
}

describe('an API lockout is recorded as a logwarden event (R-EVENTS-1, R-ACCESS-1)', () => {
  let dir: string;
  let app: FastifyInstance;
  const clock = new ManualClock(Date.UTC(2031, 0, 2, 3, 4, 5));
  const recorded: Recorded[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-lockout-'));
    const tokens = new TokenStore(TokenStore.secretsDir(dir));
    await tokens.open(dir, clock.now());
    app = Fastify({ logger: false });
    const limits = { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 120, maxPeers: 100 };
    const record = async (action: InternalAction, message: string, fields?: LogEvent): Promise<void> => void recorded.push({ action, message, fields });
    app.addHook(
      'onRequest',
      createAuthHook({ access: { tokens, sessions: new SessionStore({}), roles: new RoleSet() }, limits, metrics: createMetrics(), logger: createLogger('silent'), clock, record }),
    );
    app.setErrorHandler((error: LogwardenError, _request, reply) => reply.code(error.status).send({ code: error.code }));
    app.get('/probe', { config: { permission: 'events.read' } }, async () => ({ ok: true }));
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const probe = (from: string, authorization = 'Bearer lw_not-a-token') => app.inject({ method: 'GET', url: '/probe', headers: { authorization }, remoteAddress: from });

  test('failures below the limit record nothing; the one that locks the peer out records one event with its address', async () => {
    for (let n = 0; n < 2; n++) assert.equal((await probe('198.51.100.20')).statusCode, 401);
    assert.equal(recorded.length, 0);
    assert.equal((await probe('198.51.100.20')).statusCode, 401);
    assert.equal(recorded.length, 1);
    const [lockout] = recorded;
    assert.equal(lockout?.action, 'api-auth-locked-out');
    assert.deepEqual(lockout?.fields, { 'source.ip': '198.51.100.20', 'related.ip': ['198.51.100.20'] });
    assert.match(lockout?.message ?? '', /3 failed API authentications from 198\.51\.100\.20 within 60 s/);
  });

  test('requests refused during the lockout record no further event; a missing header never counts', async () => {
    for (let n = 0; n < 5; n++) assert.equal((await probe('198.51.100.20')).statusCode, 429);
    for (let n = 0; n < 5; n++) assert.equal((await app.inject({ method: 'GET', url: '/probe', remoteAddress: '198.51.100.21' })).statusCode, 401);
    assert.equal(recorded.length, 1);
  });

  test('the stored event is an authentication denial with the address, as the pack rule reads it', () => {
    const lockout = recorded[0] as Recorded;
    const event = internalEvent(lockout.action, lockout.message, clock.now(), lockout.fields);
    assert.equal(event['event.action'], 'api-auth-locked-out');
    assert.deepEqual([event['event.category'], event['event.type'], event['event.outcome']], [['authentication'], ['denied'], 'failure']);
    assert.equal(event['source.ip'], '198.51.100.20');
    assert.equal(event['logwarden.source.protocol'], 'internal', 'an internal event: the preparation gives it the system logwarden');
  });
});
