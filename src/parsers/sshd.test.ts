// The Linux authentication parsers (sshd, pam, sudo, su, login) beyond their fixtures: the table
// tries each program's own parser before pam, every PAM calling program reaches pam, and hostile
// lines built to make the patterns backtrack cost linear time (parsers may cost at most 10% of
// ingest; R-EVENTS-1 must not be a denial of service).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogEvent } from '../schema/event.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { recognise } from './recognise.ts';
import { SSHD_FIXTURES } from './sshd.fixtures.ts';
import { PARSER_TABLE } from './table.ts';

test('a program’s own parser comes before pam; PAM lines reach pam under each calling program', () => {
  const order = (program: string): string[] => (PARSER_TABLE.byProgram.get(program) ?? []).map((parser) => parser.name);
  for (const [program, own] of [
    ['sshd', 'sshd'],
    ['sshd-session', 'sshd'],
    ['sudo', 'sudo'],
    ['su', 'su'],
    ['login', 'login'],
  ] as const) {
    const parsers = order(program);
    assert.ok(parsers.indexOf(own) >= 0 && parsers.indexOf(own) < parsers.indexOf('pam'), `${program}: ${parsers.join(', ')}`);
  }
  for (const program of ['sshd', 'sudo', 'su', 'login', 'cron', '(systemd)', 'runuser']) {
    const event: LogEvent = { message: 'pam_unix(x:session): session closed for user alice', 'log.syslog.appname': program };
    assert.equal(recognise(event, PARSER_TABLE)?.parser, 'pam', program);
  }
});

test('a user name with spaces and an IPv6 address: the name is whole, the address exact', () => {
  const event: LogEvent = { message: 'Failed password for invalid user a b from c from 2001:db8::1 port 22 ssh2', 'log.syslog.appname': 'sshd' };
  assert.equal(recognise(event, PARSER_TABLE)?.rule, 'failed');
  assert.equal(event['user.name'], 'a b from c');
  assert.equal(event['source.ip'], '2001:db8::1');
  assert.equal(event['source.port'], 22);
});

test('hostile lines of 60 kB are read (or refused) in linear time', () => {
  const lines: ReadonlyArray<readonly [string, string]> = [
    ['sshd', 'Failed password for ' + 'x from 1 port 1: '.repeat(4000)],
    ['sshd', 'Accepted password for ' + 'a from ::: port 1 ssh2: '.repeat(3000)],
    ['sshd', 'Connection closed by user ' + 'a '.repeat(30000)],
    ['sshd', 'Disconnecting user ' + 'aaaa 1.1.1.1 port 1: x'.repeat(3000)],
    ['sshd', 'User ' + 'a from b '.repeat(7000)],
    ['sshd', 'Starting session: ' + 'x for y from 1 port 1 '.repeat(3000)],
    ['sshd', 'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=' + ' user='.repeat(10000)],
    ['cron', 'pam_unix(cron:session): session opened for user ' + 'a(uid=1) by '.repeat(5000)],
    ['sudo', 'alice : TTY=' + ' ; COMMAND='.repeat(8000)],
    ['sudo', 'alice : 3 incorrect password attempts ; TTY=' + 'x ; '.repeat(15000)],
    ['login', "FAILED LOGIN (1) FOR '" + "a', ".repeat(15000)],
    ['systemd-logind', 'New session ' + 'a of user '.repeat(6000)],
    ['su', '(to ' + 'root) a on '.repeat(6000)],
  ];
  for (const [program, message] of lines) {
    const started = performance.now();
    recognise({ message, 'log.syslog.appname': program }, PARSER_TABLE);
    const ms = performance.now() - started;
    assert.ok(ms < 250, `${program}: ${message.slice(0, 40)}… took ${ms.toFixed(0)} ms`);
  }
});

test('the contract: every sshd login failure carries authentication, failure, user.name, source.ip and source.port (R-EVENTS-1)', () => {
  const source = { protocol: 'syslog-tcp', listener: '127.0.0.1:514', peer: '127.0.0.1:40000', identity: '' };
  const failures = SSHD_FIXTURES.matching.filter((fixture) => ['failed', 'invalid-user', 'max-auth-attempts', 'disconnecting-user'].includes(fixture.rule));
  assert.ok(failures.length >= 8);
  for (const fixture of failures) {
    const { event } = normaliseSyslog({ bytes: Buffer.from(fixture.syslog ?? ''), truncated: false }, { source, receivedAt: Date.UTC(2026, 2, 7) });
    assert.equal(recognise(event, PARSER_TABLE)?.parser, 'sshd', fixture.name);
    assert.deepEqual(event['event.category'], ['authentication'], fixture.name);
    assert.equal(event['event.outcome'], 'failure', fixture.name);
    assert.equal(typeof event['source.ip'], 'string', fixture.name);
    assert.equal(typeof event['source.port'], 'number', fixture.name);
    // OpenSSH prints an empty name for `Invalid user  from …`: the one case without user.name
    if (!/user {2}from /.test(fixture.syslog ?? '')) assert.equal(typeof event['user.name'], 'string', fixture.name);
  }
});
