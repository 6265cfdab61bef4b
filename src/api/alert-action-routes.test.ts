// The changes people make to alerts, silences and the notification record through the API, on the
// real engine, pipeline, stores, lifecycle and audit trail (alert-routes.fixtures.ts): each change
// is a transition by the caller with its why, on the audit trail with its target before and after,
// refused with 409 when the lifecycle does not allow it, 404 for an alert outside the caller's
// systems, 403 without alerts.act.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertDetailResponse, alertResponse, alertsResponse, notificationsResponse, silenceResponse, silencesResponse } from '../contracts/alerts.ts';
import type { StoredAlert } from '../alerts/alert-state.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import { alertApp, type AlertApp } from './alert-routes.fixtures.ts';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const RULE = { id: '11111111-2222-4333-8444-000000000001', title: 'SSH brute force', level: 'high' as const, revision: 'r1', tags: ['attack.t1110'], ruleset: 'site' };
const DB_RULE = { ...RULE, id: '11111111-2222-4333-8444-000000000002', title: 'DB dump', level: 'critical' as const };
const TARGET = (fieldByName('logwarden.audit.target') as FieldDef).column;

describe('alert changes, silences and notifications through the API (R-ANALYSE-2, R-ACCESS-1, R-ACCESS-2)', () => {
  let t: AlertApp;
  let web: StoredAlert;
  let db: StoredAlert;

  before(async () => {
    t = await alertApp(NOW);
    const why = { kind: 'match' as const, searches: ['selection'], values: {} };
    web = await t.openAlert([{ id: 'a'.repeat(32), rule: RULE, time: NOW - 60_000, events: [1], systems: ['web'], group: { 'source.ip': '203.0.113.9' }, why, message: 'SSH brute force' }]);
    db = await t.openAlert([{ id: 'b'.repeat(32), rule: DB_RULE, time: NOW - 60_000, events: [2], systems: ['web', 'db'], group: {}, why, message: 'DB dump' }]);
  });
  after(async () => t.close());

  const post = (url: string, payload: unknown, token = t.tokens.analyst) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const get = (url: string, token = t.tokens.analyst) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const codeOf = (body: string): string => (JSON.parse(body) as { error: { code: string } }).error.code;
  const auditOf = (action: string, target: string) =>
    t.engine.query<{ outcome: string; user: string; message: string }>(
      `SELECT event_outcome AS outcome, user_name AS user, message FROM events WHERE event_action = {action:String} AND \`${TARGET}\` = {target:String} ORDER BY event_sequence`,
      { action, target },
    );

  it('R-ANALYSE-2: acknowledge with a comment: a transition by the caller with the comment as why; asking again changes nothing', async () => {
    t.clock.advance(90_000);
    const response = await post(`/api/v1/alerts/${web.id}/ack`, { comment: 'looking into it' });
    assert.equal(response.statusCode, 200, response.body);
    const { alert } = alertResponse.parse(response.json());
    assert.deepEqual([alert.state, alert.updatedBy, alert.transition, alert.acknowledgedAt], ['acknowledged', 'ann', 2, new Date(NOW + 90_000).toISOString()]);
    assert.deepEqual(alert.comments, [{ by: 'ann', at: new Date(NOW + 90_000).toISOString(), text: 'looking into it' }]);
    const again = alertResponse.parse((await post(`/api/v1/alerts/${web.id}/acknowledge`, {})).json());
    assert.equal(again.alert.transition, 2);
    const detail = alertDetailResponse.parse((await get(`/api/v1/alerts/${web.id}`)).json());
    assert.deepEqual(detail.history.at(-1), { n: 2, at: new Date(NOW + 90_000).toISOString(), by: 'ann', change: 'acknowledge', why: 'looking into it', state: 'acknowledged' });
  });

  it('R-ACCESS-2: a change is on the audit trail with its alert and change, its intent before and its outcome after', async () => {
    const records = await auditOf('alert-change', web.id);
    assert.deepEqual(
      records.slice(0, 2).map((r) => [r.outcome, r.user]),
      [
        ['unknown', 'ann'],
        ['success', 'ann'],
      ],
    );
    assert.match(records[0]?.message ?? '', /\(acknowledge\)/);
  });

  it('R-ANALYSE-2: resolve, then a move the lifecycle refuses is 409 LW_ALERT_STATE and leaves the alert as it was', async () => {
    assert.equal((await post(`/api/v1/alerts/${web.id}/resolve`, {})).statusCode, 200);
    const refused = await post(`/api/v1/alerts/${web.id}/ack`, {});
    assert.equal(refused.statusCode, 409);
    assert.equal(codeOf(refused.body), 'LW_ALERT_STATE');
    const { alerts } = alertsResponse.parse((await get('/api/v1/alerts?state=resolved')).json());
    assert.deepEqual(
      alerts.map((a) => [a.id, a.transition]),
      [[web.id, 3]],
    );
  });

  it('close needs a known disposition (any spelling); reopen; assign and unassign; a comment needs text', async () => {
    assert.equal((await post(`/api/v1/alerts/${web.id}/close`, { disposition: 'maybe' })).statusCode, 400);
    assert.equal((await post(`/api/v1/alerts/${web.id}/close`, {})).statusCode, 400);
    const closed = alertResponse.parse((await post(`/api/v1/alerts/${web.id}/close`, { disposition: 'False Positive', comment: 'a scanner we run' })).json()).alert;
    assert.deepEqual([closed.state, closed.disposition], ['closed', 'false-positive']);
    const reopened = alertResponse.parse((await post(`/api/v1/alerts/${web.id}/reopen`, {})).json()).alert;
    assert.deepEqual([reopened.state, reopened.disposition], ['open', undefined]);
    assert.equal(alertResponse.parse((await post(`/api/v1/alerts/${web.id}/assign`, { assignee: 'bob' })).json()).alert.assignee, 'bob');
    assert.deepEqual(
      alertsResponse.parse((await get('/api/v1/alerts?assignee=bob')).json()).alerts.map((a) => a.id),
      [web.id],
    );
    assert.equal(alertResponse.parse((await post(`/api/v1/alerts/${web.id}/assign`, { assignee: null })).json()).alert.assignee, undefined);
    assert.equal((await post(`/api/v1/alerts/${web.id}/comment`, {})).statusCode, 400);
    const commented = alertResponse.parse((await post(`/api/v1/alerts/${web.id}/comment`, { comment: 'scanner window is Tuesdays' })).json()).alert;
    assert.equal(commented.comments.at(-1)?.text, 'scanner window is Tuesdays');
    assert.equal((await post(`/api/v1/alerts/${web.id}/comment`, { comment: 'x', extra: 1 })).statusCode, 400, 'unknown members are refused');
  });

  it('R-ACCESS-1: a change to an alert outside the caller systems is 404 and changes nothing; without alerts.act 403', async () => {
    const hidden = await post(`/api/v1/alerts/${db.id}/ack`, {}, t.tokens.webOnly);
    assert.equal(hidden.statusCode, 404);
    assert.equal(codeOf(hidden.body), 'LW_ALERT_UNKNOWN');
    assert.equal((await post(`/api/v1/alerts/${db.id}/ack`, {}, t.tokens.reader)).statusCode, 403);
    assert.equal((await t.alerts.get(db.id))?.n, 1);
    assert.equal((await post(`/api/v1/alerts/${'f'.repeat(20)}/ack`, {})).statusCode, 404);
  });

  it('silences: made by the caller with a reason and an end, shown on matching alerts, ended early; checked', async () => {
    assert.equal((await post('/api/v1/silences', { matcher: { rule: RULE.title }, reason: 'scanner' })).statusCode, 400, 'no end');
    assert.equal((await post('/api/v1/silences', { matcher: {}, reason: 'x', duration: '2h' })).statusCode, 400, 'no matcher');
    assert.equal((await post('/api/v1/silences', { matcher: { rule: RULE.title }, reason: 'x', duration: '2h' }, t.tokens.reader)).statusCode, 403);
    const made = await post('/api/v1/silences', { matcher: { rule: RULE.title, group: { 'source.ip': '203.0.113.9' } }, reason: 'our weekly scan', duration: '2h' });
    assert.equal(made.statusCode, 200, made.body);
    const { silence } = silenceResponse.parse(made.json());
    assert.deepEqual([silence.author, silence.active, silence.endsAt], ['ann', true, new Date(t.clock.now() + 7_200_000).toISOString()]);
    const [shown] = alertsResponse.parse((await get(`/api/v1/alerts?rule=${RULE.id}`)).json()).alerts;
    assert.deepEqual(shown?.silencedBy, [silence.id]);
    assert.deepEqual(
      silencesResponse.parse((await get('/api/v1/silences?active=true')).json()).silences.map((s) => s.id),
      [silence.id],
    );
    // A masked caller sees the silence with its group value and reason masked.
    const masked = silencesResponse.parse((await get('/api/v1/silences', t.tokens.masked)).json()).silences.find((s) => s.id === silence.id);
    assert.ok(masked && !JSON.stringify(masked).includes('203.0.113.9'), JSON.stringify(masked));
    const ended = silenceResponse.parse((await post(`/api/v1/silences/${silence.id}/end`, { reason: 'scan finished' })).json()).silence;
    assert.deepEqual([ended.active, ended.ended?.by, ended.ended?.why], [false, 'ann', 'scan finished']);
    assert.equal((await post(`/api/v1/silences/${silence.id}/end`, {})).statusCode, 409);
    assert.deepEqual(alertsResponse.parse((await get(`/api/v1/alerts?rule=${RULE.id}`)).json()).alerts[0]?.silencedBy, []);
    // The create's intent is recorded before its id exists; then the end, and the refused second end, each intent and outcome.
    assert.deepEqual(
      (await auditOf('silence-change', silence.id)).map((r) => r.outcome),
      ['success', 'unknown', 'success', 'unknown', 'failure'],
    );
  });

  it('R-ACCESS-1: a caller limited to some systems silences only alerts all about them, and sees and ends only such silences', async () => {
    // wendy may see web only: her silence of the DB rule is confined to web, so the web+db alert stays unsilenced; a `within` she gives is the server's to set.
    const hers = silenceResponse.parse((await post('/api/v1/silences', { matcher: { rule: DB_RULE.title, within: ['db'] }, reason: 'noisy', duration: '1h' }, t.tokens.webOnly)).json()).silence;
    assert.deepEqual(hers.matcher.within, ['web']);
    const alertOf = async (id: string) => alertsResponse.parse((await get('/api/v1/alerts')).json()).alerts.find((alert) => alert.id === id);
    assert.deepEqual((await alertOf(db.id))?.silencedBy, [], 'a web-only silence does not hold a web+db alert');
    const onWeb = silenceResponse.parse((await post('/api/v1/silences', { matcher: { rule: RULE.title }, reason: 'scan', duration: '1h' }, t.tokens.webOnly)).json()).silence;
    assert.deepEqual((await alertOf(web.id))?.silencedBy, [onWeb.id], 'it holds her own systems’ alert');
    // ann sees every system: her silence naming db is not wendy's to see or end.
    const annsDb = silenceResponse.parse((await post('/api/v1/silences', { matcher: { system: 'db' }, reason: 'db maintenance', duration: '1h' })).json()).silence;
    assert.equal(annsDb.matcher.within, undefined);
    const wendySees = silencesResponse.parse((await get('/api/v1/silences', t.tokens.webOnly)).json()).silences.map((silence) => silence.id);
    assert.ok(wendySees.includes(hers.id) && wendySees.includes(onWeb.id) && !wendySees.includes(annsDb.id), JSON.stringify(wendySees));
    const refused = await post(`/api/v1/silences/${annsDb.id}/end`, {}, t.tokens.webOnly);
    assert.deepEqual([refused.statusCode, codeOf(refused.body)], [404, 'LW_ALERT_UNKNOWN']);
    for (const id of [hers.id, onWeb.id, annsDb.id]) assert.equal((await post(`/api/v1/silences/${id}/end`, {})).statusCode, 200);
  });

  it('R-ACCESS-1: the notification record leaves out notifications of alerts outside the caller systems', async () => {
    const record = (id: string, alert: string) =>
      t.notifications.apply({
        id,
        n: 1,
        by: 'logwarden',
        state: { alert, route: 'default', channel: 'soc-mail', channelType: 'email', kind: 'initial', dueAt: NOW, status: 'delivered', attempts: [{ at: NOW, outcome: 'delivered', ms: 12 }] },
      });
    await record('n-web', web.id);
    await record('n-db', db.id);
    const all = notificationsResponse.parse((await get('/api/v1/notifications')).json()).notifications.map((n) => n.id);
    assert.deepEqual(all.sort(), ['n-db', 'n-web']);
    const scoped = notificationsResponse.parse((await get('/api/v1/notifications', t.tokens.webOnly)).json()).notifications.map((n) => n.id);
    assert.deepEqual(scoped, ['n-web']);
    const detail = alertDetailResponse.parse((await get(`/api/v1/alerts/${web.id}`)).json());
    assert.deepEqual(
      detail.notifications.map((n) => [n.id, n.status, n.attempts.length]),
      [['n-web', 'delivered', 1]],
    );
    assert.equal((await post('/api/v1/notifications/test', { channel: 'soc-mail' })).statusCode, 403, 'a test notice needs config.manage');
  });
});
