// The auditd parser's own rules beyond its fixtures (R-EVENTS-1, R-FIELDS-1): what it leaves to the
// AppArmor and SELinux parsers, unset ids, hex and quoted values, ENRICHED names, unknown types.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogEvent } from '../schema/event.ts';
import { AUDITD_PARSERS, auditFields, auditValue, execveCommandLine, readAuditRecord } from './auditd.ts';
import { auditTypeSpec } from './auditd-types.ts';

const [AUDITD] = AUDITD_PARSERS;
const parse = (message: string, program = 'audisp-syslog') => AUDITD?.parse({ message, program, event: { message } });
const fields = (message: string, program = 'audisp-syslog'): LogEvent => {
  const record = readAuditRecord(message, program);
  assert.ok(record, message);
  return auditFields(record);
};

describe('auditd', () => {
  it('leaves AVC, USER_AVC, SELINUX_ERR and AppArmor records to their own parsers', () => {
    for (const line of [
      'audit: type=1400 audit(1709805600.100:12): apparmor="DENIED" operation="open" profile="/usr/sbin/cupsd" name="/etc/shadow" pid=981 comm="cupsd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
      'type=AVC msg=audit(1709805600.100:13): avc:  denied  { read } for  pid=1 comm="httpd" name="index.html" scontext=system_u:system_r:httpd_t:s0 tclass=file permissive=0',
      "type=USER_AVC msg=audit(1709805600.100:14): pid=1 uid=81 auid=4294967295 ses=4294967295 msg='avc:  denied  { send_msg } for msgtype=method_call'",
      'type=SELINUX_ERR msg=audit(1709805600.100:15): op=security_compute_av reason=bounds',
      'audit: type=1107 audit(1709805600.100:16): pid=1 uid=0 msg=\'apparmor="DENIED" operation="dbus_method_call" bus="system"\'',
    ]) {
      assert.equal(parse(line, 'kernel'), undefined, line);
      assert.equal(parse(line, ''), undefined, line);
    }
  });

  it('leaves out auid and ses 4294967295 (unset): user.id falls back to uid, no session.id', () => {
    const got = fields('type=SERVICE_START msg=audit(1.2:3): pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'unit=x comm="systemd" exe="/lib/systemd/systemd" res=success\'');
    assert.equal(got['user.id'], '0');
    assert.equal(got['session.id'], undefined);
    assert.equal(got['process.pid'], '1');
  });

  it('decodes unquoted hex in the fields auditd encodes, and never a quoted value', () => {
    const record = readAuditRecord('type=USER_CMD msg=audit(1.2:3): pid=5 uid=1000 auid=1000 ses=2 msg=\'cwd=2F746D702F6120622F cmd=6C73202D6C exe="6964" terminal=pts/0 res=success\'', '');
    assert.ok(record);
    assert.equal(auditValue(record, 'cwd'), '/tmp/a b/');
    assert.equal(auditValue(record, 'cmd'), 'ls -l');
    assert.equal(auditValue(record, 'exe'), '6964', 'quoted: written as is');
    assert.equal(auditValue(record, 'terminal'), 'pts/0');
  });

  it('joins several rule keys (hex, \\x01-separated) into rule.name', () => {
    const key = Buffer.from('ident\x01passwd').toString('hex').toUpperCase();
    assert.equal(fields(`type=SYSCALL msg=audit(1.2:3): arch=c000003e syscall=2 success=yes exit=3 pid=7 auid=1000 uid=0 ses=4 comm="vi" exe="/usr/bin/vi" key=${key}`)['rule.name'], 'ident,passwd');
    assert.equal(fields('type=SYSCALL msg=audit(1.2:3): syscall=2 success=yes pid=7 key=(null)')['rule.name'], undefined);
  });

  it('reads ENRICHED names: the login user as user.name, a different effective user as user.effective.name', () => {
    const got = fields(
      'type=SYSCALL msg=audit(1.2:3): arch=c000003e syscall=59 success=yes exit=0 pid=9 auid=1000 uid=0 euid=0 ses=3 comm="id" exe="/usr/bin/id" key="exec"\x1dARCH=x86_64 SYSCALL=execve AUID="bob" UID="root" EUID="root"',
    );
    assert.equal(got['user.name'], 'bob');
    assert.equal(got['user.id'], '1000');
    assert.equal(got['user.effective.name'], 'root');
  });

  it('takes "(invalid user)" and "?" as no user, and addr only when it is an address', () => {
    const acct = Buffer.from('(invalid user)').toString('hex').toUpperCase();
    const got = fields(
      `type=USER_AUTH msg=audit(1.2:3): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication acct=${acct} exe="/usr/sbin/sshd" hostname=? addr=? terminal=ssh res=failed'`,
    );
    assert.equal(got['user.name'], undefined);
    assert.equal(got['source.ip'], undefined);
    assert.equal(got['event.outcome'], 'failure');
  });

  it('EXECVE: stops at argc, reads argument pieces, tolerates a missing argument', () => {
    const record = readAuditRecord('type=EXECVE msg=audit(1.2:3): argc=2 a0="a" a1="b" a2="not counted"', '');
    assert.ok(record);
    assert.equal(execveCommandLine(record), 'a b');
    const cut = readAuditRecord('type=EXECVE msg=audit(1.2:3): argc=3 a0="a"', '');
    assert.ok(cut);
    assert.equal(execveCommandLine(cut), 'a');
  });

  it('reads a type it has no mapping for as a plain record, and a number it cannot name as itself', () => {
    assert.deepEqual(parse('type=CWD msg=audit(1709805620.243:24287):  cwd="/home/shadowman"'), {
      rule: 'record',
      fields: { 'event.code': 'CWD', 'trace.id': '1709805620.243:24287', 'process.working_directory': '/home/shadowman' },
    });
    assert.equal(parse('audit: type=1999 audit(1.2:3): pid=4', 'kernel')?.fields['event.code'], '1999');
  });

  it('anomalies are intrusion_detection with an action named after them', () => {
    assert.deepEqual(auditTypeSpec('ANOM_LOGIN_LOCATION'), { rule: 'anomaly', category: ['intrusion_detection'], type: ['info'], action: 'anomaly-login-location', subject: 'actor' });
  });

  it('the journald form is read only from the program audit', () => {
    const line = 'USER_AUTH pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'op=PAM:authentication acct="bob" res=failed\'';
    assert.equal(parse(line, 'audit')?.fields['user.name'], 'bob');
    assert.equal(parse(line, 'myapp'), undefined);
  });

  it('claims nothing that lacks the record header', () => {
    for (const line of ['type=USER_AUTH pid=1', 'type=USER_AUTH msg=audit(x): pid=1', 'node=web1 hello', 'audit: kauditd hold queue overflow']) assert.equal(parse(line, 'kernel'), undefined, line);
  });
});
