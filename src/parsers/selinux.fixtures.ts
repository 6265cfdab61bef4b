// Fixtures of the SELinux parser (R-EVENTS-1 access attempts and access-control alerts). The layout
// is the kernel's AVC audit record (security/selinux/avc.c avc_audit_pre_callback / post_callback:
// "avc:  %s  { perms } for  pid=%d comm=%s …" then "scontext=%s tcontext=%s tclass=%s permissive=%u"),
// behind the kernel's "audit: type=1400 audit(…): " or auditd's "type=AVC msg=audit(…): " header, as
// the Red Hat SELinux guide's "Raw audit messages" section shows them.
import type { ParserFixture, ParserFixtures } from './fixture.ts';

const KERNEL = 'Linux SELinux AVC record (security/selinux/avc.c) via the kernel log';
const AUDITD = 'Linux SELinux AVC record as auditd writes it (type=AVC)';

function line(name: string, syslog: string, expect: ParserFixture['expect'], origin = KERNEL): ParserFixture {
  return { name, origin, syslog, parser: 'selinux', rule: 'avc', expect };
}

export const SELINUX_FIXTURES: ParserFixtures = {
  matching: [
    line(
      'httpd denied reading a file in a home directory (R-EVENTS-1)',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000000.123:45): avc:  denied  { read } for  pid=1234 comm="httpd" name="index.html" dev="dm-0" ino=123 scontext=system_u:system_r:httpd_t:s0 tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file permissive=0',
      {
        'event.category': ['file'],
        'event.type': ['access', 'denied'],
        'event.action': 'selinux-denied',
        'event.outcome': 'failure',
        'event.code': '1400',
        'event.module': 'system',
        'event.dataset': 'selinux',
        'rule.name': 'httpd_t',
        'file.path': 'index.html',
        'process.name': 'httpd',
        'process.pid': 1234,
      },
    ),
    line(
      'from auditd, with a full path and the kernel timestamp prefix absent',
      '<5>Mar  7 10:00:00 web1 audit: type=AVC msg=audit(1700000001.000:46): avc:  denied  { write } for  pid=2222 comm="sshd" path="/root/.ssh/authorized_keys" dev="sda1" ino=4242 scontext=system_u:system_r:sshd_t:s0-s0:c0.c1023 tcontext=system_u:object_r:admin_home_t:s0 tclass=file permissive=0',
      { 'event.code': 'AVC', 'file.path': '/root/.ssh/authorized_keys', 'rule.name': 'sshd_t' },
      AUDITD,
    ),
    line(
      'two permissions, a directory, kernel timestamp kept',
      '<5>Mar  7 10:00:00 web1 kernel: [ 4321.000123] audit: type=1400 audit(1700000002.000:47): avc:  denied  { add_name write } for  pid=900 comm="postfix" name="tmp" dev="dm-0" ino=77 scontext=system_u:system_r:postfix_master_t:s0 tcontext=system_u:object_r:var_t:s0 tclass=dir permissive=0',
      { 'event.category': ['file'], 'file.path': 'tmp', 'event.outcome': 'failure' },
    ),
    line(
      'a network connection denied',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000003.000:48): avc:  denied  { name_connect } for  pid=1234 comm="httpd" dest=5432 scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:postgresql_port_t:s0 tclass=tcp_socket permissive=0',
      { 'event.category': ['network'], 'destination.port': 5432, 'file.path': undefined },
    ),
    line(
      'permissive mode: logged, not enforced',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000004.000:49): avc:  denied  { getattr } for  pid=3000 comm="nginx" path="/srv/www/app.sock" dev="dm-0" ino=5 scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:var_t:s0 tclass=sock_file permissive=1',
      { 'event.type': ['access', 'denied'], 'event.outcome': 'success', 'event.reason': 'permissive: logged, not enforced', 'file.path': '/srv/www/app.sock' },
    ),
    line(
      'a capability denied',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000005.000:50): avc:  denied  { sys_admin } for  pid=4000 comm="agent" capability=21  scontext=system_u:system_r:unconfined_service_t:s0 tcontext=system_u:system_r:unconfined_service_t:s0 tclass=capability permissive=0',
      { 'event.category': ['process'], 'rule.name': 'unconfined_service_t' },
    ),
    line(
      'an auditallow rule grants and logs',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000006.000:51): avc:  granted  { setenforce } for  pid=5000 comm="setenforce" scontext=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 tcontext=system_u:object_r:security_t:s0 tclass=security',
      { 'event.type': ['access', 'allowed'], 'event.action': 'selinux-granted', 'event.outcome': 'success' },
    ),
    {
      name: 'systemd refuses to start a unit for a confined user (USER_AVC)',
      origin: 'SELinux USER_AVC record of systemd (selinux-access.c) as auditd writes it',
      syslog:
        '<5>Mar  7 10:00:00 web1 audit: type=USER_AVC msg=audit(1700000008.000:53): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg=\'avc:  denied  { start } for auid=1000 uid=0 gid=0 path="/usr/lib/systemd/system/httpd.service" cmdline="/usr/bin/systemctl start httpd" scontext=staff_u:staff_r:staff_t:s0 tcontext=system_u:object_r:httpd_unit_file_t:s0 tclass=service permissive=0  exe="/usr/lib/systemd/systemd" sauid=0 hostname=? addr=? terminal=?\'',
      parser: 'selinux',
      rule: 'user-avc',
      expect: { 'event.code': 'USER_AVC', 'event.action': 'selinux-denied', 'event.outcome': 'failure', 'event.category': ['process'], 'rule.name': 'staff_t', 'user.id': '1000' },
    },
    {
      name: 'D-Bus denies a message: its dest= is a bus name, not a port',
      origin: 'SELinux USER_AVC record of dbus-daemon as the kernel log shows it (type=1107)',
      syslog:
        '<5>Mar  7 10:00:00 web1 kernel: audit: type=1107 audit(1700000009.000:54): pid=700 uid=81 auid=4294967295 ses=4294967295 subj=system_u:system_r:system_dbusd_t:s0-s0:c0.c1023 msg=\'avc:  denied  { send_msg } for msgtype=method_return dest=:1.42 spid=1 tpid=900 scontext=system_u:system_r:init_t:s0 tcontext=system_u:system_r:unconfined_service_t:s0 tclass=dbus permissive=0 exe="/usr/bin/dbus-daemon" sauid=81 hostname=? addr=? terminal=?\'',
      parser: 'selinux',
      rule: 'user-avc',
      expect: { 'event.code': '1107', 'rule.name': 'init_t', 'destination.port': undefined, 'user.id': undefined },
    },
  ],
  nonMatching: [
    { name: 'SELinux boot message', syslog: '<6>Mar  7 10:00:00 web1 kernel: SELinux:  Initializing.', why: 'a boot message, not an AVC record' },
    { name: 'an avc: word in prose', syslog: '<6>Mar  7 10:00:00 web1 kernel: avc:  Unable to allocate memory', why: 'not a denied/granted record' },
    {
      name: 'a cut AVC record',
      syslog: '<6>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000007.000:52): avc:  denied  { read } for  pid=1',
      why: 'cut before its contexts and class: not guessed at',
    },
  ],
};
