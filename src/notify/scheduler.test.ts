// The notification scheduler on the real engine, pipeline and ledger, delivering through the real
// webhook channel to a real receiver that checks each Standard Webhooks signature (R-ANALYSE-2:
// automated alerts escalated per the incident response process; R-TAMPER-1: every attempt is an
// entity transition in the ledger). Times are short real durations: the ledger needs real time.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { LogwardenError } from '../errors/codes.ts';
import { openAlert, openNotifyHarness, webhookSecret, type NotifyHarness, type Running } from '../../test/helpers/notify-harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import type { StoredNotification } from './notification-state.ts';

let harness: NotifyHarness;
let ops: WebhookReceiver;
let lead: WebhookReceiver;
const opsSecret = webhookSecret();
const leadSecret = webhookSecret();

/** Wait (up to `ms`) until `check` gives a value; the test fails with `what` when it never does. */
async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await delay(100);
  }
}

/** Each test's alerts carry a tag of their own and its routes match only that tag: the alerts of earlier tests (still active in the shared data) are not its business. */
let tagCounter = 0;
let tag = 'test-0';
const rule = () => ({ id: tag, title: `rule ${tag}`, level: 'high' as const, revision: 'r1', tags: [tag], ruleset: 'default' });

function config(extra: { retry?: unknown; policyDelay?: string } = {}) {
  return {
    alerts: { groupWait: '200ms', groupInterval: '1s' },
    notifications: {
      channels: [
        { name: 'ops', type: 'webhook', url: `${ops.url}/ops`, secret: opsSecret },
        { name: 'lead', type: 'webhook', url: `${lead.url}/lead`, secret: leadSecret },
        { name: 'nowhere', type: 'webhook', url: 'http://127.0.0.1:9/closed', secret: webhookSecret() },
      ],
      routes: [{ name: 'soc', channels: ['ops'], policy: 'incident', match: { tags: [tag] } }],
      policies: [
        {
          name: 'incident',
          levels: [
            { channels: ['ops'], delay: extra.policyDelay ?? '1s' },
            { channels: ['lead'], delay: '1s' },
          ],
        },
      ],
      retry: extra.retry ?? { attempts: 3, firstDelay: '50ms', maxDelay: '200ms', timeout: '2s' },
    },
  };
}

const forAlert = async (running: Running, alertId: string): Promise<StoredNotification[]> => running.scheduler.log.list({ alert: alertId, limit: 100 });
const webhookIds = (receiver: WebhookReceiver, alertId: string) => receiver.received.filter((hook) => JSON.stringify(hook.json).includes(alertId)).map((hook) => hook.headers['webhook-id']);

before(async () => {
  harness = await openNotifyHarness();
  ops = await startWebhookReceiver({ secret: opsSecret });
  lead = await startWebhookReceiver({ secret: leadSecret });
});

after(async () => {
  await harness.close();
  await ops.close();
  await lead.close();
});

describe('notification scheduler (R-ANALYSE-2)', () => {
  beforeEach(() => {
    tagCounter += 1;
    tag = `test-${tagCounter}`;
  });

  test('R-ANALYSE-2 R-TAMPER-1: the initial notice goes out after the group wait, signed, recorded, and the escalation follows once', async () => {
    const running = await harness.start(config());
    try {
      const alert = await openAlert(running.alerts, { rule: rule() });
      const initial = await until('the initial notice', async () => (await forAlert(running, alert.id)).find((record) => record.state.kind === 'initial' && record.state.status === 'delivered'));
      assert.equal(initial.state.channel, 'ops');
      assert.equal(initial.state.attempts.length, 1);
      assert.deepEqual(webhookIds(ops, alert.id), [initial.id], 'the receiver verified one message, its webhook-id the record id');
      assert.equal(ops.refused.length, 0);
      const escalated = await until('level 2', async () => (await forAlert(running, alert.id)).find((record) => record.state.kind === 'escalation' && record.state.status === 'delivered'));
      assert.equal(escalated.state.channel, 'lead');
      assert.equal(escalated.state.level, 2);
      const history = await running.alerts.history(alert.id);
      assert.deepEqual(
        history.map((transition) => transition.state.change.kind),
        ['create', 'notify', 'escalate'],
      );
      assert.equal(history.at(-1)?.state.routes['soc']?.level, 2);
      const events = await harness.engine.query<{ n: string }>("SELECT count() AS n FROM events WHERE labels['entity_id'] = {id:String}", { id: initial.id });
      assert.equal(Number(events[0]?.n), 2, 'created pending, then its attempt: both are events in the ledger');
      const latency = await running.metrics.registry.getSingleMetricAsString('logwarden_notification_latency_seconds');
      assert.match(latency, /logwarden_notification_latency_seconds_count\{channel="ops"\} 1/);
    } finally {
      await running.stop();
    }
  });

  test('R-ANALYSE-2: an acknowledged alert does not escalate', async () => {
    const running = await harness.start(config());
    try {
      // Acknowledged from the start, so no race with level 1's delay on a loaded machine (the order
      // of an acknowledgement and a level firing is planNotices' and tested in plan.test.ts).
      const alert = await openAlert(running.alerts, { rule: rule(), state: 'acknowledged', acknowledgedAt: Date.now() });
      const initial = await until('the initial notice', async () => (await forAlert(running, alert.id)).find((record) => record.state.status === 'delivered'));
      assert.equal(initial.state.kind, 'initial', 'the initial notice still goes out: the alert exists');
      await delay(2500); // level 1's delay (1 s) and then some: level 2 would have fired by now
      const kinds = (await forAlert(running, alert.id)).map((record) => record.state.kind);
      assert.deepEqual(kinds, ['initial']);
      assert.deepEqual(webhookIds(lead, alert.id), []);
      assert.equal((await running.alerts.get(alert.id))?.state.routes['soc']?.level, 1);
    } finally {
      await running.stop();
    }
  });

  test('R-ANALYSE-2: a failing receiver is retried with back-off until it takes the notice; every attempt is recorded', async () => {
    const running = await harness.start(config());
    try {
      ops.failNext(2, 503);
      const alert = await openAlert(running.alerts, { rule: rule() });
      const record = await until('the retried notice', async () => (await forAlert(running, alert.id)).find((found) => found.state.kind === 'initial' && found.state.status !== 'pending'));
      assert.equal(record.state.status, 'delivered');
      assert.deepEqual(
        record.state.attempts.map((attempt) => attempt.outcome),
        ['failed', 'failed', 'delivered'],
      );
      assert.ok(record.state.attempts[0]?.error, 'a failed attempt says why');
      assert.ok((record.state.attempts[1]?.at ?? 0) - (record.state.attempts[0]?.at ?? 0) >= 25, 'the next try waited (half of firstDelay at least)');
      const history = await running.notifications.history(record.id);
      assert.deepEqual(
        history.map((transition) => transition.state.status),
        ['pending', 'pending', 'pending', 'delivered'],
      );
    } finally {
      await running.stop();
    }
  });

  test('R-ANALYSE-2: after the last try the record is dead (the dead letter), and counted', async () => {
    const running = await harness.start({ ...config(), notifications: { ...config().notifications, routes: [{ name: 'lost', channels: ['nowhere'], match: { tags: [tag] } }] } });
    try {
      const alert = await openAlert(running.alerts, { rule: rule() });
      const dead = await until('the dead letter', async () => (await running.scheduler.log.list({ alert: alert.id, status: 'dead', limit: 10 }))[0]);
      assert.equal(dead.state.attempts.length, 3);
      assert.ok(dead.state.attempts.every((attempt) => attempt.outcome === 'failed'));
      assert.equal(dead.state.nextAttemptAt, undefined);
      const counted = await running.metrics.registry.getSingleMetricAsString('logwarden_notifications_total');
      assert.match(counted, /logwarden_notifications_total\{channel="nowhere",kind="initial",outcome="dead"\} 1/);
      assert.match(counted, /logwarden_notifications_total\{channel="nowhere",kind="initial",outcome="failed"\} 2/);
    } finally {
      await running.stop();
    }
  });

  test('R-ANALYSE-2: a receiver that refuses the content (HTTP 400) dead-letters the notice at once: retrying cannot help', async () => {
    const running = await harness.start(config({ policyDelay: '1h' }));
    try {
      ops.failNext(1, 400);
      const alert = await openAlert(running.alerts, { rule: rule() });
      const dead = await until('the dead letter', async () => (await running.scheduler.log.list({ alert: alert.id, status: 'dead', limit: 10 }))[0]);
      assert.equal(dead.state.attempts.length, 1);
      assert.match(dead.state.attempts[0]?.error ?? '', /HTTP 400/);
    } finally {
      await running.stop();
    }
  });

  test('R-ANALYSE-2: a silence holds the notice and marks the alert; when it ends, the notice goes out', async () => {
    const running = await harness.start(config({ policyDelay: '1h' }));
    try {
      const now = Date.now();
      const silence = await running.silences.create({ matcher: { rule: tag, group: { 'source.ip': '198.51.100.7' } }, startsAt: now, endsAt: now + 4000, reason: 'maintenance' }, 'alice');
      const alert = await openAlert(running.alerts, { rule: rule(), group: { 'source.ip': '198.51.100.7' } });
      const marked = await until('the suppress transition', async () => ((await running.alerts.get(alert.id))?.state.suppressedBy.length ? running.alerts.get(alert.id) : undefined));
      assert.deepEqual(marked?.state.suppressedBy, [silence.id]);
      assert.deepEqual(await forAlert(running, alert.id), [], 'nothing sent while silenced');
      const sent = await until('the notice after the silence', async () => (await forAlert(running, alert.id)).find((record) => record.state.status === 'delivered'));
      assert.equal((await forAlert(running, alert.id)).length, 1);
      assert.equal(sent.state.kind, 'initial');
      assert.ok(sent.state.dueAt >= now + 4000);
      const kinds = (await running.alerts.history(alert.id)).map((transition) => transition.state.change.kind);
      assert.deepEqual(kinds.slice(0, 3), ['create', 'suppress', 'notify'], 'one suppress transition for the silence');
      assert.match(await running.metrics.registry.getSingleMetricAsString('logwarden_notifications_suppressed_total'), /channel="ops"\} 1/);
    } finally {
      await running.stop();
    }
  });

  test('R-ANALYSE-2: a silence ended early lets what it held go out then, not at its planned end', async () => {
    const running = await harness.start(config({ policyDelay: '1h' }));
    try {
      const now = Date.now();
      const silence = await running.silences.create({ matcher: { rule: tag }, startsAt: now, endsAt: now + 3_600_000, reason: 'maintenance window' }, 'alice');
      const alert = await openAlert(running.alerts, { rule: rule(), group: { 'source.ip': '198.51.100.8' } });
      await until('the suppress transition', async () => ((await running.alerts.get(alert.id))?.state.suppressedBy.length ? true : undefined));
      assert.deepEqual(await forAlert(running, alert.id), [], 'nothing sent while silenced');
      const ended = await running.silences.end(silence.id, 'bob', 'maintenance over');
      const sent = await until('the notice after the early end', async () => (await forAlert(running, alert.id)).find((record) => record.state.status === 'delivered'));
      assert.equal(sent.state.kind, 'initial');
      assert.ok(sent.state.dueAt >= (ended.state.ended?.at ?? 0), 'sent once the silence ended');
      assert.ok(sent.state.dueAt < now + 3_600_000, 'long before the silence would have ended');
    } finally {
      await running.stop();
    }
  });

  test('R-ANALYSE-2: a resolved alert tells the channels already told, once', async () => {
    const running = await harness.start(config({ policyDelay: '1h' }));
    try {
      const alert = await openAlert(running.alerts, { rule: rule() });
      await until('the initial notice', async () => (await forAlert(running, alert.id)).find((record) => record.state.status === 'delivered'));
      await running.alerts.change(alert.id, 'alice', (current) => ({ ...current.state, state: 'resolved', resolvedAt: Date.now(), change: { kind: 'resolve' } }));
      const resolved = await until('the resolved notice', async () => (await forAlert(running, alert.id)).find((record) => record.state.kind === 'resolved' && record.state.status === 'delivered'));
      assert.equal(resolved.state.channel, 'ops');
      assert.equal((await forAlert(running, alert.id)).length, 2);
    } finally {
      await running.stop();
    }
  });

  test('R-ANALYSE-2 R-TAMPER-1: a test notice is one attempt through one channel, recorded; unknown and failing channels are refused', async () => {
    const running = await harness.start(config());
    try {
      const done = await running.scheduler.test('lead', 'alice');
      assert.equal(done.state.kind, 'test');
      assert.equal(done.state.status, 'delivered');
      assert.equal(done.state.alert, undefined);
      assert.equal(done.by, 'alice');
      assert.ok(lead.received.some((hook) => hook.headers['webhook-id'] === done.id));
      await assert.rejects(running.scheduler.test('pager', 'alice'), (error: unknown) => error instanceof LogwardenError && error.code === 'LW_ALERT_UNKNOWN' && /pager/.test(error.message));
      await assert.rejects(
        running.scheduler.test('nowhere', 'alice'),
        (error: unknown) => error instanceof LogwardenError && error.code === 'LW_NOTIFY_FAILED' && /nowhere failed: /.test(error.message),
      );
      const dead = await running.scheduler.log.list({ channel: 'nowhere', status: 'dead', limit: 5 });
      assert.ok(
        dead.some((record) => record.state.kind === 'test' && record.state.attempts.length === 1),
        'the failed test is recorded, one attempt',
      );
    } finally {
      await running.stop();
    }
  });
});
