// Alerting end to end, as a user runs it (R-ANALYSE-2, R-ANALYSE-4, R-TAMPER-1, R-ACCESS-1): the
// built server with a configuration routing every alert to email (a real SMTP server: STARTTLS
// and AUTH), a signed webhook (verified with the official `standardwebhooks` package) and syslog
// (the installed rsyslogd), and high and critical alerts to an escalation policy of two levels.
// Two SSH brute forces sent as sshd's lines with `logger --tcp`: each is one alert in the API with
// its detection and the detection's evidence, one notice per channel for the burst (grouped: no
// duplicates) naming rule, system, host, address and link and no secret; the unacknowledged one
// escalates to level 2, the one acknowledged with the CLI does not; both are resolved or closed
// with a disposition through the CLI; every transition is in the ledger under the name of who
// made it, and the review report shows the disposition and the time to acknowledge.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { alertContract, alertDetailResponse, alertReportResponse, alertsResponse, searchResponse, type AlertContract } from '../../src/contracts/index.ts';
import type { WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { BRUTE_FORCE_BY_SOURCE, BRUTE_FORCE_TITLE, FAILURES, SYSTEM, allRecordsText, api, bruteForce, cli, get, startWorld, until, type World } from './alerting-world.ts';

const ESCALATED = '203.0.113.9';
const ACKNOWLEDGED = '203.0.113.10';
/**
 * Level 1's delay: long enough for the CLI's acknowledgement to land before level 2 is due, on a
 * loaded machine where level 1's notice itself arrived up to 3.5 s after it was due (notices are
 * delivered and recorded one after the other) and the CLI took 1–2 s to start.
 */
const LEVEL_DELAY_MS = 10_000;

let world: World;
/** The two alerts by source address, once they are open. */
const alerts = new Map<string, AlertContract>();
let aliceTokenFile: string;

before(async () => {
  world = await startWorld({ levelDelay: `${LEVEL_DELAY_MS / 1000}s` });
  const created = await cli(world, ['token', 'create', '--name', 'alice', '--role', 'analyst']);
  assert.equal(created.code, 0, created.stderr);
  aliceTokenFile = path.join(world.dir, 'alice-token');
  await writeFile(aliceTokenFile, created.stdout.trim(), { mode: 0o600 });
});
after(async () => {
  await world?.close();
});

async function listed(): Promise<AlertContract[]> {
  return (await get(world, alertsResponse, '/api/v1/alerts', { rule: BRUTE_FORCE_BY_SOURCE })).alerts;
}

/** The one alert of the brute force from `address`, once it is there. */
async function alertFor(address: string): Promise<AlertContract> {
  return until(`an alert for ${address}`, async () => {
    const found = (await listed()).filter((alert) => alert.group['source.ip'] === address);
    assert.ok(found.length <= 1, `one alert for one burst, found ${found.length}`);
    return found[0];
  });
}

const names = (text: string, address: string): boolean => new RegExp(`${address.replaceAll('.', '\\.')}(?![0-9])`).test(text);
const hooksFor = (receiver: WebhookReceiver, alert: AlertContract): number => receiver.received.filter((request) => request.body.includes(alert.id)).length;

describe('alerting, end to end (R-ANALYSE-2)', () => {
  test('a brute force sent with logger --tcp is one alert in GET /api/v1/alerts, with its detection and the detection’s evidence', async () => {
    await bruteForce(world, ESCALATED, 'root');
    await bruteForce(world, ACKNOWLEDGED, 'admin');
    for (const address of [ESCALATED, ACKNOWLEDGED]) alerts.set(address, await alertFor(address));
    const alert = alerts.get(ESCALATED) as AlertContract;
    const raw = (await api(world, 'GET', `/api/v1/alerts?rule=${BRUTE_FORCE_BY_SOURCE}`)).body as { alerts: Record<string, unknown>[] };
    for (const key of ['id', 'state', 'rule', 'group', 'detections']) assert.ok(key in (raw.alerts[0] as object), `the contract's "${key}"`);
    assert.equal(alert.state, 'open');
    assert.equal(alert.rule.id, BRUTE_FORCE_BY_SOURCE);
    assert.equal(alert.rule.title, BRUTE_FORCE_TITLE);
    assert.equal(alert.rule.level, 'high');
    assert.deepEqual(alert.group, { 'source.ip': ESCALATED });
    assert.equal(alert.detections.length, 1);
    assert.deepEqual(alert.systems, [SYSTEM]);
    assert.ok(alert.hosts.length > 0, 'the host that logged the failures');

    const detail = await get(world, alertDetailResponse, `/api/v1/alerts/${alert.id}`);
    assert.equal(detail.alert.id, alert.id);
    assert.deepEqual(detail.alert.detections, alert.detections);
    const [detection] = detail.detections;
    assert.equal(detection?.id, alert.detections[0]);
    assert.equal(detection?.events.length, FAILURES, 'the evidence is the ten failures');
    for (const sequence of detection?.events ?? []) {
      const [event, ...more] = (await get(world, searchResponse, '/api/v1/search', { q: `event.sequence:${sequence}`, from: 'now-1d' })).events;
      assert.deepEqual(more, []);
      assert.equal(event?.['event.action'], 'ssh-login');
      assert.equal(event?.['event.outcome'], 'failure');
      assert.equal(event?.['source.ip'], ESCALATED, `event.sequence:${sequence} is one of the failed logins`);
    }
  });

  test('one email, one verified webhook and one syslog message for the burst, naming rule, system, host, address and link', async () => {
    const alert = alerts.get(ESCALATED) as AlertContract;
    const link = `${world.server.httpUrl.replace(/\/+$/, '')}/api/v1/alerts/${alert.id}`;
    const mail = await until('the email', async () => world.smtp.received.find((message) => names(`${message.headers['subject']}\n${message.text}`, ESCALATED)));
    const hook = await until('the webhook', async () => world.hook.received.find((request) => request.body.includes(alert.id)));
    const syslog = await until('the syslog message', async () => (await world.syslog.messages()).find((message) => names(message.raw, ESCALATED)));
    assert.ok(mail.secure, 'the email went over STARTTLS');
    assert.equal(mail.user, 'logwarden', 'and was sent authenticated');
    assert.deepEqual(mail.to, ['soc@example.test']);
    assert.deepEqual(world.hook.refused, [], 'every webhook carried a valid Standard Webhooks signature');
    for (const [channel, text] of [
      ['email', `${mail.headers['subject']}\n${mail.text}`],
      ['webhook', hook.body],
      ['syslog', syslog.raw],
    ] as const) {
      for (const expected of [BRUTE_FORCE_TITLE, SYSTEM, alert.hosts[0] as string, link]) assert.ok(text.includes(expected), `${channel} names ${expected}:\n${text}`);
      assert.ok(names(text, ESCALATED), `${channel} names the source address`);
    }
  });

  test('acknowledged with `logwarden alerts ack`, an alert does not escalate; the unacknowledged one reaches level 2 once', async () => {
    const escalated = alerts.get(ESCALATED) as AlertContract;
    const acknowledged = alerts.get(ACKNOWLEDGED) as AlertContract;
    await until('level 1 of the policy', async () => (hooksFor(world.oncall, acknowledged) > 0 ? true : undefined));
    const ack = await cli(world, ['alerts', 'ack', acknowledged.id, '--comment', 'looking into it'], aliceTokenFile);
    assert.equal(ack.code, 0, ack.stderr);
    const after = await get(world, alertDetailResponse, `/api/v1/alerts/${acknowledged.id}`);
    assert.equal(after.alert.state, 'acknowledged');
    assert.equal(after.alert.updatedBy, 'alice');
    assert.ok(after.alert.acknowledgedAt !== undefined);

    await until('the escalation to level 2', async () => (hooksFor(world.pager, escalated) > 0 ? true : undefined));
    // Both alerts opened together: once one reached level 2, the other was due there too. One
    // more level delay makes sure no late duplicate or late escalation is on its way.
    await new Promise((resolve) => setTimeout(resolve, LEVEL_DELAY_MS + 500));
    const record = await get(world, alertDetailResponse, `/api/v1/alerts/${acknowledged.id}`);
    assert.equal(hooksFor(world.pager, acknowledged), 0, `the acknowledged alert was not escalated: ${JSON.stringify({ history: record.history, notifications: record.notifications })}`);
    assert.equal(hooksFor(world.pager, escalated), 1, 'the escalation fired once');
    assert.deepEqual(world.pager.refused, []);
    for (const alert of [escalated, acknowledged]) {
      const address = alert.group['source.ip'] as string;
      assert.equal(world.smtp.received.filter((message) => names(`${message.headers['subject']}\n${message.text}`, address)).length, 1, `one email for ${address}`);
      assert.equal(hooksFor(world.hook, alert), 1, `one webhook for ${address}`);
      assert.equal((await world.syslog.messages()).filter((message) => names(message.raw, address)).length, 1, `one syslog message for ${address}`);
      assert.equal(hooksFor(world.oncall, alert), 1, `level 1 notified once for ${address}`);
    }
  });

  test('resolve and close with a disposition through the CLI; `alerts list --format ndjson` prints one alert per line (R-ANALYSE-4)', async () => {
    const escalated = alerts.get(ESCALATED) as AlertContract;
    const acknowledged = alerts.get(ACKNOWLEDGED) as AlertContract;
    const resolved = await cli(world, ['alerts', 'resolve', escalated.id, '--comment', 'address blocked at the firewall'], aliceTokenFile);
    assert.equal(resolved.code, 0, resolved.stderr);
    const closed = await cli(world, ['alerts', 'close', acknowledged.id, '--disposition', 'false-positive', '--comment', 'our own scanner'], aliceTokenFile);
    assert.equal(closed.code, 0, closed.stderr);
    const listing = await cli(world, ['alerts', 'list', '--rule', BRUTE_FORCE_BY_SOURCE, '--format', 'ndjson']);
    assert.equal(listing.code, 0, listing.stderr);
    const printed = listing.stdout
      .trim()
      .split('\n')
      .map((line) => alertContract.parse(JSON.parse(line)));
    assert.deepEqual(printed, await listed(), 'exactly the API’s objects, one per line');
    const byAddress = new Map(printed.map((alert) => [alert.group['source.ip'], alert]));
    assert.equal(byAddress.get(ESCALATED)?.state, 'resolved');
    assert.equal(byAddress.get(ACKNOWLEDGED)?.state, 'closed');
    assert.equal(byAddress.get(ACKNOWLEDGED)?.disposition, 'false-positive');
    assert.ok(byAddress.get(ACKNOWLEDGED)?.comments.some((comment) => comment.text === 'our own scanner' && comment.by === 'alice'));
  });

  test('every transition is a ledger event searchable under who made it; `logwarden verify` passes (R-TAMPER-1)', async () => {
    for (const alert of alerts.values()) {
      const { history } = await get(world, alertDetailResponse, `/api/v1/alerts/${alert.id}`);
      const events = await until(`the transition events of ${alert.id}`, async () => {
        const found = (await get(world, searchResponse, '/api/v1/search', { q: `labels.entity:alert AND labels.entity_id:${alert.id}`, from: 'now-1d', order: 'asc', limit: '1000' })).events;
        return found.length === history.length ? found : undefined;
      });
      const byNumber = new Map(events.map((event) => [Number((event['labels'] as Record<string, string>)['transition']), event]));
      for (const transition of history) {
        const event = byNumber.get(transition.n);
        assert.equal(event?.['user.name'], transition.by, `transition ${transition.n} (${transition.change}) is recorded under ${transition.by}`);
      }
      const people = history.filter((transition) => ['acknowledge', 'resolve', 'close'].includes(transition.change));
      assert.ok(people.length > 0 && people.every((transition) => transition.by === 'alice'), 'the changes people made are alice’s');
      const aliceEvents = await get(world, searchResponse, '/api/v1/search', { q: `labels.entity_id:${alert.id} AND user.name:alice`, from: 'now-1d' });
      assert.equal(aliceEvents.events.length, people.length);
    }
    const lastTransition = await get(world, searchResponse, '/api/v1/search', { q: 'labels.entity:alert', from: 'now-1d', limit: '1' });
    const sequence = Number(lastTransition.events[0]?.['event.sequence']);
    await until('an inclusion proof of the newest transition', async () => ((await api(world, 'GET', `/api/v1/ledger/proof/inclusion?seq=${sequence}`)).status === 200 ? true : undefined));
    const verified = await cli(world, ['verify']);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^OK: ledger intact/);
  });

  test('`logwarden alerts report` shows the alerts with their dispositions and the time to acknowledge (R-ANALYSE-4)', async () => {
    const printed = await cli(world, ['alerts', 'report', '--from', 'now-1h', '--to', 'now', '--format', 'json']);
    assert.equal(printed.code, 0, printed.stderr);
    const report = alertReportResponse.parse(JSON.parse(printed.stdout));
    const rule = report.byRule.find((row) => row.rule.id === BRUTE_FORCE_BY_SOURCE);
    assert.equal(rule?.alerts, 2);
    assert.equal(rule?.falsePositives, 1);
    assert.deepEqual(
      report.byDisposition.find((row) => row.key === 'false-positive'),
      { key: 'false-positive', alerts: 1 },
    );
    assert.equal(report.timeToAcknowledge.count, 1, 'one alert was acknowledged');
    const acknowledged = await get(world, alertDetailResponse, `/api/v1/alerts/${(alerts.get(ACKNOWLEDGED) as AlertContract).id}`);
    const expected = Date.parse(acknowledged.alert.acknowledgedAt as string) - Date.parse(acknowledged.alert.openedAt);
    assert.equal(report.timeToAcknowledge.medianMs, expected);
    assert.ok(report.mostFalsePositives.some((row) => row.rule.id === BRUTE_FORCE_BY_SOURCE && row.falsePositives === 1));
    const table = await cli(world, ['alerts', 'report', '--from', 'now-1h', '--to', 'now']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /SSH brute force from one address/);
    assert.match(table.stdout, /false-positive/);
  });

  test('no secret (SMTP password, webhook signing secrets) in any message received, the server’s log, or the stored records (R-ACCESS-1)', async () => {
    const received = [
      ...world.smtp.received.map((message) => message.raw),
      ...[world.hook, world.oncall, world.pager].flatMap((receiver) => receiver.received.map((request) => `${JSON.stringify(request.headers)}\n${request.body}`)),
      ...(await world.syslog.messages()).map((message) => message.raw),
    ].join('\n');
    assert.ok(received.length > 0);
    const logs = JSON.stringify([...world.logs, ...world.server.logs]);
    const records = await allRecordsText(world);
    for (const [name, secret] of Object.entries(world.secrets)) {
      const base64 = secret.replace(/^whsec_/, '');
      for (const [where, text] of [
        ['the messages received', received],
        ['the server log', logs],
        ['the stored records', records],
      ] as const) {
        assert.ok(!text.includes(secret) && !text.includes(base64), `the ${name} secret is not in ${where}`);
      }
    }
    const notifications = await api(world, 'GET', '/api/v1/notifications?limit=1000');
    assert.equal(notifications.status, 200);
    for (const secret of Object.values(world.secrets)) assert.ok(!JSON.stringify(notifications.body).includes(secret), 'nor in the notification records');
  });
});
