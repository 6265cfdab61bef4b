// The systems inventory's matching (R-FIELDS-1: every event names its information system, assigned
// by the server from how it arrived). Real config through the real schema, real events shaped as
// the sources and normalisers write them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { systemsSchema } from '../config/systems-schema.ts';
import type { LogEvent } from '../schema/event.ts';
import { HostGlob } from './glob.ts';
import { listenerForms, SystemsInventory } from './inventory.ts';

function inventory(systems: unknown[]): SystemsInventory {
  return new SystemsInventory(systemsSchema.parse(systems));
}

function arrived(fields: Partial<Record<string, string>>): LogEvent {
  return {
    'logwarden.source.protocol': 'syslog-tcp',
    'logwarden.source.listener': '127.0.0.1:5514',
    'logwarden.source.peer': '198.51.100.20:40000',
    'logwarden.source.identity': '',
    ...fields,
  };
}

const system = (name: string, match: Record<string, string[]>, extra: Record<string, string> = {}) => ({ name, owner: 'ops', match, ...extra });

describe('R-FIELDS-1 systems inventory matching', () => {
  test('identity: the token name or certificate subject, exactly', () => {
    const systems = inventory([system('web', { identity: ['web-1', 'CN=web.example.org'] })]);
    assert.equal(systems.assign(arrived({ 'logwarden.source.identity': 'web-1' })).name, 'web');
    assert.equal(systems.assign(arrived({ 'logwarden.source.identity': 'CN=web.example.org' })).name, 'web');
    assert.equal(systems.assign(arrived({ 'logwarden.source.identity': 'WEB-1' })).name, 'unassigned', 'identity is exact, not case-folded');
    assert.equal(systems.assign(arrived({ 'logwarden.source.identity': 'web-10' })).name, 'unassigned');
  });

  test('listener: as the listener reports it; IPv6 in brackets and in its shortest form; localhost means loopback', () => {
    const systems = inventory([system('v6', { listener: ['[0:0:0:0:0:0:0:1]:6514'] }), system('local', { listener: ['localhost:5514'] }), system('udp', { listener: ['127.0.0.1:5515'] })]);
    assert.equal(systems.assign(arrived({ 'logwarden.source.listener': '[::1]:6514' })).name, 'v6');
    assert.equal(systems.assign(arrived({ 'logwarden.source.listener': '127.0.0.1:5514' })).name, 'local');
    assert.equal(systems.assign(arrived({ 'logwarden.source.listener': '[::1]:5514' })).name, 'local');
    assert.equal(systems.assign(arrived({ 'logwarden.source.listener': '127.0.0.1:5515' })).name, 'udp');
    assert.equal(systems.assign(arrived({ 'logwarden.source.listener': '127.0.0.1:5516' })).name, 'unassigned');
    assert.deepEqual(listenerForms('[2001:DB8:0:0::1]:514').sort(), ['[2001:DB8:0:0::1]:514', '[2001:db8::1]:514'].sort());
  });

  test('peer: the address part of ip:port, [v6]:port and the HTTP sources’ v6:port, in any CIDR; v4-mapped v6 is read as v4', () => {
    const systems = inventory([system('routers', { peer: ['192.0.2.0/24', '2001:db8:1::/48'] }), system('one', { peer: ['203.0.113.9'] })]);
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '192.0.2.200:514' })).name, 'routers');
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '[2001:db8:1:ff::7]:514' })).name, 'routers');
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '2001:db8:1::8:50000' })).name, 'routers', 'HTTP writes v6 peers without brackets');
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '::ffff:192.0.2.1:40000' })).name, 'routers');
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '203.0.113.9:1' })).name, 'one');
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '203.0.113.10:1' })).name, 'unassigned');
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '192.0.3.1:514' })).name, 'unassigned');
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '[2001:db8:2::1]:514' })).name, 'unassigned');
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '' })).name, 'unassigned');
  });

  test('host: globs on host.name, case-insensitive, `*` and `?`, everything else literal', () => {
    const systems = inventory([system('web', { host: ['web-??.example.org', 'WWW*'] }), system('db', { host: ['db.*'] })]);
    assert.equal(systems.assign(arrived({ 'host.name': 'web-01.example.org' })).name, 'web');
    assert.equal(systems.assign(arrived({ 'host.name': 'WEB-02.Example.ORG' })).name, 'web');
    assert.equal(systems.assign(arrived({ 'host.name': 'web-001.example.org' })).name, 'unassigned', '? is exactly one character');
    assert.equal(systems.assign(arrived({ 'host.name': 'web-01Xexample.org' })).name, 'unassigned', '. is a dot, not any character');
    assert.equal(systems.assign(arrived({ 'host.name': 'www' })).name, 'web', '* may be empty');
    assert.equal(systems.assign(arrived({ 'host.name': 'www-frontend-3' })).name, 'web');
    assert.equal(systems.assign(arrived({ 'host.name': 'db.internal' })).name, 'db');
    assert.equal(systems.assign(arrived({ 'host.name': 'mydb.internal' })).name, 'unassigned', 'a glob is anchored');
    assert.equal(systems.assign(arrived({})).name, 'unassigned', 'no host name matches no host glob');
  });

  test('a glob on a long host name a sender chose stays fast (no backtracking blow-up)', () => {
    const glob = new HostGlob('*a*a*a*a*a*a*b');
    const name = 'a'.repeat(20_000);
    const started = performance.now();
    assert.equal(glob.matches(name), false);
    assert.ok(performance.now() - started < 2000, 'linear-ish time');
    assert.equal(new HostGlob('*a*b').matches('xxaxxb'), true);
    assert.equal(new HostGlob('a*').matches(''), false);
    assert.equal(new HostGlob('*').matches(''), true);
  });

  test('app: syslog APP-NAME or service.name, case-insensitive', () => {
    const systems = inventory([system('auth', { app: ['sshd', 'Sudo'] })]);
    assert.equal(systems.assign(arrived({ 'log.syslog.appname': 'SSHD' })).name, 'auth');
    assert.equal(systems.assign(arrived({ 'log.syslog.appname': 'sudo' })).name, 'auth');
    assert.equal(systems.assign(arrived({ 'service.name': 'sshd' })).name, 'auth');
    assert.equal(systems.assign(arrived({ 'log.syslog.appname': 'cron', 'service.name': 'sudo' })).name, 'auth');
    assert.equal(systems.assign(arrived({ 'log.syslog.appname': 'sshd2' })).name, 'unassigned');
  });

  test('every key given must fit (AND), any entry of a key’s list may (OR)', () => {
    const systems = inventory([system('web-prod', { host: ['web-*'], peer: ['10.1.0.0/16'], app: ['nginx'] })]);
    const prod = { 'host.name': 'web-1', 'logwarden.source.peer': '10.1.2.3:514', 'log.syslog.appname': 'nginx' };
    assert.equal(systems.assign(arrived(prod)).name, 'web-prod');
    assert.equal(systems.assign(arrived({ ...prod, 'host.name': 'db-1' })).name, 'unassigned');
    assert.equal(systems.assign(arrived({ ...prod, 'logwarden.source.peer': '10.2.2.3:514' })).name, 'unassigned');
    assert.equal(systems.assign(arrived({ ...prod, 'log.syslog.appname': 'sshd' })).name, 'unassigned');
  });

  test('the first matching entry wins, in the order of the file', () => {
    const systems = inventory([system('specific', { host: ['web-1'] }), system('broad', { host: ['web-*'] }), system('late', { host: ['web-1'] })]);
    assert.equal(systems.assign(arrived({ 'host.name': 'web-1' })).name, 'specific');
    assert.equal(systems.assign(arrived({ 'host.name': 'web-2' })).name, 'broad');
    const reversed = inventory([system('broad', { host: ['web-*'] }), system('specific', { host: ['web-1'] })]);
    assert.equal(reversed.assign(arrived({ 'host.name': 'web-1' })).name, 'broad');
  });

  test('an entry with no match keys matches nothing, and says so', () => {
    const systems = inventory([system('empty', {}), { name: 'bare', owner: 'ops' }, system('all-web', { host: ['*'] })]);
    assert.equal(systems.assign(arrived({ 'host.name': 'anything' })).name, 'all-web');
    assert.equal(systems.assign(arrived({})).name, 'unassigned');
    assert.deepEqual(systems.unmatchable, ['empty', 'bare']);
  });

  test('nothing configured or nothing matching: unassigned', () => {
    assert.equal(new SystemsInventory([]).assign(arrived({ 'host.name': 'web-1' })).name, 'unassigned');
    assert.equal(inventory([system('db', { host: ['db-*'] })]).assign(arrived({ 'host.name': 'web-1' })).name, 'unassigned');
  });

  test('a sender claiming logwarden.system (a field or a label) cannot choose the system', () => {
    const systems = inventory([system('payroll', { identity: ['payroll-app'] }), system('web', { host: ['web-*'] })]);
    const claim: LogEvent = { ...arrived({ 'host.name': 'laptop', 'logwarden.system': 'payroll' }), labels: { 'logwarden.system': 'payroll' } };
    assert.equal(systems.assign(claim).name, 'unassigned');
    assert.equal(systems.assign({ ...claim, 'host.name': 'web-9' }).name, 'web');
  });

  test('the system’s time zone comes with it; repeated arrivals give the same answer from the cache', () => {
    const systems = inventory([system('legacy', { peer: ['192.0.2.0/24'] }, { timezone: 'America/New_York' }), system('plain', { peer: ['198.51.100.0/24'] })]);
    const first = systems.assign(arrived({ 'logwarden.source.peer': '192.0.2.1:514' }));
    assert.deepEqual(first, { name: 'legacy', timezone: 'America/New_York' });
    assert.equal(systems.assign(arrived({ 'logwarden.source.peer': '192.0.2.1:515' })), first, 'another port of the same peer: same answer');
    assert.deepEqual(systems.assign(arrived({})), { name: 'plain' });
    for (let i = 0; i < 5000; i++) assert.equal(systems.assign(arrived({ 'host.name': `h${i}`, 'logwarden.source.peer': '192.0.2.9:1' })).name, 'legacy', 'still right past the cache bound');
  });
});

test('R-FIELDS-1: two arrivals whose names run into each other are remembered apart', () => {
  const systems = inventory([system('web-nginx', { host: ['web'], app: ['nginx'] })]);
  assert.equal(systems.assign(arrived({ 'host.name': 'web1:nginx' })).name, 'unassigned');
  assert.equal(systems.assign(arrived({ 'host.name': 'web', 'log.syslog.appname': 'nginx' })).name, 'web-nginx');
  assert.equal(systems.assign(arrived({ 'host.name': 'web\u0000nginx' })).name, 'unassigned');
  assert.equal(systems.assign(arrived({ 'host.name': 'web', 'service.name': 'nginx' })).name, 'web-nginx');
});

test('a very long host name is matched like any other (and not kept)', () => {
  const systems = inventory([system('long', { host: ['long-*'] })]);
  const name = `long-${'x'.repeat(10_000)}`;
  assert.equal(systems.assign(arrived({ 'host.name': name })).name, 'long');
  assert.equal(systems.assign(arrived({ 'host.name': `short-${'x'.repeat(10_000)}` })).name, 'unassigned');
});
