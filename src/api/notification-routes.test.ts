// `POST /api/v1/notifications/test` through the real scheduler and the real webhook channel to a
// real receiver that verifies the Standard Webhooks signature: delivered and recorded, refused
// without config.manage, 404 for an unknown channel, 502 LW_NOTIFY_FAILED with the receiver's
// answer recorded as a dead letter, and every test notice on the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notificationResponse, notificationsResponse } from '../contracts/alerts.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import { alertApp, type AlertApp } from './alert-routes.fixtures.ts';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const TARGET = (fieldByName('logwarden.audit.target') as FieldDef).column;

describe('test notices through the API (R-ANALYSE-2, R-ACCESS-2)', () => {
  let t: AlertApp;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    t = await alertApp(NOW, { channels: [{ name: 'hook', type: 'webhook', url: `${receiver.url}/lw`, secret: SECRET }] });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  const post = (token: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/notifications/test', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  it('an admin sends a test notice: delivered, signed, recorded with its attempt', async () => {
    const response = await post(t.tokens.admin, { channel: 'hook' });
    assert.equal(response.statusCode, 200, response.body);
    const { notification } = notificationResponse.parse(response.json());
    assert.deepEqual([notification.kind, notification.channel, notification.channelType, notification.status, notification.attempts.length], ['test', 'hook', 'webhook', 'delivered', 1]);
    assert.equal(receiver.received.length, 1, 'verified by the receiver');
    assert.deepEqual(receiver.refused, []);
    const listed = notificationsResponse.parse((await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { authorization: `Bearer ${t.tokens.webOnly}` } })).json());
    assert.deepEqual(
      listed.notifications.map((n) => n.id),
      [notification.id],
      'a test notice belongs to no alert: any reader sees it',
    );
  });

  it('refused: without config.manage 403, an unknown channel 404, a failed delivery 502 recorded as dead', async () => {
    assert.equal((await post(t.tokens.analyst, { channel: 'hook' })).statusCode, 403);
    const unknown = await post(t.tokens.admin, { channel: 'nope' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /LW_ALERT_UNKNOWN.*hook/);
    receiver.failNext(1, 500);
    const failed = await post(t.tokens.admin, { channel: 'hook' });
    assert.equal(failed.statusCode, 502);
    assert.match(failed.body, /LW_NOTIFY_FAILED/);
    const dead = notificationsResponse.parse((await t.app.inject({ method: 'GET', url: '/api/v1/notifications?status=dead', headers: { authorization: `Bearer ${t.tokens.admin}` } })).json());
    assert.equal(dead.notifications.length, 1);
    assert.match(dead.notifications[0]?.attempts[0]?.error ?? '', /500/);
    const audited = await t.engine.query<{ outcome: string }>(
      `SELECT event_outcome AS outcome FROM events WHERE event_action = 'notification-test' AND \`${TARGET}\` = 'hook' ORDER BY event_sequence`,
    );
    // Each test notice's intent and outcome name the channel: delivered, then the 502 (the 403 never reached the route).
    assert.deepEqual(
      audited.map((row) => row.outcome),
      ['unknown', 'success', 'unknown', 'failure'],
    );
  });
});
