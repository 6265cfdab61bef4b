// /healthz and /readyz answers for each state of the process: a load balancer sends no events to
// a logwarden that would refuse them (R-STORE-1), while /healthz keeps saying the process serves.
// Both list every component's health, so an operator sees which part is the matter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComponentStatus } from '../runtime/component.ts';
import { livenessOf, readinessOf } from './health-routes.ts';

const FULL = 'free disk space 10 bytes is below the reserve of 1024 bytes: new events are refused until space returns';
const UP: readonly ComponentStatus[] = [
  { name: 'store', status: 'ok' },
  { name: 'pipeline', status: 'ok' },
];

test('ready and accepting: both routes answer 200 {"status":"ok"} with the components', () => {
  const state = { phase: 'ready', readOnlyReason: undefined, components: UP } as const;
  assert.deepEqual(livenessOf(state), { statusCode: 200, body: { status: 'ok', components: UP } });
  assert.deepEqual(readinessOf(state), { statusCode: 200, body: { status: 'ok', components: UP } });
});

test('R-STORE-1: read-only on a full disk: /healthz 200 with the reason, /readyz 503 with the reason', () => {
  const components = [...UP, { name: 'disk-guard', status: 'degraded', reason: FULL } as const];
  const state = { phase: 'ready', readOnlyReason: FULL, components } as const;
  assert.deepEqual(livenessOf(state), { statusCode: 200, body: { status: 'read-only', reason: FULL, components } });
  assert.deepEqual(readinessOf(state), { statusCode: 503, body: { status: 'read-only', reason: FULL, components } });
});

test('a degraded component alone keeps both routes at 200; a down one makes /readyz 503 naming it', () => {
  const degraded = [...UP, { name: 'pipeline-queue', status: 'degraded', reason: 'queue full' } as const];
  assert.equal(readinessOf({ phase: 'ready', readOnlyReason: undefined, components: degraded }).statusCode, 200);
  const down = [...UP, { name: 'syslog.tcp', status: 'down', reason: 'socket closed' } as const];
  const state = { phase: 'ready', readOnlyReason: undefined, components: down } as const;
  assert.deepEqual(livenessOf(state), { statusCode: 200, body: { status: 'ok', components: down } }, 'the process still serves');
  assert.deepEqual(readinessOf(state), { statusCode: 503, body: { status: 'down', reason: 'syslog.tcp is down (socket closed)', components: down } });
});

test('starting and stopping: both routes answer 503 with the phase and a reason, read-only or not', () => {
  for (const phase of ['starting', 'stopping'] as const) {
    for (const readOnlyReason of [undefined, FULL]) {
      for (const answer of [livenessOf({ phase, readOnlyReason, components: UP }), readinessOf({ phase, readOnlyReason, components: UP })]) {
        assert.equal(answer.statusCode, 503);
        assert.equal(answer.body.status, phase);
        assert.match(answer.body.reason ?? '', new RegExp(`^logwarden is ${phase}`));
      }
    }
  }
});
