// maskEvent with the built-in third-party profile (R-MASK-1, R-ACCESS-1): planted user names,
// addresses, host names and an organisation name do not survive in any field, messages keep
// their sense with the same pseudonyms as the fields, detection events are masked key by key, and
// a property test plants random values in random fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LogEvent } from '../../schema/event.ts';
import { FIELDS } from '../../schema/fields.ts';
import { KEY_A, customProfile, thirdParty } from './masking.fixtures.ts';
import { pseudonym } from './pseudonym.ts';
import { THIRD_PARTY, THIRD_PARTY_KEPT } from './third-party.ts';

const DICTIONARY = { hosts: ['db7.internal'], organisations: ['Initech'] };
const user = (name: string): string => pseudonym(KEY_A, 'user', name);
const host = (name: string): string => pseudonym(KEY_A, 'host', name);

const SSH: LogEvent = {
  'event.sequence': 41,
  '@timestamp': 1_764_000_000_000,
  'event.action': 'ssh-login',
  'event.outcome': 'failure',
  'user.name': 'mallory',
  'related.user': ['mallory'],
  'host.name': 'web01.corp.initech.example',
  'host.hostname': 'web01',
  'source.ip': '203.0.113.9',
  'related.ip': ['203.0.113.9', '2001:db8:beef:7::2'],
  'logwarden.source.peer': '198.51.100.20:5514',
  'logwarden.source.identity': 'initech-relay',
  'logwarden.source.listener': '0.0.0.0:514',
  message: 'Failed password for Mallory from 203.0.113.9 port 52022 ssh2 on web01 (db7.internal, INITECH Corp)',
  'event.original': '<38>Dec  1 10:00:00 web01 sshd[7]: Failed password for mallory from 203.0.113.9 port 52022 ssh2',
  'process.command_line': 'sshd: mallory [priv]',
  labels: { site: 'initech-hq', owner: 'mallory', 'mallory-desk': '3' },
};

test('R-MASK-1: third-party maskEvent pseudonymises users and hosts, generalises addresses, redacts the sender, rewrites message and event.original', () => {
  const out = thirdParty(DICTIONARY).maskEvent(SSH);
  assert.equal(out['event.sequence'], 41);
  assert.equal(out['event.action'], 'ssh-login');
  assert.equal(out['user.name'], user('mallory'));
  assert.deepEqual(out['related.user'], [user('mallory')]);
  assert.equal(out['host.name'], host('web01.corp.initech.example'));
  assert.equal(out['host.hostname'], host('web01'));
  assert.equal(out['source.ip'], '203.0.113.0/24');
  assert.deepEqual(out['related.ip'], ['203.0.113.0/24', '2001:db8:beef::/48']);
  assert.equal(out['logwarden.source.peer'], '198.51.100.0/24');
  assert.equal(out['logwarden.source.identity'], undefined);
  assert.equal(out['logwarden.source.listener'], undefined);
  assert.equal(out['message'], `Failed password for ${user('mallory')} from 203.0.113.0/24 port 52022 ssh2 on ${host('web01')} (${host('db7.internal')}, ${pseudonym(KEY_A, 'org', 'initech')} Corp)`);
  assert.equal(out['event.original'], `<38>Dec  1 10:00:00 ${host('web01')} sshd[7]: Failed password for ${user('mallory')} from 203.0.113.0/24 port 52022 ssh2`);
  assert.equal(out['process.command_line'], `sshd: ${user('mallory')} [priv]`);
  assert.deepEqual(out['labels'], { site: `${pseudonym(KEY_A, 'org', 'initech')}-hq`, owner: user('mallory'), [`${user('mallory')}-desk`]: '3' });
  const text = JSON.stringify(out).toLowerCase();
  for (const planted of ['mallory', 'web01', '203.0.113.9', '2001:db8:beef:7::2', '198.51.100.20', 'initech', 'db7']) assert.ok(!text.includes(planted), planted);
  assert.equal(SSH['user.name'], 'mallory', 'the input is not changed');
});

test('R-MASK-1: e-mail addresses and addresses in any shown field are rewritten; profiles without message rewriting leave text alone', () => {
  const out = thirdParty().maskEvent({ 'service.name': 'billing', 'url.original': '/reset?to=eve@example.org&from=10.9.8.7', 'user_agent.original': 'curl/8.5' });
  assert.equal(out['url.original'], `/reset?to=${pseudonym(KEY_A, 'email', 'eve@example.org')}&from=10.9.8.0/24`);
  assert.equal(out['user_agent.original'], 'curl/8.5');
  const plain = customProfile({ name: 'names-only', message: false, pseudonymise: ['user.name'] }).maskEvent({ 'user.name': 'eve', message: 'eve from 10.0.0.1' });
  assert.deepEqual(plain, { 'user.name': user('eve'), message: 'eve from 10.0.0.1' });
});

test('R-MASK-1: a detection event has its group, reason and original JSON masked key by key, and its message rewritten', () => {
  const why = { kind: 'correlation', type: 'value_count', count: 3, values: ['carol', 'dave'], rules: ['r1'], window: { from: 1, to: 2 } };
  const detection = { message: 'Spray from 203.0.113.9 on carol and dave', group: { 'source.ip': '203.0.113.9', 'user.name': 'carol' }, why, id: 'x', rule: { title: 'Spray' } };
  const out = thirdParty().maskEvent({
    'event.kind': 'alert',
    message: detection.message,
    'logwarden.detection.group': detection.group,
    'logwarden.detection.reason': JSON.stringify(why),
    'event.original': JSON.stringify(detection),
  });
  const value = (text: string): string => pseudonym(KEY_A, 'value', text);
  assert.deepEqual(out['logwarden.detection.group'], { 'source.ip': '203.0.113.0/24', 'user.name': user('carol') });
  assert.deepEqual(JSON.parse(out['logwarden.detection.reason'] as string).values, [value('carol'), value('dave')]);
  // carol is a user name of the group: its user pseudonym wins in the text; dave is known only as a value.
  assert.equal(out['message'], `Spray from 203.0.113.0/24 on ${user('carol')} and ${value('dave')}`);
  const original = JSON.parse(out['event.original'] as string) as typeof detection;
  assert.equal(original.message, out['message']);
  assert.deepEqual(original.group, out['logwarden.detection.group']);
  assert.ok(!JSON.stringify(out).includes('carol') && !JSON.stringify(out).includes('dave') && !JSON.stringify(out).includes('203.0.113.9'));
});

test('R-MASK-1: maskDetection and maskFieldValues (detections API, hunts, rule tests) mask values by their field', () => {
  const masker = thirdParty();
  const shown = masker.maskDetection({ id: 'd', message: 'first login of erin on web02', group: { 'host.name': 'web02' }, why: { kind: 'anomaly', type: 'first_seen', value: 'erin' } });
  assert.equal(shown.message, `first login of ${pseudonym(KEY_A, 'value', 'erin')} on ${host('web02')}`);
  assert.deepEqual(shown.why, { kind: 'anomaly', type: 'first_seen', value: pseudonym(KEY_A, 'value', 'erin') });
  assert.equal(shown.id, 'd');
  assert.deepEqual(masker.maskFieldValues({ 'user.name': 'erin', 'event.action': 'login', 'source.port': 22, 'logwarden.source.identity': 'x' }), {
    'user.name': user('erin'),
    'event.action': 'login',
    'source.port': 22,
    'logwarden.source.identity': '[redacted]',
  });
});

test('R-MASK-1: the third-party profile decides every field of the registry, and names only registry fields', () => {
  const decided = [...THIRD_PARTY.redact, ...THIRD_PARTY.pseudonymise, ...THIRD_PARTY.generalise, ...THIRD_PARTY.rewrite, ...THIRD_PARTY_KEPT];
  const special = ['message', 'event.original', 'logwarden.detection.group', 'logwarden.detection.reason'];
  const names = FIELDS.map((field) => field.name);
  assert.deepEqual(
    names.filter((name) => !decided.includes(name) && !special.includes(name)),
    [],
    'fields without a masking decision',
  );
  assert.deepEqual(
    decided.filter((name) => !names.includes(name)),
    [],
    'names not in the registry',
  );
  assert.equal(new Set(decided).size, decided.length, 'a field decided twice');
});

// The property: whatever field a planted user name, host name, address or organisation name is
// put in (besides the field it belongs to), it does not survive.
const word = fc.stringMatching(/^[g-z][a-z0-9]{4,9}$/);
const octet = fc.integer({ min: 1, max: 254 });
const FREE_FIELDS = ['message', 'event.original', 'process.command_line', 'service.name', 'event.reason', 'file.path', 'url.original', 'rule.name', 'group.name', 'user_agent.original'];
const TEMPLATES = [(v: string) => `${v}`, (v: string) => `seen ${v} twice`, (v: string) => `/home/${v}/.ssh`, (v: string) => `${v.toUpperCase()}: ok`, (v: string) => `x=${v};`];

test('R-MASK-1 property: no planted user name, host name, address or organisation survives maskEvent in any field', () => {
  fc.assert(
    fc.property(word, word, word, fc.tuple(octet, octet, octet, octet), fc.constantFrom(...FREE_FIELDS), fc.constantFrom(...TEMPLATES), (userName, hostName, org, ip, field, template) => {
      fc.pre(new Set([userName, hostName, org]).size === 3);
      const address = ip.join('.');
      const masker = thirdParty({ organisations: [org] });
      const planted = [userName, hostName, org, address];
      const event: LogEvent = { 'user.name': userName, 'host.name': hostName, 'source.ip': address, 'event.action': 'login' };
      for (const [index, value] of planted.entries()) event[FREE_FIELDS[(FREE_FIELDS.indexOf(field) + index) % FREE_FIELDS.length] as string] = template(value);
      const text = JSON.stringify(masker.maskEvent(event)).toLowerCase();
      for (const value of planted) assert.ok(!text.includes(value.toLowerCase()), `${value} survived in ${text}`);
    }),
    { numRuns: 300 },
  );
});

test('R-MASK-1: hostile text (long runs of letters, digits, colons and dots) is rewritten in one scan, and what is no address stays', () => {
  const runs = ['a'.repeat(200_000), `${'1.'.repeat(50_000)}1`, ':'.repeat(100_000), `${'ab:'.repeat(50_000)}`, `${'x.'.repeat(50_000)}@`];
  const masker = thirdParty({ organisations: ['Initech'] });
  for (const run of runs) {
    const out = masker.maskEvent({ 'user.name': 'mallory', message: `${run} mallory` });
    assert.ok(String(out['message']).endsWith(` ${user('mallory')}`));
  }
});

test('R-MASK-1: user names a message names without a parsed field (user=, acct=, for user, invalid user) become user pseudonyms', () => {
  const out = thirdParty().maskEvent({
    'user.name': 'mallory',
    message:
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.9 user=oscar acct="Peggy" for user victor, invalid user walter by user mallory USER=root uid=1000',
  });
  assert.equal(
    out['message'],
    `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.0/24 user=${user('oscar')} acct="${user('Peggy')}" for user ${user('victor')}, invalid user ${user('walter')} by user ${user('mallory')} USER=${user('root')} uid=1000`,
  );
});
