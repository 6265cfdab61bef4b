// The `systems` key of the configuration (docs/configuration.md): every problem named with its path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { validateConfig } from './load.ts';
import { parsePeerRange, peerAddress } from './peer-range.ts';

function problems(systems: unknown): string[] {
  try {
    validateConfig({ systems }, 'test.yaml');
  } catch (error) {
    assert.ok(error instanceof LogwardenError && error.code === 'LW_CONFIG_INVALID', String(error));
    return (error.details as { problems: string[] }).problems;
  }
  return [];
}

test('R-FIELDS-1: a valid inventory loads with its defaults', () => {
  const config = validateConfig(
    { systems: [{ name: 'web', owner: 'web team', match: { host: ['web-*'], peer: ['10.0.0.0/8', '2001:db8::/32', '::1'], listener: ['[::1]:6514'] }, timezone: 'Europe/Berlin' }] },
    'test.yaml',
  );
  assert.equal(config.systems[0]?.description, '');
  assert.deepEqual(config.systems[0]?.match.peer, ['10.0.0.0/8', '2001:db8::/32', '::1']);
  assert.deepEqual(validateConfig({}, 'test.yaml').systems, []);
});

test('a bad CIDR, a reserved name, duplicate names and an unknown key are each named with their path', () => {
  const found = problems([
    { name: 'web', owner: 'a', match: { peer: ['10.0.0.0/33'] } },
    { name: 'unassigned', owner: 'a' },
    { name: 'web', owner: 'b', match: { peer: ['not-an-address'] } },
    { name: 'db', owner: 'c', match: { hosts: ['db-*'] } },
    { name: 'logwarden', owner: 'd', colour: 'red' },
  ]);
  const has = (pattern: RegExp) =>
    assert.ok(
      found.some((line) => pattern.test(line)),
      `${pattern} in:\n${found.join('\n')}`,
    );
  has(/^systems\.0\.match\.peer\.0: expected an address range such as 10\.0\.0\.0\/8.*found "10\.0\.0\.0\/33"/);
  has(/^systems\.2\.match\.peer\.0: expected an address range.*found "not-an-address"/);
  has(/^systems\.1\.name: "unassigned" is reserved/);
  has(/^systems\.4\.name: "logwarden" is reserved/);
  has(/^systems\.2\.name: system "web" is listed twice/);
  has(/^systems\.3\.match: unknown key\(s\) hosts/);
  has(/^systems\.4: unknown key\(s\) colour/);
});

test('other bad entries: no owner, a bad name, an empty list, a bad listener, a bad zone', () => {
  const found = problems([{ name: 'Web Server' }, { name: 'x', owner: 'o', match: { host: [] } }, { name: 'y', owner: 'o', match: { listener: ['5514'] }, timezone: 'Mars/Olympus' }]);
  const has = (pattern: RegExp) =>
    assert.ok(
      found.some((line) => pattern.test(line)),
      `${pattern} in:\n${found.join('\n')}`,
    );
  has(/^systems\.0\.name: expected a system name/);
  has(/^systems\.0\.owner: /);
  has(/^systems\.1\.match\.host: expected at least one entry/);
  has(/^systems\.2\.match\.listener\.0: expected HOST:PORT/);
  has(/^systems\.2\.timezone: expected an IANA time zone/);
});

test('peer ranges and peer addresses as the sources write them', () => {
  assert.deepEqual(parsePeerRange('192.0.2.0/24'), { address: '192.0.2.0', family: 'ipv4', prefix: 24 });
  assert.deepEqual(parsePeerRange('2001:db8::1'), { address: '2001:db8::1', family: 'ipv6', prefix: 128 });
  assert.equal(parsePeerRange('2001:db8::/129'), undefined);
  assert.equal(parsePeerRange('10.0.0.0/8/8'), undefined);
  assert.equal(parsePeerRange('example.org'), undefined);
  assert.equal(peerAddress('192.0.2.7:514'), '192.0.2.7');
  assert.equal(peerAddress('[2001:db8::1]:514'), '2001:db8::1');
  assert.equal(peerAddress('::1:50000'), '::1');
  assert.equal(peerAddress('::ffff:192.0.2.7:50000'), '192.0.2.7');
  assert.equal(peerAddress(''), '');
});
