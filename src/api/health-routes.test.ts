// /healthz and /readyz answers for each state of the process: a load balancer sends no events to
// a logwarden that would refuse them (R-STORE-1), while /healthz keeps saying the process serves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { livenessOf, readinessOf } from './health-routes.ts';

const FULL = 'free disk space 10 bytes is below the reserve of 1024 bytes: new events are refused until space returns';

test('ready and accepting: both routes answer 200 {"status":"ok"}', () => {
  const state = { phase: 'ready', readOnlyReason: undefined } as const;
  assert.deepEqual(livenessOf(state), { statusCode: 200, body: { status: 'ok' } });
  assert.deepEqual(readinessOf(state), { statusCode: 200, body: { status: 'ok' } });
});

test('R-STORE-1: read-only on a full disk: /healthz 200 with the reason, /readyz 503 with the reason', () => {
  const state = { phase: 'ready', readOnlyReason: FULL } as const;
  assert.deepEqual(livenessOf(state), { statusCode: 200, body: { status: 'read-only', reason: FULL } });
  assert.deepEqual(readinessOf(state), { statusCode: 503, body: { status: 'read-only', reason: FULL } });
});

test('starting and stopping: both routes answer 503 with the phase and a reason, read-only or not', () => {
  for (const phase of ['starting', 'stopping'] as const) {
    for (const readOnlyReason of [undefined, FULL]) {
      for (const answer of [livenessOf({ phase, readOnlyReason }), readinessOf({ phase, readOnlyReason })]) {
        assert.equal(answer.statusCode, 503);
        assert.equal(answer.body.status, phase);
        assert.match(answer.body.reason ?? '', new RegExp(`^logwarden is ${phase}`));
      }
    }
  }
});
