// The alerting CLI's output, pure: the alerts table, `--format ndjson` one alert per line (the
// issue's contract), the detail, silences, notifications and the report; durations for people;
// and the flags of `silences add` turned into the API's body.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertContract, alertReportResponse, alertsResponse, type AlertContract, type AlertDetailResponse, type NotificationContract, type SilenceContract } from '../contracts/alerts.ts';
import { formatAlertDetail, formatAlerts, formatDuration, formatNotifications, formatReport, formatSilences } from './alert-format.ts';
import { printAlerts } from './alert-commands.ts';
import { silenceBody } from './silence-commands.ts';

const alert: AlertContract = {
  id: '0123456789abcdef0123',
  state: 'acknowledged',
  rule: { id: 'r1', title: 'SSH brute force', level: 'high', revision: 'abc', tags: ['attack.t1110'], ruleset: 'site' },
  group: { 'source.ip': '203.0.113.9' },
  detections: ['d1', 'd2'],
  detectionCount: 2,
  firstSequence: 10,
  lastSequence: 14,
  firstSeen: '2026-12-01T10:00:00.000Z',
  lastSeen: '2026-12-01T10:05:00.000Z',
  systems: ['web'],
  hosts: ['web-1'],
  message: 'SSH brute force: 5 failed logins from \u001b[31m203.0.113.9',
  assignee: 'bob',
  openedAt: '2026-12-01T10:00:01.000Z',
  acknowledgedAt: '2026-12-01T10:07:00.000Z',
  comments: [{ by: 'ann', at: '2026-12-01T10:07:00.000Z', text: 'on it' }],
  silencedBy: [],
  transition: 3,
  updatedBy: 'ann',
  updatedAt: '2026-12-01T10:07:00.000Z',
};

const notification: NotificationContract = {
  id: 'n1',
  alert: alert.id,
  route: 'soc',
  channel: 'soc-mail',
  channelType: 'email',
  kind: 'escalation',
  level: 2,
  dueAt: '2026-12-01T10:30:00.000Z',
  status: 'dead',
  attempts: [
    { at: '2026-12-01T10:30:00.000Z', outcome: 'failed', ms: 30, error: 'ECONNREFUSED' },
    { at: '2026-12-01T10:31:00.000Z', outcome: 'failed', ms: 31, error: '550 mailbox unavailable' },
  ],
};

describe('alerting CLI output (R-ANALYSE-2)', () => {
  it('durations for people', () => {
    assert.deepEqual([null, 850, 42_000, 252_000, 3 * 3_600_000 + 5 * 60_000, 2 * 86_400_000 + 4 * 3_600_000].map(formatDuration), ['-', '850ms', '42s', '4m12s', '3h05m', '2d04h']);
  });

  it('the alerts table: one line per alert, control characters escaped, a silenced alert marked', () => {
    const [header, row, silenced] = formatAlerts([alert, { ...alert, silencedBy: ['s1'], assignee: undefined } as AlertContract]).split('\n');
    assert.match(header ?? '', /^ID\s+STATE\s+LEVEL\s+RULE\s+GROUP\s+DETECTIONS\s+SYSTEMS\s+ASSIGNEE\s+LAST SEEN\s+MESSAGE$/);
    assert.match(
      row ?? '',
      /^0123456789abcdef0123\s+acknowledged\s+high\s+SSH brute force\s+source\.ip=203\.0\.113\.9\s+2\s+web\s+bob\s+2026-12-01T10:05:00\.000Z\s+SSH brute force: 5 failed logins from \\x1b\[31m203/,
    );
    assert.match(silenced ?? '', /acknowledged \(silenced\)\s+high.*\s-\s+2026/);
  });

  it('--format ndjson prints one API alert object per line; json the API answer', () => {
    const lines = printAlerts([alert, { ...alert, id: 'ffffffffffffffffffff' }], 'ndjson')
      .trimEnd()
      .split('\n');
    assert.equal(lines.length, 2);
    assert.deepEqual(alertContract.parse(JSON.parse(lines[0] as string)), alert);
    assert.deepEqual(alertsResponse.parse(JSON.parse(printAlerts([alert], 'json'))).alerts, [alert]);
  });

  it('the detail names state and disposition, comments, history, detections and notifications', () => {
    const detail: AlertDetailResponse = {
      alert: { ...alert, state: 'closed', disposition: 'benign' },
      detections: [],
      history: [{ n: 1, at: alert.openedAt, by: 'logwarden', change: 'create', state: 'open' }],
      notifications: [notification],
    };
    const text = formatAlertDetail(detail);
    assert.match(text, /^id\s+0123456789abcdef0123$/m);
    assert.match(text, /^state\s+closed \(benign\)$/m);
    assert.match(text, /^detections\s+2 \(event\.sequence 10\.\.14\)$/m);
    assert.match(text, /^Comments\nAT\s+BY\s+TEXT\n2026-12-01T10:07:00\.000Z\s+ann\s+on it$/m);
    assert.match(text, /^1\s+2026-12-01T10:00:01\.000Z\s+logwarden\s+create\s+open\s+-$/m);
    assert.match(text, /escalation L2\s+soc-mail \(email\)\s+soc\s+0123456789abcdef0123\s+2 \(failed: 550 mailbox unavailable\)/);
  });

  it('silences and notifications tables', () => {
    const silence: SilenceContract = {
      id: 's1',
      matcher: { rule: 'SSH brute force', tags: ['scan'], group: { 'source.ip': '203.0.113.9' } },
      startsAt: '2026-12-01T10:00:00.000Z',
      endsAt: '2026-12-01T12:00:00.000Z',
      reason: 'weekly scan',
      author: 'ann',
      ended: { at: '2026-12-01T11:00:00.000Z', by: 'bob' },
      active: false,
    };
    assert.match(
      formatSilences([silence]).split('\n')[1] ?? '',
      /^s1\s+ended by bob\s+rule=SSH brute force tag=scan source\.ip=203\.0\.113\.9\s+2026-12-01T10:00:00\.000Z\s+2026-12-01T11:00:00\.000Z\s+ann\s+weekly scan$/,
    );
    assert.match(
      formatNotifications([{ ...notification, attempts: [], status: 'pending', level: undefined, kind: 'initial' } as NotificationContract]).split('\n')[1] ?? '',
      /pending\s+initial\s+soc-mail \(email\)\s+soc\s+\S+\s+0\s+n1$/,
    );
  });

  it('the report: totals, figures, breakdowns, and (none) for empty ones', () => {
    const report = alertReportResponse.parse({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      alerts: 3,
      detections: 9,
      byRule: [{ rule: { id: 'r1', title: 'SSH brute force', level: 'high' }, alerts: 3, detections: 9, falsePositives: 2 }],
      bySystem: [{ key: 'web', alerts: 3 }],
      byLevel: [{ key: 'high', alerts: 3 }],
      byDisposition: [{ key: 'false-positive', alerts: 2 }],
      byState: [{ key: 'closed', alerts: 3 }],
      timeToAcknowledge: { count: 3, medianMs: 240_000, p90Ms: 528_000 },
      timeToResolve: { count: 0, medianMs: null, p90Ms: null },
      mostFalsePositives: [{ rule: { id: 'r1', title: 'SSH brute force', level: 'high' }, falsePositives: 2, closed: 3 }],
      neverFired: [],
    });
    const text = formatReport(report);
    assert.match(text, /^Alerts opened 2026-11-01T00:00:00\.000Z \.\. 2026-12-01T00:00:00\.000Z: 3 alerts, 9 detections$/m);
    assert.match(text, /^Time to acknowledge: median 4m00s, p90 8m48s \(over 3 alerts\)$/m);
    assert.match(text, /^Time to resolve: median -, p90 - \(over 0 alerts\)$/m);
    assert.match(text, /^SSH brute force\s+high\s+3\s+9\s+2$/m);
    assert.match(text, /^Most false positives\nRULE\s+FALSE POSITIVES\s+CLOSED\nSSH brute force\s+2\s+3$/m);
    assert.match(text, /^Rules that never fired\n\(none\)$/m);
  });

  it('silences add: the flags become the API body; exactly one of --for and --until', () => {
    const flags = { rule: 'SSH brute force', tag: ['scan'], group: ['source.ip=203.0.113.9', 'url=/a=b'], reason: 'weekly scan' };
    assert.deepEqual(silenceBody({ ...flags, for: '2h' }), {
      matcher: { rule: 'SSH brute force', tags: ['scan'], group: { 'source.ip': '203.0.113.9', url: '/a=b' } },
      reason: 'weekly scan',
      duration: '2h',
    });
    assert.deepEqual(silenceBody({ ...flags, tag: [], group: [], until: 'now+1h' }), { matcher: { rule: 'SSH brute force' }, reason: 'weekly scan', endsAt: 'now+1h' });
    assert.throws(() => silenceBody({ ...flags }), /--for .* or --until/);
    assert.throws(() => silenceBody({ ...flags, for: '2h', until: 'now+1h' }), /--for .* or --until/);
  });
});
