// The notification plan, time by time (R-ANALYSE-2: automated alerts, escalated per the incident
// response process): group wait, group interval, repeat interval, escalation level by level,
// acknowledgement, silences, resolved/closed/reopened notices, and rule > route > default times.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { alertStateSchema, type AlertState } from '../alerts/alert-state.ts';
import { alertsSchema } from '../alerts/alerts-schema.ts';
import { notificationsSchema } from './notifications-schema.ts';
import { planNotices, stateAfter, type Plan } from './plan.ts';
import { routesFor, type AlertRoute } from './routing.ts';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const S = 1000;
const M = 60 * S;
const H = 60 * M;

function alertAt(overrides: Partial<AlertState> = {}): AlertState {
  return alertStateSchema.parse({
    rule: { id: 'ssh-brute', title: 'SSH brute force', level: 'high', revision: 'r1', tags: ['attack.credential-access'], ruleset: 'default' },
    group: { 'source.ip': '203.0.113.9' },
    state: 'open',
    detections: ['d1'],
    detectionCount: 1,
    firstSequence: 1,
    lastSequence: 1,
    firstSeen: T0,
    lastSeen: T0,
    firstReceived: T0,
    systems: ['linux'],
    hosts: ['web-1'],
    message: 'SSH brute force',
    why: { kind: 'threshold', values: { 'source.ip': '203.0.113.9' } },
    openedAt: T0,
    comments: [],
    change: { kind: 'create' },
    ...overrides,
  });
}

const config = notificationsSchema.parse({
  channels: [
    { name: 'ops', type: 'webhook', url: 'http://127.0.0.1:1/hook' },
    { name: 'lead', type: 'webhook', url: 'http://127.0.0.1:1/lead' },
    { name: 'ciso', type: 'webhook', url: 'http://127.0.0.1:1/ciso' },
  ],
  routes: [{ name: 'soc', channels: ['ops'], policy: 'incident' }],
  policies: [
    {
      name: 'incident',
      levels: [
        { channels: ['ops'], delay: '15m' },
        { channels: ['lead'], delay: '30m' },
        { channels: ['ciso'], delay: '1h' },
      ],
    },
  ],
});
const alerts = alertsSchema.parse({});
const soc: AlertRoute[] = routesFor(alertAt(), config, alerts);
const plain: AlertRoute[] = [{ name: 'plain', channels: ['ops'], timing: { groupWait: 30 * S, groupInterval: 5 * M, repeatInterval: 4 * H } }];

/** Apply a plan the way the scheduler does (progress stored in the alert), for the next step. */
function after(alert: AlertState, plan: Plan): AlertState {
  return stateAfter(alert, plan) ?? alert;
}

const kinds = (plan: Plan) => plan.notices.map((notice) => `${notice.kind}${notice.kind === 'escalation' ? notice.level : ''}:${notice.channel}`);

describe('notification plan (R-ANALYSE-2)', () => {
  test('R-ANALYSE-2: nothing before the group wait; the initial notice at openedAt + groupWait, once', () => {
    const alert = alertAt();
    const early = planNotices({ alert, routes: plain, silences: [], now: T0 + 29 * S });
    assert.deepEqual(early.notices, []);
    assert.equal(early.next, T0 + 30 * S);
    const due = planNotices({ alert, routes: plain, silences: [], now: T0 + 30 * S });
    assert.deepEqual(kinds(due), ['initial:ops']);
    const told = after(alert, due);
    assert.equal(told.change.kind, 'notify');
    assert.deepEqual(told.routes['plain'], { notifiedAt: T0 + 30 * S, notifiedCount: 1, notifications: 1, toldState: 'open' });
    const again = planNotices({ alert: told, routes: plain, silences: [], now: T0 + 31 * S });
    assert.deepEqual(again.notices, [], 'the initial notice fires once');
    assert.equal(again.next, T0 + 30 * S + 4 * H, 'next: the repeat');
  });

  test('R-ANALYSE-2: new detections are an update no sooner than groupInterval after the last notice', () => {
    let alert = after(alertAt(), planNotices({ alert: alertAt(), routes: plain, silences: [], now: T0 + 30 * S }));
    alert = { ...alert, detectionCount: 4 };
    const soon = planNotices({ alert, routes: plain, silences: [], now: T0 + 2 * M });
    assert.deepEqual(soon.notices, []);
    assert.equal(soon.next, T0 + 30 * S + 5 * M);
    const due = planNotices({ alert, routes: plain, silences: [], now: T0 + 30 * S + 5 * M });
    assert.deepEqual(kinds(due), ['update:ops']);
    alert = after(alert, due);
    assert.equal(alert.routes['plain']?.notifiedCount, 4);
    assert.deepEqual(planNotices({ alert, routes: plain, silences: [], now: T0 + 20 * M }).notices, [], 'no new detections: no update');
  });

  test('R-ANALYSE-2: an open alert repeats after repeatInterval; an acknowledged one does not, but still gets updates', () => {
    const told = after(alertAt(), planNotices({ alert: alertAt(), routes: plain, silences: [], now: T0 + 30 * S }));
    assert.deepEqual(kinds(planNotices({ alert: told, routes: plain, silences: [], now: T0 + 30 * S + 4 * H })), ['repeat:ops']);
    const acked = { ...told, state: 'acknowledged' as const, acknowledgedAt: T0 + M };
    const quiet = planNotices({ alert: acked, routes: plain, silences: [], now: T0 + 30 * S + 5 * H });
    assert.deepEqual(quiet.notices, []);
    assert.equal(quiet.next, undefined, 'nothing is due without a change');
    assert.deepEqual(kinds(planNotices({ alert: { ...acked, detectionCount: 2 }, routes: plain, silences: [], now: T0 + H })), ['update:ops']);
  });

  test('R-ANALYSE-2: escalation fires level by level after each level\u2019s delay while the alert is open', () => {
    let alert = alertAt();
    const initial = planNotices({ alert, routes: soc, silences: [], now: T0 + 30 * S });
    assert.deepEqual(kinds(initial), ['initial:ops'], 'level 1 (ops) goes with the initial notice, once per channel');
    alert = after(alert, initial);
    assert.equal(alert.routes['soc']?.level, 1);
    assert.equal(initial.next, T0 + 30 * S + 15 * M);
    assert.deepEqual(planNotices({ alert, routes: soc, silences: [], now: T0 + 15 * M }).notices, []);
    const second = planNotices({ alert, routes: soc, silences: [], now: T0 + 30 * S + 15 * M });
    assert.deepEqual(kinds(second), ['escalation2:lead']);
    alert = after(alert, second);
    assert.equal(alert.change.kind, 'escalate');
    assert.equal(second.next, T0 + 30 * S + 45 * M, 'level 3 is due level 2\u2019s delay after it fired');
    const third = planNotices({ alert, routes: soc, silences: [], now: T0 + 30 * S + 45 * M });
    assert.deepEqual(kinds(third), ['escalation3:ciso']);
    alert = after(alert, third);
    const last = planNotices({ alert, routes: soc, silences: [], now: T0 + 3 * H });
    assert.deepEqual(last.notices, [], 'no level beyond the last');
    assert.equal(last.next, T0 + 30 * S + 4 * H, 'only the repeat is left');
    const repeat = planNotices({ alert, routes: soc, silences: [], now: T0 + 30 * S + 4 * H });
    assert.deepEqual(kinds(repeat).sort(), ['repeat:ciso', 'repeat:lead', 'repeat:ops'], 'a repeat goes to every channel told so far');
  });

  test('R-ANALYSE-2: acknowledging stops escalation', () => {
    const alert = after(alertAt(), planNotices({ alert: alertAt(), routes: soc, silences: [], now: T0 + 30 * S }));
    const acked = { ...alert, state: 'acknowledged' as const };
    const plan = planNotices({ alert: acked, routes: soc, silences: [], now: T0 + 2 * H });
    assert.deepEqual(plan.notices, []);
    assert.equal(plan.next, undefined);
  });

  test('R-ANALYSE-2: resolved and closed notices go once to the channels told; a route that never told stays quiet', () => {
    let alert = after(alertAt(), planNotices({ alert: alertAt(), routes: soc, silences: [], now: T0 + 30 * S }));
    alert = after(alert, planNotices({ alert, routes: soc, silences: [], now: T0 + 30 * S + 15 * M }));
    alert = { ...alert, state: 'resolved', resolvedAt: T0 + H };
    const resolved = planNotices({ alert, routes: soc, silences: [], now: T0 + H });
    assert.deepEqual(kinds(resolved).sort(), ['resolved:lead', 'resolved:ops']);
    alert = after(alert, resolved);
    assert.deepEqual(planNotices({ alert, routes: soc, silences: [], now: T0 + 2 * H }).notices, [], 'once');
    alert = { ...alert, state: 'closed', disposition: 'true-positive' };
    const closed = planNotices({ alert, routes: soc, silences: [], now: T0 + 2 * H });
    assert.deepEqual(kinds(closed).sort(), ['closed:lead', 'closed:ops']);
    const never = alertAt({ state: 'resolved', resolvedAt: T0 + 10 * S });
    assert.deepEqual(planNotices({ alert: never, routes: soc, silences: [], now: T0 + H }).notices, []);
  });

  test('R-ANALYSE-2: a reopened alert is told once and escalates again from its level', () => {
    let alert = after(alertAt(), planNotices({ alert: alertAt(), routes: soc, silences: [], now: T0 + 30 * S }));
    alert = after({ ...alert, state: 'resolved' }, planNotices({ alert: { ...alert, state: 'resolved' }, routes: soc, silences: [], now: T0 + M }));
    alert = { ...alert, state: 'open' };
    const reopened = planNotices({ alert, routes: soc, silences: [], now: T0 + H });
    assert.deepEqual(kinds(reopened), ['reopened:ops']);
    alert = after(alert, reopened);
    assert.deepEqual(planNotices({ alert, routes: soc, silences: [], now: T0 + H + M }).notices, []);
    assert.equal(reopened.next, T0 + H + 15 * M);
    assert.deepEqual(kinds(planNotices({ alert, routes: soc, silences: [], now: T0 + H + 15 * M })), ['escalation2:lead']);
  });

  test('R-ANALYSE-2: a silence holds what is due, marks the alert once per silence, and it goes out when the silence ends', () => {
    const alert = alertAt();
    const silences = [{ id: 'sil-1', until: T0 + H }];
    const held = planNotices({ alert, routes: plain, silences, now: T0 + 30 * S });
    assert.deepEqual(held.notices, []);
    assert.deepEqual(
      held.held.map((notice) => notice.channel),
      ['ops'],
    );
    assert.deepEqual(held.newSuppressions, ['sil-1']);
    assert.equal(held.next, T0 + H, 'look again when the silence ends');
    const marked = after(alert, held);
    assert.equal(marked.change.kind, 'suppress');
    assert.deepEqual(marked.suppressedBy, ['sil-1']);
    assert.deepEqual(marked.routes, {}, 'progress is not advanced by a held notice');
    const again = planNotices({ alert: marked, routes: plain, silences, now: T0 + M });
    assert.deepEqual(again.newSuppressions, []);
    assert.equal(stateAfter(marked, again), undefined, 'one suppress transition per silence');
    assert.deepEqual(kinds(planNotices({ alert: marked, routes: plain, silences: [], now: T0 + H })), ['initial:ops']);
  });

  test('R-ANALYSE-2: a silence that holds nothing due changes nothing', () => {
    const plan = planNotices({ alert: alertAt(), routes: plain, silences: [{ id: 'sil-1', until: T0 + H }], now: T0 + 10 * S });
    assert.deepEqual(plan.newSuppressions, []);
    assert.equal(plan.next, T0 + 30 * S);
    assert.equal(stateAfter(alertAt(), plan), undefined);
  });

  test('R-ANALYSE-2: every route is planned apart, and routes no longer configured keep their progress', () => {
    const fast: AlertRoute = { name: 'fast', channels: ['lead'], timing: { groupWait: 0, groupInterval: 5 * M, repeatInterval: 4 * H } };
    const alert = alertAt({ routes: { gone: { notifiedAt: T0, notifiedCount: 1, notifications: 1 } } });
    const plan = planNotices({ alert, routes: [...plain, fast], silences: [], now: T0 });
    assert.deepEqual(kinds(plan), ['initial:lead']);
    assert.equal(plan.next, T0 + 30 * S);
    const next = after(alert, plan);
    assert.deepEqual(Object.keys(next.routes).sort(), ['fast', 'gone']);
  });

  test('R-ANALYSE-2: property — planning again at the same time after storing a plan sends nothing, and next is never in the past', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 * H }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }), (steps, detections) => {
        let alert = alertAt();
        let now = T0;
        steps.forEach((step, index) => {
          now += step;
          alert = { ...alert, detectionCount: alert.detectionCount + (detections[index] ?? 0) };
          const plan = planNotices({ alert, routes: soc, silences: [], now });
          alert = after(alert, plan);
          const again = planNotices({ alert, routes: soc, silences: [], now });
          assert.deepEqual(again.notices, []);
          if (again.next !== undefined) assert.ok(again.next > now);
        });
      }),
    );
  });
});
