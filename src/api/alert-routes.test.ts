// The alert read routes through Fastify with the real auth, audit and error hooks, over the real
// engine, pipeline and alert store (alert-routes.fixtures.ts): the list and its filters, an
// alert's detail with exactly its detections (by rule, group and sequence range), paging, need to
// know by systems, masking, and the answers for an unknown alert.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { alertDetailResponse, alertDetectionsResponse, alertReportResponse, alertsResponse } from '../contracts/alerts.ts';
import { loadRuleSet } from '../detection/load.ts';
import type { Detection } from '../detection/detection.ts';
import type { StoredAlert } from '../alerts/alert-state.ts';
import { alertApp, type AlertApp } from './alert-routes.fixtures.ts';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const MINUTE = 60_000;
const uuid = (n: number): string => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;
const SSH = { id: uuid(1), title: 'SSH brute force', level: 'high' as const, revision: 'r1', tags: ['attack.t1110'], ruleset: 'site' };
const EXFIL = { id: uuid(2), title: 'Database export to the web tier', level: 'critical' as const, revision: 'r1', tags: [], ruleset: 'site' };

/** A rule file with this id and title: loaded, so the report knows it. */
const ruleFile = (id: string, title: string, level: string): string => `title: ${title}
id: ${id}
level: ${level}
logsource: { product: linux, service: sshd }
detection:
  selection:
    event.outcome: failure
  condition: selection
`;

let counter = 0;
function detection(rule: Detection['rule'], group: Record<string, string>, systems: string[], time: number): Detection {
  counter++;
  const ip = group['source.ip'] ?? 'none';
  return {
    id: counter.toString(16).padStart(32, 'a'),
    rule,
    time,
    events: [counter],
    systems,
    group,
    why: { kind: 'match', searches: ['selection'], values: { 'source.ip': ip } },
    message: `${rule.title}: failed logins from ${ip}`,
  };
}

describe('alert read routes (R-ANALYSE-2, R-ACCESS-1)', () => {
  let t: AlertApp;
  let ssh: StoredAlert;
  let exfil: StoredAlert;
  const attacker = { 'source.ip': '203.0.113.9' };

  before(async () => {
    t = await alertApp(NOW);
    const first = detection(SSH, attacker, ['web'], NOW - 10 * MINUTE);
    ssh = await t.openAlert([first]);
    // Stored between the alert's detections: another group of the same rule, which is not the alert's.
    await t.storeDetections([detection(SSH, { 'source.ip': '198.51.100.4' }, ['web'], NOW - 9 * MINUTE)]);
    ssh = await t.addToAlert(ssh, [detection(SSH, attacker, ['web'], NOW - 8 * MINUTE), detection(SSH, attacker, ['web'], NOW - 7 * MINUTE)]);
    // Later than the alert's range: the same rule and group, but after its lastSequence.
    await t.storeDetections([detection(SSH, attacker, ['web'], NOW - 6 * MINUTE)]);
    exfil = await t.openAlert([detection(EXFIL, {}, ['web', 'db'], NOW - 5 * MINUTE)]);
  });
  after(async () => t.close());

  const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('R-ANALYSE-2: GET /api/v1/alerts answers {alerts: [{id, state, rule, group, detections: [ids]}]}, newest last seen first', async () => {
    const response = await get('/api/v1/alerts', t.tokens.analyst);
    assert.equal(response.statusCode, 200);
    const raw = response.json() as { alerts: Record<string, unknown>[] };
    for (const key of ['id', 'state', 'rule', 'group', 'detections']) assert.ok(key in (raw.alerts[0] ?? {}), key);
    const { alerts } = alertsResponse.parse(raw);
    assert.deepEqual(
      alerts.map((a) => [a.id, a.state, a.rule.title, a.detectionCount]),
      [
        [exfil.id, 'open', EXFIL.title, 1],
        [ssh.id, 'open', SSH.title, 3],
      ],
    );
    assert.deepEqual(alerts[1]?.group, attacker);
    assert.deepEqual(alerts[1]?.detections, ssh.state.detections);
    assert.equal(alerts[1]?.lastSeen, new Date(NOW - 7 * MINUTE).toISOString());
  });

  it('the list filters by state, rule id or title, level, system, assignee (none) and last seen', async () => {
    const ids = async (query: string): Promise<string[]> => alertsResponse.parse((await get(`/api/v1/alerts?${query}`, t.tokens.analyst)).json()).alerts.map((a) => a.id);
    assert.deepEqual(await ids(`rule=${encodeURIComponent(SSH.title)}`), [ssh.id]);
    assert.deepEqual(await ids(`rule=${EXFIL.id}`), [exfil.id]);
    assert.deepEqual(await ids('level=critical'), [exfil.id]);
    assert.deepEqual(await ids('system=db'), [exfil.id]);
    assert.deepEqual(await ids('state=resolved,closed'), []);
    assert.deepEqual(await ids('state=open'), [exfil.id, ssh.id]);
    assert.deepEqual(await ids('assignee=none'), [exfil.id, ssh.id]);
    assert.deepEqual(await ids('assignee=bob'), []);
    assert.deepEqual(await ids(`from=${new Date(NOW - 6 * MINUTE).toISOString()}`), [exfil.id]);
    assert.deepEqual(await ids(`to=${new Date(NOW - 6 * MINUTE).toISOString()}`), [ssh.id]);
    assert.deepEqual(await ids('limit=1'), [exfil.id]);
    assert.equal((await get('/api/v1/alerts?state=maybe', t.tokens.analyst)).statusCode, 400);
    assert.equal((await get('/api/v1/alerts?from=now&to=now-1h', t.tokens.analyst)).statusCode, 400);
  });

  it('R-ANALYSE-2: an alert shows exactly its detections (its rule, its group, its sequence range) with their evidence, and its history', async () => {
    const response = await get(`/api/v1/alerts/${ssh.id}`, t.tokens.analyst);
    assert.equal(response.statusCode, 200);
    const detail = alertDetailResponse.parse(response.json());
    assert.deepEqual(
      detail.detections.map((d) => d.id),
      ssh.state.detections,
    );
    assert.ok(detail.detections.every((d) => d.events.length === 1 && d.sequence >= ssh.state.firstSequence && d.sequence <= ssh.state.lastSequence));
    assert.deepEqual(
      detail.history.map((h) => [h.n, h.by, h.change, h.state]),
      [
        [1, 'logwarden', 'create', 'open'],
        [2, 'logwarden', 'detections', 'open'],
      ],
    );
    assert.deepEqual(detail.notifications, []);
  });

  it('GET /api/v1/alerts/:id/detections pages by sequence number', async () => {
    const first = alertDetectionsResponse.parse((await get(`/api/v1/alerts/${ssh.id}/detections?limit=2`, t.tokens.analyst)).json());
    assert.equal(first.detections.length, 2);
    assert.equal(first.next, first.detections[1]?.sequence);
    const second = alertDetectionsResponse.parse((await get(`/api/v1/alerts/${ssh.id}/detections?limit=2&after=${first.next}`, t.tokens.analyst)).json());
    assert.deepEqual(
      [...first.detections, ...second.detections].map((d) => d.id),
      ssh.state.detections,
    );
    assert.equal(second.next, undefined);
  });

  it('R-ACCESS-1: a web-only caller sees the web alert, not the web+db one: absent from the list, 404 as if unknown', async () => {
    const { alerts } = alertsResponse.parse((await get('/api/v1/alerts', t.tokens.webOnly)).json());
    assert.deepEqual(
      alerts.map((a) => a.id),
      [ssh.id],
    );
    const hidden = await get(`/api/v1/alerts/${exfil.id}`, t.tokens.webOnly);
    const unknown = await get(`/api/v1/alerts/${'0'.repeat(20)}`, t.tokens.webOnly);
    assert.equal(hidden.statusCode, 404);
    assert.equal((hidden.json() as { error: { code: string } }).error.code, 'LW_ALERT_UNKNOWN');
    assert.equal(unknown.statusCode, 404);
    assert.equal((hidden.json() as { error: { message: string } }).error.message.replace(exfil.id, 'X'), (unknown.json() as { error: { message: string } }).error.message.replace('0'.repeat(20), 'X'));
    assert.equal((await get(`/api/v1/alerts/${exfil.id}/detections`, t.tokens.webOnly)).statusCode, 404);
    assert.equal((await get(`/api/v1/alerts/${exfil.id}`, t.tokens.analyst)).statusCode, 200, 'an unscoped analyst sees it');
    assert.equal((await get('/api/v1/alerts/not-an-id', t.tokens.analyst)).statusCode, 404);
  });

  it('R-ACCESS-1: a masked caller sees the alert and its detections masked: no source address, no comments', async () => {
    const detail = alertDetailResponse.parse((await get(`/api/v1/alerts/${ssh.id}`, t.tokens.masked)).json());
    assert.equal(detail.alert.id, ssh.id);
    assert.ok(!JSON.stringify(detail).includes('203.0.113.9'), JSON.stringify(detail.alert.group));
    assert.notEqual(detail.alert.group['source.ip'], undefined);
    assert.equal(detail.detections.length, 3);
    const { alerts } = alertsResponse.parse((await get('/api/v1/alerts', t.tokens.masked)).json());
    assert.ok(!JSON.stringify(alerts).includes('203.0.113.9'));
  });

  it('R-ANALYSE-4: GET /api/v1/alerts/report counts the caller alerts of the last 30 days and names loaded rules that never fired', async () => {
    const rulesDir = await mkdtemp(path.join(os.tmpdir(), 'lw-alert-report-rules-'));
    try {
      await writeFile(path.join(rulesDir, 'ssh.yml'), ruleFile(SSH.id, SSH.title, 'high'));
      await writeFile(path.join(rulesDir, 'exfil.yml'), ruleFile(EXFIL.id, EXFIL.title, 'critical'));
      await writeFile(path.join(rulesDir, 'idle.yml'), ruleFile(uuid(3), 'Admin login at night', 'low'));
      t.rules = await loadRuleSet([{ ruleset: 'site', dir: rulesDir }], { placeholders: {} });
      assert.equal(t.rules.rules.length, 3, JSON.stringify(t.rules.skipped));
    } finally {
      await rm(rulesDir, { recursive: true, force: true });
    }
    t.clock.advance(1000);
    const report = alertReportResponse.parse((await get('/api/v1/alerts/report', t.tokens.analyst)).json());
    assert.deepEqual([report.alerts, report.detections], [2, 4]);
    assert.equal(report.to, new Date(NOW + 1000).toISOString());
    assert.equal(report.from, new Date(NOW + 1000 - 30 * 86_400_000).toISOString());
    assert.deepEqual(
      report.byRule.map((row) => [row.rule.id, row.alerts, row.detections]),
      // As many alerts each: by title.
      [
        [EXFIL.id, 1, 1],
        [SSH.id, 1, 3],
      ],
    );
    assert.deepEqual(
      report.neverFired.map((rule) => rule.id),
      [uuid(3)],
    );
    // A web-only caller's report counts its alert only; a rule that fired only outside its systems never fired for it.
    const scoped = alertReportResponse.parse((await get('/api/v1/alerts/report', t.tokens.webOnly)).json());
    assert.deepEqual([scoped.alerts, scoped.bySystem], [1, [{ key: 'web', alerts: 1 }]]);
    assert.deepEqual(scoped.neverFired.map((rule) => rule.id).sort(), [uuid(3), EXFIL.id].sort());
    const later = alertReportResponse.parse((await get('/api/v1/alerts/report?from=now%2B1h&to=now%2B2h', t.tokens.analyst)).json());
    assert.deepEqual([later.alerts, later.neverFired.length], [0, 3]);
    assert.equal((await get('/api/v1/alerts/report?from=now&to=now-1d', t.tokens.analyst)).statusCode, 400);
    assert.equal((await get('/api/v1/alerts/report', t.tokens.ingest)).statusCode, 403);
  });

  it('R-ACCESS-2: a role without alerts.read is refused; every read is on the audit trail', async () => {
    assert.equal((await get('/api/v1/alerts', t.tokens.ingest)).statusCode, 403);
    assert.equal((await get('/api/v1/alerts', 'lw_not-a-token')).statusCode, 401);
    const rows = await t.engine.query<{ n: string }>("SELECT count() AS n FROM events WHERE event_action = 'alerts-read'");
    assert.ok(Number(rows[0]?.n) > 0);
  });
});
