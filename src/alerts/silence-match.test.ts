// Which alerts a silence's matcher holds: every condition given must hold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { silenceMatches, type SilenceTarget } from './silence-match.ts';

const alert: SilenceTarget = {
  rule: { id: 'r-ssh', title: 'SSH brute force', level: 'high', revision: '1', tags: ['attack.t1110', 'ssh'], ruleset: 'local' },
  systems: ['web', 'db'],
  group: { 'source.ip': '203.0.113.9', 'user.name': 'root' },
};

describe('silence matchers', () => {
  test('each condition alone', () => {
    assert.equal(silenceMatches({ rule: 'r-ssh' }, alert), true);
    assert.equal(silenceMatches({ rule: 'SSH brute force' }, alert), true, 'by title');
    assert.equal(silenceMatches({ rule: 'r-other' }, alert), false);
    assert.equal(silenceMatches({ level: 'high' }, alert), true);
    assert.equal(silenceMatches({ level: 'critical' }, alert), false);
    assert.equal(silenceMatches({ system: 'db' }, alert), true, 'any of the alert systems');
    assert.equal(silenceMatches({ system: 'mail' }, alert), false);
    assert.equal(silenceMatches({ rule: 'r-ssh', within: ['web', 'db', 'mail'] }, alert), true, 'made within systems that hold all of the alert');
    assert.equal(silenceMatches({ rule: 'r-ssh', within: ['web'] }, alert), false, 'made by someone limited to web: not an alert that is also about db');
    assert.equal(silenceMatches({ tags: ['ssh', 'attack.t1110'] }, alert), true);
    assert.equal(silenceMatches({ tags: ['ssh', 'attack.t1078'] }, alert), false, 'all tags');
    assert.equal(silenceMatches({ group: { 'source.ip': '203.0.113.9' } }, alert), true);
    assert.equal(silenceMatches({ group: { 'source.ip': '203.0.113.9', 'user.name': 'admin' } }, alert), false, 'all pairs');
    assert.equal(silenceMatches({ group: { 'host.name': '' } }, alert), false, 'a field the group lacks');
  });

  test('every condition given must hold', () => {
    assert.equal(silenceMatches({ rule: 'r-ssh', system: 'web', level: 'high' }, alert), true);
    assert.equal(silenceMatches({ rule: 'r-ssh', system: 'mail' }, alert), false);
  });
});
