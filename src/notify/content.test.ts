// What a notice says (R-ANALYSE-2): what, where, why, when and the link, on every channel; a
// masked channel's notice carries no raw value in any form (R-ACCESS-1); event text cannot break
// a line out of its place.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { MaskingProfiles } from '../access/masking.ts';
import { maskingSchema } from '../access/masking-schema.ts';
import { maskAlert } from '../alerts/alert-answer.ts';
import { noticeSubject, noticeSummary, noticeText, oneLine, webhookPayload } from './content.ts';
import { ALERT, notice } from './channels/notice.fixtures.ts';
import { slackMessage } from './channels/slack-format.ts';
import { syslogMessage } from './channels/syslog-format.ts';

test('R-ANALYSE-2: the subject names level, rule, host, group and what happened', () => {
  assert.equal(noticeSubject(notice()), '[logwarden] HIGH SSH brute force — web-1 (source.ip=203.0.113.9) — opened');
  assert.equal(noticeSummary(notice({ kind: 'escalation', level: 2 })), 'HIGH SSH brute force — web-1 (source.ip=203.0.113.9) — escalated to level 2');
  const closed = notice({ kind: 'closed', alert: { ...ALERT, state: 'closed', disposition: 'false-positive', updatedBy: 'alice', closedAt: '2026-12-01T13:00:00.000Z' } });
  assert.match(noticeSummary(closed), /— closed as false positive$/);
  const noHost = notice({ alert: { ...ALERT, hosts: [], group: {} } });
  assert.equal(noticeSummary(noHost), 'HIGH SSH brute force — web — opened');
});

test('R-ANALYSE-2: the body says what, where, why, when, the state and the link', () => {
  const text = noticeText(notice({ alert: { ...ALERT, assignee: 'bob' } }));
  for (const expected of [
    'What:     12 failed SSH logins for root from 203.0.113.9',
    'Systems:  web',
    'Hosts:    web-1',
    'Rule:     SSH brute force (lw-ssh-brute-force, logwarden)',
    'Level:    high',
    'Tags:     attack.credential-access, attack.t1110',
    'Group:    source.ip=203.0.113.9',
    'Count:    3 detections, first seen 2026-12-01T12:00:00.000Z, last seen 2026-12-01T12:04:00.000Z',
    'State:    open, assigned to bob',
    '  count: 12',
    '  user.name: root',
    'Open the alert: https://logwarden.example.org/alerts/0123456789abcdef0123',
  ])
    assert.ok(text.includes(`${expected}\n`), `missing ${JSON.stringify(expected)} in\n${text}`);
});

test('R-ANALYSE-2: a closing notice says who closed it and how; an escalation its level', () => {
  const closed = notice({ kind: 'closed', alert: { ...ALERT, state: 'closed', disposition: 'true-positive', updatedBy: 'alice', closedAt: '2026-12-01T13:00:00.000Z' } });
  assert.match(noticeText(closed), /^Closed as true positive by alice at 2026-12-01T13:00:00.000Z\.$/m);
  const resolved = notice({ kind: 'resolved', alert: { ...ALERT, state: 'resolved', updatedBy: 'carol', resolvedAt: '2026-12-01T13:30:00.000Z' } });
  assert.match(noticeText(resolved), /^Resolved by carol at 2026-12-01T13:30:00.000Z\.$/m);
  assert.match(noticeText(notice({ kind: 'escalation', level: 3 })), /^Not acknowledged in time: escalated to level 3\.$/m);
});

test('R-ANALYSE-2: the webhook payload is the Standard Webhooks envelope {type, timestamp, data}', () => {
  assert.deepEqual(webhookPayload(notice({ kind: 'escalation', level: 2 })), {
    type: 'alert.escalation',
    timestamp: '2026-12-01T12:04:31.000Z',
    data: {
      alert: ALERT,
      values: { 'source.ip': '203.0.113.9', 'user.name': 'root', count: 12 },
      link: 'https://logwarden.example.org/alerts/0123456789abcdef0123',
      summary: 'HIGH SSH brute force — web-1 (source.ip=203.0.113.9) — escalated to level 2',
      level: 2,
    },
  });
  assert.equal('level' in webhookPayload(notice()).data, false);
});

test('event text with line breaks and control characters stays on its line in the subject and the body', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (title, value) => {
      const forged = notice({ alert: { ...ALERT, rule: { ...ALERT.rule, title }, group: { 'user.name': value }, message: value } });
      assert.doesNotMatch(noticeSubject(forged), /[\r\n\u0000-\u001f\u007f\u2028\u2029]/);
      const body = noticeText(forged).split('\n');
      assert.ok(body.filter((line) => line.startsWith('What: ')).length === 1);
      assert.ok(body.every((line) => !/[\r\u0000-\u0008\u000b-\u001f\u007f]/.test(line)));
    }),
  );
  assert.equal(oneLine('a\r\nBcc: x@example.org'), 'a Bcc: x@example.org');
});

test("R-ACCESS-1: a masked channel's notice shows no raw value in any form (subject, body, webhook JSON, Slack, syslog)", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-content-'));
  try {
    const profiles = new MaskingProfiles(maskingSchema.parse({ profiles: [{ name: 'partner', pseudonymise: ['source.ip', 'user.name', 'host.name'] }] }), dir);
    await profiles.open();
    const masker = profiles.forProfile('partner');
    assert.ok(masker);
    const raw = {
      ...ALERT,
      group: { 'source.ip': '203.0.113.9', 'user.name': 'rootadmin' },
      hosts: ['web-1.corp.example'],
      message: 'failed logins for rootadmin from 203.0.113.9 on web-1.corp.example',
    };
    const masked = maskAlert(masker, raw, { 'source.ip': '203.0.113.9', 'user.name': 'rootadmin' });
    const shown = notice({ alert: masked.alert, values: masked.values });
    const renderings = [
      noticeSubject(shown),
      noticeText(shown),
      JSON.stringify(webhookPayload(shown)),
      JSON.stringify(slackMessage(shown)),
      syslogMessage(shown, 'authpriv', { hostname: 'lw', procid: '1' }),
    ];
    for (const secret of ['203.0.113.9', 'rootadmin', 'web-1.corp.example']) {
      const forms = [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
      for (const text of renderings) for (const form of forms) assert.ok(!text.includes(form), `${form} in ${text}`);
    }
    assert.match(noticeText(shown), /Rule: {5}SSH brute force/, 'the notice still says what happened');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
