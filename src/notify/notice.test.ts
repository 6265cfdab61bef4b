// What a notice tells a channel (R-ACCESS-2: masked fields never reach a masked recipient): the
// alert and its matched values as they are, or masked with the channel's profile; a profile that
// does not exist stops the delivery rather than sending unmasked.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MaskingProfiles } from '../access/masking.ts';
import { alertStateSchema, type StoredAlert } from '../alerts/alert-state.ts';
import { configSchema } from '../config/schema.ts';
import { DeliveryError } from './channel.ts';
import { buildNotice, matchedValues } from './notice.ts';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
let dir: string;
let masking: MaskingProfiles;

const alert: StoredAlert = {
  id: 'a1',
  n: 3,
  by: 'logwarden',
  at: T0,
  state: alertStateSchema.parse({
    rule: { id: 'ssh-brute', title: 'SSH brute force', level: 'high', revision: 'r1', tags: [], ruleset: 'default' },
    group: { 'source.ip': '203.0.113.9' },
    state: 'open',
    detections: ['d1'],
    detectionCount: 5,
    firstSequence: 1,
    lastSequence: 9,
    firstSeen: T0,
    lastSeen: T0,
    firstReceived: T0,
    systems: ['linux'],
    hosts: ['web-1.example.org'],
    message: 'SSH brute force: 5 failed logins for root from 203.0.113.9',
    why: { kind: 'threshold', values: { 'source.ip': '203.0.113.9', 'user.name': 'root' }, count: 5 },
    openedAt: T0,
    comments: [{ by: 'alice', at: T0, text: 'root on web-1 again' }],
    change: { kind: 'notify' },
  }),
};

const input = { id: 'a1-3-soc-initial-ops', kind: 'initial' as const, level: 1, alert, silencedBy: [], link: 'https://logwarden.example.org/api/v1/alerts/a1', at: T0 };

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-notice-'));
  masking = new MaskingProfiles(configSchema.parse({}).access.masking, dir);
  await masking.open();
});

after(async () => rm(dir, { recursive: true, force: true }));

test('R-ANALYSE-2: an unmasked channel gets the alert as the API shows it, its matched values and the link', () => {
  const notice = buildNotice(input, { name: 'ops' }, masking);
  assert.equal(notice.id, input.id);
  assert.equal(notice.kind, 'initial');
  assert.equal(notice.level, 1);
  assert.equal(notice.link, input.link);
  assert.equal(notice.alert.id, 'a1');
  assert.equal(notice.alert.detectionCount, 5);
  assert.deepEqual(notice.alert.group, { 'source.ip': '203.0.113.9' });
  assert.deepEqual(notice.values, { 'source.ip': '203.0.113.9', 'user.name': 'root' });
  assert.deepEqual(matchedValues({ ...alert, state: { ...alert.state, why: { kind: 'match' } } }), {}, 'no values: none shown');
});

test('R-ACCESS-2: a channel with a masking profile gets the alert masked: no address, user, host or comment in clear', () => {
  const notice = buildNotice(input, { name: 'partner', masking: 'third-party' }, masking);
  const text = JSON.stringify(notice);
  for (const secret of ['203.0.113.9', 'root', 'web-1.example.org', 'alice']) assert.ok(!text.includes(secret), `${secret} is masked in ${text}`);
  assert.deepEqual(notice.alert.comments, []);
  assert.equal(notice.alert.rule.title, 'SSH brute force', 'what happened is still said');
  assert.equal(notice.alert.detectionCount, 5);
  assert.ok(notice.values['user.name'] !== undefined, 'the value is there, pseudonymised');
});

test('R-ACCESS-2: a masking profile that does not exist fails the delivery for good instead of sending unmasked', () => {
  assert.throws(
    () => buildNotice(input, { name: 'partner', masking: 'nobody' }, masking),
    (error: unknown) => error instanceof DeliveryError && !error.retryable && /no masking profile "nobody"/.test(error.message),
  );
});
