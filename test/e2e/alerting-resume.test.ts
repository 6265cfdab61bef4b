// Alerting end to end, when things go wrong (R-ANALYSE-2): the built server with the world of
// alerting-world.ts (email, signed webhooks, syslog to rsyslogd; high alerts to a policy of two
// levels). A server stopped in the middle of an escalation and started again resumes it and
// fires it once; a silence holds an alert's notifications back while its detection and the alert
// still appear; a webhook receiver answering 500 gets the configured number of tries and then the
// delivery is a dead letter in `GET /api/v1/notifications?status=dead`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { alertDetailResponse, alertsResponse, detectionsResponse, notificationsResponse, silenceResponse, type AlertContract } from '../../src/contracts/index.ts';
import type { WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { BRUTE_FORCE_BY_SOURCE, api, bruteForce, get, restart, startWorld, until, type World } from './alerting-world.ts';

const LEVEL_DELAY_MS = 7000;
const ATTEMPTS = 3;

let world: World;

before(async () => {
  world = await startWorld({ levelDelay: `${LEVEL_DELAY_MS / 1000}s`, retry: { attempts: ATTEMPTS, firstDelay: '200ms', maxDelay: '1s' } });
});
after(async () => {
  await world?.close();
});

async function alertFor(address: string): Promise<AlertContract> {
  return until(`an alert for ${address}`, async () => {
    const found = (await get(world, alertsResponse, '/api/v1/alerts', { rule: BRUTE_FORCE_BY_SOURCE })).alerts.filter((alert) => alert.group['source.ip'] === address);
    assert.ok(found.length <= 1, `one alert for one burst, found ${found.length}`);
    return found[0];
  });
}

const hooksFor = (receiver: WebhookReceiver, alert: AlertContract): number => receiver.received.filter((request) => request.body.includes(alert.id)).length;
const emailsFor = (alert: AlertContract): number => world.smtp.received.filter((message) => message.text.includes(alert.id) || (message.headers['subject'] ?? '').includes(alert.id)).length;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('alerting across a restart, under a silence, and to a failing receiver (R-ANALYSE-2)', () => {
  test('a restart in the middle of an escalation resumes it: level 2 is notified once, nothing is sent twice', async () => {
    await bruteForce(world, '198.51.100.20', 'carol');
    const alert = await alertFor('198.51.100.20');
    await until('level 1 of the policy', async () => (hooksFor(world.oncall, alert) > 0 ? true : undefined));
    // Stopped before level 2 is due, and kept stopped past the time it was due.
    await restart(world, async () => {
      assert.equal(hooksFor(world.pager, alert), 0, 'the server stopped before level 2 was notified');
      await pause(LEVEL_DELAY_MS + 500);
    });
    await until('the escalation to level 2 after the restart', async () => (hooksFor(world.pager, alert) > 0 ? true : undefined));
    await pause(LEVEL_DELAY_MS + 500);
    assert.equal(hooksFor(world.pager, alert), 1, 'the escalation fired once');
    assert.equal(hooksFor(world.oncall, alert), 1, 'level 1 was not notified again after the restart');
    assert.equal(hooksFor(world.hook, alert), 1, 'nor the route’s webhook');
    assert.equal(emailsFor(alert), 1, 'nor the email');
    const alerts = (await get(world, alertsResponse, '/api/v1/alerts', { rule: BRUTE_FORCE_BY_SOURCE })).alerts.filter((one) => one.group['source.ip'] === '198.51.100.20');
    assert.deepEqual(
      alerts.map((one) => one.id),
      [alert.id],
      'the replay after the restart opened no second alert',
    );
  });

  test('a silence holds notifications back, while the detection and the alert still appear', async () => {
    const created = await api(world, 'POST', '/api/v1/silences', { matcher: { group: { 'source.ip': '198.51.100.30' } }, reason: 'authorised penetration test', duration: '1h' });
    assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));
    const { silence } = silenceResponse.parse(created.body);
    assert.equal(silence.active, true);
    await bruteForce(world, '198.51.100.30', 'dave');
    await bruteForce(world, '198.51.100.31', 'erin');
    const silenced = await alertFor('198.51.100.30');
    const loud = await alertFor('198.51.100.31');
    assert.deepEqual(silenced.silencedBy, [silence.id], 'the alert shows the silence holding it');
    assert.deepEqual(loud.silencedBy, []);
    const detections = await get(world, detectionsResponse, '/api/v1/detections', { rule: BRUTE_FORCE_BY_SOURCE, from: 'now-1h' });
    assert.ok(
      detections.detections.some((detection) => detection.group['source.ip'] === '198.51.100.30'),
      'the silence suppressed no detection',
    );
    // Both opened together: once the loud one reached level 2, every notice of the silenced one was due.
    await until('the other alert’s escalation', async () => (hooksFor(world.pager, loud) > 0 ? true : undefined));
    await pause(1000);
    assert.equal(emailsFor(loud), 1);
    for (const receiver of [world.hook, world.oncall, world.pager]) assert.equal(hooksFor(receiver, silenced), 0, 'no webhook for the silenced alert');
    assert.equal(emailsFor(silenced), 0, 'no email for the silenced alert');
    assert.equal((await world.syslog.messages()).filter((message) => message.raw.includes(silenced.id)).length, 0, 'no syslog message for the silenced alert');
    const detail = await get(world, alertDetailResponse, `/api/v1/alerts/${silenced.id}`);
    assert.equal(detail.alert.state, 'open', 'the silenced alert stays visible and open');
  });

  test('a receiver answering 500 gets the configured tries, then the delivery is a dead letter in GET /api/v1/notifications?status=dead', async () => {
    const before = world.hook.requests;
    // Exactly as many failures as tries: one more try than configured would be answered 204.
    world.hook.failNext(ATTEMPTS, 500);
    await bruteForce(world, '198.51.100.40', 'frank');
    const alert = await alertFor('198.51.100.40');
    const [dead] = await until('the dead letter', async () => {
      const answer = await get(world, notificationsResponse, '/api/v1/notifications', { status: 'dead', alert: alert.id });
      return answer.notifications.length > 0 ? answer.notifications : undefined;
    });
    assert.equal(dead?.channel, 'hook');
    assert.equal(dead?.channelType, 'webhook');
    assert.equal(dead?.status, 'dead');
    assert.equal(dead?.attempts.length, ATTEMPTS, 'one record per try');
    assert.ok(
      dead?.attempts.every((attempt) => attempt.outcome === 'failed' && /500/.test(attempt.error ?? '')),
      JSON.stringify(dead?.attempts),
    );
    assert.equal(world.hook.requests - before, ATTEMPTS, 'the receiver saw exactly the configured tries');
    assert.equal(hooksFor(world.hook, alert), 0);
    await until('the email of the same alert', async () => (emailsFor(alert) > 0 ? true : undefined));
    const listed = await get(world, notificationsResponse, '/api/v1/notifications', { alert: alert.id });
    assert.ok(
      listed.notifications.some((notification) => notification.channel === 'mail' && notification.status === 'delivered'),
      'the other channels delivered',
    );
  });
});
