// Fixtures of the AppArmor parser (R-EVENTS-1 access attempts, access-control alerts, security
// controls changed). The layout is the kernel's AppArmor audit record (security/apparmor/audit.c and
// lib.c: apparmor="%s" operation="%s" [class="%s"] profile="%s" name="%s" pid=%d comm="%s"
// requested_mask="%s" denied_mask="%s" fsuid=%d ouid=%d; untrusted strings quoted or hex), behind the
// kernel's "audit: type=1400 audit(S.MS:SERIAL): " or auditd's "type=AVC msg=audit(…): " header, as
// shown in the AppArmor wiki's "AppArmor Failures" page and Ubuntu's apparmor(7).
import type { ParserFixture, ParserFixtures } from './fixture.ts';

const KERNEL = 'Linux AppArmor audit record (security/apparmor) via the kernel log';
const AUDITD = 'Linux AppArmor audit record as auditd writes it (type=AVC)';

function line(name: string, syslog: string, expect: ParserFixture['expect'], origin = KERNEL): ParserFixture {
  return { name, origin, syslog, parser: 'apparmor', rule: 'apparmor', expect };
}

export const APPARMOR_FIXTURES: ParserFixtures = {
  matching: [
    line(
      'a file read denied (R-EVENTS-1 access attempt)',
      '<5>Mar  7 10:00:00 web1 kernel: [ 1234.567890] audit: type=1400 audit(1700000000.123:45): apparmor="DENIED" operation="open" class="file" profile="/usr/sbin/cupsd" name="/etc/ssl/private/" pid=1234 comm="cupsd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
      {
        'event.category': ['file'],
        'event.type': ['access', 'denied'],
        'event.action': 'apparmor-denied',
        'event.outcome': 'failure',
        'event.code': '1400',
        'event.module': 'system',
        'event.dataset': 'apparmor',
        'rule.name': '/usr/sbin/cupsd',
        'file.path': '/etc/ssl/private/',
        // The process denied, not the header's `kernel` (which stays in log.syslog.appname).
        'process.name': 'cupsd',
        'process.pid': 1234,
        'log.syslog.appname': 'kernel',
      },
    ),
    line(
      'the same kind of record from auditd (program audit)',
      '<5>Mar  7 10:00:00 web1 audit: type=AVC msg=audit(1700000000.123:46): apparmor="DENIED" operation="open" profile="snap.firefox.firefox" name="/home/bob/.ssh/id_ed25519" pid=4321 comm="firefox" requested_mask="r" denied_mask="r" fsuid=1000 ouid=1000',
      { 'event.code': 'AVC', 'file.path': '/home/bob/.ssh/id_ed25519', 'rule.name': 'snap.firefox.firefox', 'event.category': ['file'] },
      AUDITD,
    ),
    {
      name: 'a JSON sender: process.name is free, so comm and pid are set',
      origin: KERNEL,
      json: {
        message:
          'audit: type=1400 audit(1700000000.500:50): apparmor="DENIED" operation="exec" profile="/usr/sbin/tcpdump" name="/usr/bin/bash" pid=777 comm="tcpdump" requested_mask="x" denied_mask="x" fsuid=0 ouid=0',
        'log.syslog.appname': 'kernel',
        'host.name': 'web2',
      },
      parser: 'apparmor',
      rule: 'apparmor',
      expect: { 'process.name': 'tcpdump', 'process.pid': 777, 'file.path': '/usr/bin/bash', 'event.action': 'apparmor-denied' },
    },
    line(
      'a path with a space, printed as hex',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000001.000:47): apparmor="DENIED" operation="mknod" profile="/usr/bin/evince" name=2F686F6D652F626F622F6D7920646F632E706466 pid=99 comm="evince" requested_mask="c" denied_mask="c" fsuid=1000 ouid=1000',
      { 'file.path': '/home/bob/my doc.pdf', 'event.category': ['file'] },
    ),
    line(
      'a socket denied',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000002.000:48): apparmor="DENIED" operation="create" class="net" profile="/usr/bin/ping" pid=2001 comm="ping" family="inet" sock_type="raw" protocol=1 requested_mask="create" denied_mask="create"',
      { 'event.category': ['network'], 'event.type': ['access', 'denied'], 'file.path': undefined },
    ),
    line(
      'a capability denied',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000003.000:49): apparmor="DENIED" operation="capable" class="cap" profile="/usr/sbin/ntpd" pid=321 comm="ntpd" capability=12  capname="net_admin"',
      { 'event.category': ['process'], 'event.action': 'apparmor-denied', 'rule.name': '/usr/sbin/ntpd' },
    ),
    line(
      'complain mode allows what enforce would deny',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000004.000:51): apparmor="ALLOWED" operation="open" profile="/usr/sbin/nginx" name="/srv/secret/key.pem" pid=800 comm="nginx" requested_mask="r" denied_mask="r" fsuid=33 ouid=0',
      { 'event.type': ['access', 'allowed'], 'event.action': 'apparmor-allowed', 'event.outcome': 'success', 'file.path': '/srv/secret/key.pem' },
    ),
    line(
      'a profile loaded (R-EVENTS-1 configuration change)',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000005.000:52): apparmor="STATUS" operation="profile_load" profile="unconfined" name="/usr/bin/man" pid=555 comm="apparmor_parser"',
      {
        'event.category': ['configuration'],
        'event.type': ['change'],
        'event.action': 'apparmor-profile-loaded',
        'event.outcome': 'success',
        'rule.name': '/usr/bin/man',
      },
    ),
    line(
      'a profile removed: a control switched off',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000006.000:53): apparmor="STATUS" operation="profile_remove" profile="unconfined" name="/usr/sbin/cupsd" pid=556 comm="apparmor_parser"',
      { 'event.action': 'apparmor-profile-removed', 'rule.name': '/usr/sbin/cupsd' },
    ),
    line(
      'a profile replaced',
      '<5>Mar  7 10:00:00 web1 kernel: audit: type=1400 audit(1700000007.000:54): apparmor="STATUS" operation="profile_replace" info="same as current profile, skipping" profile="unconfined" name="/usr/sbin/sshd" pid=557 comm="apparmor_parser"',
      { 'event.action': 'apparmor-profile-replaced', 'event.reason': 'same as current profile, skipping' },
    ),
  ],
  nonMatching: [
    { name: 'AppArmor start-up banner', syslog: '<6>Mar  7 10:00:00 web1 kernel: [    0.512345] AppArmor: AppArmor initialized', why: 'a boot message, not an audit record' },
    {
      name: 'an apparmor= word outside an audit record',
      syslog: '<5>Mar  7 10:00:00 web1 kernel: something apparmor="DENIED" operation="open"',
      why: 'only whole audit records are read; a lookalike is left as it came',
    },
    { name: 'a USB device appearing', syslog: '<6>Mar  7 10:00:00 web1 kernel: usb 1-1: new high-speed USB device number 2 using xhci_hcd', why: 'a kernel line with no AppArmor meaning' },
  ],
};
