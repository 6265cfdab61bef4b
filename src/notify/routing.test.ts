// Which routes take an alert and with which times (R-ANALYSE-2: routes choose escalation by rule
// level, tags and system).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alertsSchema } from '../alerts/alerts-schema.ts';
import { notificationsSchema } from './notifications-schema.ts';
import { routeMatches, routesFor, timingFor } from './routing.ts';

const rule = (level: 'low' | 'high' | 'critical', tags: string[] = []) => ({ id: 'r-1', title: 'Rule one', level, revision: 'x', tags, ruleset: 'default' });

const notifications = notificationsSchema.parse({
  channels: [
    { name: 'ops', type: 'webhook', url: 'http://127.0.0.1:9/ops' },
    { name: 'pager', type: 'webhook', url: 'http://127.0.0.1:9/pager' },
  ],
  routes: [
    { channels: ['ops'] },
    { name: 'critical', match: { level: ['high', 'critical'], tags: ['attack.t1110', 'attack.credential-access'] }, channels: ['pager'], policy: 'p', groupWait: '5s' },
    { name: 'windows', match: { system: ['windows', 'ad'] }, channels: ['ops'], repeatInterval: '1h' },
  ],
  policies: [{ name: 'p', levels: [{ channels: ['pager'], delay: '10m' }] }],
});

describe('routing (R-ANALYSE-2)', () => {
  test('R-ANALYSE-2: a route without match takes every alert; every matching route takes it, in order', () => {
    const low = routesFor({ rule: rule('low'), systems: ['linux'] }, notifications, alertsSchema.parse({}));
    assert.deepEqual(
      low.map((route) => route.name),
      ['route-1'],
    );
    const both = routesFor({ rule: rule('critical', ['attack.credential-access', 'attack.t1110', 'x']), systems: ['ad'] }, notifications, alertsSchema.parse({}));
    assert.deepEqual(
      both.map((route) => route.name),
      ['route-1', 'critical', 'windows'],
    );
    assert.equal(both[1]?.policy?.name, 'p');
  });

  test('R-ANALYSE-2: level is any of the list, tags are all required, system is any of the alert\u2019s', () => {
    const critical = notifications.routes[1] as (typeof notifications.routes)[number];
    assert.equal(routeMatches(critical, { rule: rule('high', ['attack.t1110', 'attack.credential-access']), systems: [] }), true);
    assert.equal(routeMatches(critical, { rule: rule('low', ['attack.t1110', 'attack.credential-access']), systems: [] }), false, 'level not in list');
    assert.equal(routeMatches(critical, { rule: rule('high', ['attack.t1110']), systems: [] }), false, 'a tag missing');
    const windows = notifications.routes[2] as (typeof notifications.routes)[number];
    assert.equal(routeMatches(windows, { rule: rule('low'), systems: ['linux', 'windows'] }), true);
    assert.equal(routeMatches(windows, { rule: rule('low'), systems: ['linux'] }), false);
    const single = notificationsSchema.parse({ channels: [{ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:9/' }], routes: [{ match: { level: 'high', system: 'ad' }, channels: ['ops'] }] });
    assert.equal(routeMatches(single.routes[0] as (typeof single.routes)[number], { rule: rule('high'), systems: ['ad'] }), true, 'a single value reads as a list of one');
  });

  test('R-ANALYSE-2: times: rule override (by id, else title) > route > alerts defaults, field by field', () => {
    const alerts = alertsSchema.parse({
      groupWait: '10s',
      rules: [
        { rule: 'Rule one', groupInterval: '2m' },
        { rule: 'other', groupWait: '1s' },
      ],
    });
    assert.deepEqual(timingFor({ rule: rule('high') }, { groupWait: 5000 }, alerts), { groupWait: 5000, groupInterval: 120_000, repeatInterval: 4 * 3_600_000 });
    assert.deepEqual(timingFor({ rule: rule('high') }, {}, alerts), { groupWait: 10_000, groupInterval: 120_000, repeatInterval: 4 * 3_600_000 });
    const byId = alertsSchema.parse({
      rules: [
        { rule: 'Rule one', groupWait: '3s' },
        { rule: 'r-1', groupWait: '2s' },
      ],
    });
    assert.equal(timingFor({ rule: rule('high') }, { groupWait: 5000 }, byId).groupWait, 2000, 'the rule named by id wins over the one named by title');
    assert.deepEqual(timingFor({ rule: rule('high') }, {}, alertsSchema.parse({})), { groupWait: 30_000, groupInterval: 300_000, repeatInterval: 14_400_000 }, 'the Grafana-like defaults');
  });
});
