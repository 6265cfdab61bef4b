// HMAC pseudonyms and generalised addresses (R-MASK-1): stable per profile and key, different
// under another key, the same whatever field a value is in; IPv4 /24 and IPv6 /48.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generaliseAddress } from './generalise.ts';
import { KEY_A, KEY_B, customProfile, thirdParty } from './masking.fixtures.ts';
import { pseudonym, pseudonymKind } from './pseudonym.ts';

test('R-MASK-1: a pseudonym is stable for a key and value, differs under another key, and reads kind-NNNNNNNNNN', () => {
  const first = pseudonym(KEY_A, 'user', 'alice');
  assert.match(first, /^user-[0-9a-f]{10}$/);
  assert.equal(pseudonym(KEY_A, 'user', 'alice'), first);
  assert.notEqual(pseudonym(KEY_B, 'user', 'alice'), first);
  assert.notEqual(pseudonym(KEY_A, 'user', 'alicia'), first);
  // Host names compare without case, as DNS does; user names keep theirs.
  assert.equal(pseudonym(KEY_A, 'host', 'WEB01'), pseudonym(KEY_A, 'host', 'web01'));
  assert.notEqual(pseudonym(KEY_A, 'user', 'Alice'), first);
});

test('R-MASK-1: the same user reads the same pseudonym in user.name, user.target.name and related.user; other profiles and keys give others', () => {
  const masker = thirdParty();
  const event = masker.maskEvent({ 'user.name': 'alice', 'user.target.name': 'alice', 'related.user': ['alice', 'bob'] });
  const alice = event['user.name'] as string;
  assert.equal(event['user.target.name'], alice);
  assert.deepEqual(event['related.user'], [alice, pseudonym(KEY_A, 'user', 'bob')]);
  assert.equal(pseudonymKind('related.user'), 'user');
  assert.equal(pseudonymKind('host.hostname'), 'host');
  assert.notEqual(thirdParty({}, KEY_B).maskEvent({ 'user.name': 'alice' })['user.name'], alice);
  const other = customProfile({ name: 'vendor', pseudonymise: ['user.name'] }, KEY_B);
  assert.notEqual(other.maskEvent({ 'user.name': 'alice' })['user.name'], alice);
});

test('R-MASK-1: addresses generalise to IPv4 /24 and IPv6 /48; ports and zones dropped; non-addresses are not addresses', () => {
  assert.equal(generaliseAddress('203.0.113.9'), '203.0.113.0/24');
  assert.equal(generaliseAddress('203.0.113.9:5514'), '203.0.113.0/24');
  assert.equal(generaliseAddress('2001:db8:abcd:12::1'), '2001:db8:abcd::/48');
  assert.equal(generaliseAddress('2001:0DB8:0000:0012:0000:0000:0000:0001'), '2001:db8:0::/48');
  assert.equal(generaliseAddress('[2001:db8:1:2::5]:443'), '2001:db8:1::/48');
  assert.equal(generaliseAddress('fe80::1%eth0'), 'fe80:0:0::/48');
  assert.equal(generaliseAddress('::ffff:198.51.100.7'), '198.51.100.0/24');
  assert.equal(generaliseAddress('::1'), '0:0:0::/48');
  for (const text of ['web01', '999.1.1.1', '12:30:45', '']) assert.equal(generaliseAddress(text), undefined, text);
});
