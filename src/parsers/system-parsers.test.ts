// The accounts, cron, systemd, kernel-firewall, AppArmor and SELinux parsers on hostile input: long
// lookalike lines must be answered in linear time (the patterns are anchored and avoid overlapping
// nested quantifiers), so a sender cannot slow ingest down with crafted lines (parsers may cost at most
// 10% of ingest). And what lsm-common.ts decides about the process of a kernel record.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNTS_PARSERS } from './accounts.ts';
import { APPARMOR_PARSERS } from './apparmor.ts';
import { CRON_PARSERS } from './cron.ts';
import { KERNEL_FIREWALL_PARSERS } from './kernel-firewall.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { auditWords } from './lsm-common.ts';
import { recognise } from './recognise.ts';
import { PARSER_TABLE } from './table.ts';
import type { Parser } from './parser.ts';
import { SELINUX_PARSERS } from './selinux.ts';
import { SYSTEMD_PARSERS } from './systemd.ts';

const PARSERS: ReadonlyArray<readonly [Parser | undefined, string, string]> = [
  [ACCOUNTS_PARSERS[0], 'usermod', `change user '${'a'.repeat(20_000)} ${"' to '".repeat(5_000)}`],
  [ACCOUNTS_PARSERS[0], 'gpasswd', `user ${'x'.repeat(10_000)} added by ${' to group '.repeat(5_000)}`],
  [CRON_PARSERS[0], 'cron', `(root) CMD (${'('.repeat(30_000)}`],
  [SYSTEMD_PARSERS[0], 'systemd', `Started ${'a.service - '.repeat(5_000)}`],
  [SYSTEMD_PARSERS[0], 'systemd', `Startup finished in ${'1s (kernel) + '.repeat(5_000)}`],
  [KERNEL_FIREWALL_PARSERS[0], 'kernel', `[UFW BLOCK] IN=eth0 OUT= ${'MAC=aa SRC= '.repeat(5_000)}`],
  [APPARMOR_PARSERS[0], 'kernel', `audit: type=1400 audit(1.2:3): apparmor="DENIED" ${'name="a=b" '.repeat(5_000)}`],
  [APPARMOR_PARSERS[0], 'kernel', `audit: type=1400 audit(1.2:3): apparmor="DENIED" ${'a'.repeat(60_000)}`],
  [APPARMOR_PARSERS[0], 'kernel', `audit: type=1400 audit(1.2:3): apparmor="DENIED" ${'a="x '.repeat(12_000)}`],
  [SELINUX_PARSERS[0], 'audit', `type=USER_AVC msg=audit(1.2:3): ${'pid=1 '.repeat(5_000)}msg='avc:  denied  { read } for ${'tclass= '.repeat(5_000)}`],
  [SELINUX_PARSERS[0], 'kernel', `avc:  denied  { read } for ${'a'.repeat(60_000)} tclass=file`],
  [SELINUX_PARSERS[0], 'kernel', `audit: type=1400 audit(1.2:3): avc:  denied  { read } for  ${'tclass= '.repeat(8_000)}`],
];

test('long lookalike lines are answered quickly (no catastrophic backtracking)', () => {
  for (const [parser, program, message] of PARSERS) {
    assert.ok(parser);
    const started = performance.now();
    parser.parse({ message, program, event: { message } });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 250, `${parser.name} took ${elapsed.toFixed(0)} ms on a ${message.length}-character lookalike`);
  }
});

test('audit words: quotes come off, hex-printed untrusted strings are decoded, other hex-looking values are not', () => {
  const words = auditWords('operation="open" name=2F746D702F6120622E747874 pid=1234 ino=ABCD comm="cat"');
  assert.equal(words.get('name'), '/tmp/a b.txt');
  assert.equal(words.get('operation'), 'open');
  assert.equal(words.get('pid'), '1234');
  assert.equal(words.get('ino'), 'ABCD');
  assert.equal(words.get('comm'), 'cat');
});

test('a kernel record names the process it is about: comm and pid replace the header’s `kernel`, which stays in log.syslog.appname', () => {
  const event = normaliseSyslog(
    {
      bytes: Buffer.from(
        '<5>Mar  7 10:00:00 web1 kernel: [ 1234.5678] audit: type=1400 audit(1700000000.123:45): apparmor="DENIED" operation="open" profile="/usr/sbin/cupsd" name="/etc/shadow" pid=812 comm="cupsd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
      ),
      truncated: false,
    },
    { source: { protocol: 'syslog-udp', listener: '127.0.0.1:5514', peer: '127.0.0.1:4000', identity: '' }, receivedAt: Date.UTC(2026, 2, 7) },
  ).event;
  assert.equal(recognise(event, PARSER_TABLE)?.parser, 'apparmor');
  assert.deepEqual([event['process.name'], event['process.pid'], event['log.syslog.appname']], ['cupsd', 812, 'kernel']);
});
