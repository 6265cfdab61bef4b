// Escalations survive a restart and fire once (R-ANALYSE-2): the progress is in the alert, so a new
// scheduler on the same data resumes the pending level without sending the earlier ones again, and
// a delivery still pending in its record is tried again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { openAlert, openNotifyHarness, webhookSecret, type NotifyHarness } from '../../test/helpers/notify-harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/helpers/webhook-receiver.ts';

let harness: NotifyHarness;
let ops: WebhookReceiver;
let lead: WebhookReceiver;
const opsSecret = webhookSecret();
const leadSecret = webhookSecret();

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await delay(25);
  }
}

const config = (retry = { attempts: 5, firstDelay: '50ms', maxDelay: '100ms', timeout: '2s' }) => ({
  alerts: { groupWait: '100ms' },
  notifications: {
    channels: [
      { name: 'ops', type: 'webhook', url: `${ops.url}/ops`, secret: opsSecret },
      { name: 'lead', type: 'webhook', url: `${lead.url}/lead`, secret: leadSecret },
    ],
    routes: [{ name: 'soc', policy: 'incident' }],
    policies: [
      {
        name: 'incident',
        levels: [
          { channels: ['ops'], delay: '2s' },
          { channels: ['lead'], delay: '1h' },
        ],
      },
    ],
    retry,
  },
});

const mentions = (receiver: WebhookReceiver, alertId: string) => receiver.received.filter((hook) => hook.body.includes(alertId)).length;

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

test('R-ANALYSE-2: a pending escalation resumes after a restart and fires once; the earlier level is not sent again', async () => {
  const first = await harness.start(config());
  const alert = await openAlert(first.alerts);
  await until('level 1', async () => (await first.scheduler.log.list({ alert: alert.id, status: 'delivered', limit: 10 }))[0]);
  await first.stop();
  assert.equal(mentions(ops, alert.id), 1);
  assert.equal(mentions(lead, alert.id), 0, 'level 2 was not due before the stop');

  const second = await harness.start(config());
  try {
    const escalation = await until('level 2 after the restart', async () => (await second.scheduler.log.list({ alert: alert.id, channel: 'lead', status: 'delivered', limit: 10 }))[0]);
    assert.equal(escalation.state.kind, 'escalation');
    assert.equal(escalation.state.level, 2);
    assert.equal(mentions(lead, alert.id), 1);
    assert.equal(mentions(ops, alert.id), 1, 'the initial notice was not sent again');
    const kinds = (await second.alerts.history(alert.id)).map((transition) => transition.state.change.kind);
    assert.deepEqual(kinds, ['create', 'notify', 'escalate']);
  } finally {
    await second.stop();
  }

  // A third start: nothing is due any more, nothing is sent again.
  const third = await harness.start(config());
  try {
    await delay(300);
    assert.equal(mentions(lead, alert.id), 1);
    assert.equal((await third.alerts.history(alert.id)).length, 3);
  } finally {
    await third.stop();
  }
});

test('R-ANALYSE-2: a delivery pending at the stop is tried again by the next scheduler', async () => {
  const first = await harness.start(config({ attempts: 5, firstDelay: '1s', maxDelay: '1s', timeout: '2s' }));
  ops.failNext(1, 503);
  const alert = await openAlert(first.alerts);
  const pending = await until('the failed first attempt', async () => (await first.scheduler.log.list({ alert: alert.id, limit: 10 })).find((record) => record.state.attempts.length === 1));
  assert.equal(pending.state.status, 'pending');
  await first.stop();
  const second = await harness.start(config());
  try {
    const done = await until('the retry after the restart', async () => (await second.scheduler.log.list({ alert: alert.id, status: 'delivered', limit: 10 }))[0]);
    assert.equal(done.id, pending.id, 'the same record (and message id) is delivered');
    assert.deepEqual(
      done.state.attempts.map((attempt) => attempt.outcome),
      ['failed', 'delivered'],
    );
  } finally {
    await second.stop();
  }
});
