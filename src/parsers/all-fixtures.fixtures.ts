// Every parser's fixtures, by parser file: the fixtures test and the docs check read them here.
import { ACCOUNTS_FIXTURES } from './accounts.fixtures.ts';
import { APPARMOR_FIXTURES } from './apparmor.fixtures.ts';
import { AUDITD_FIXTURES } from './auditd.fixtures.ts';
import { CEF_FIXTURES } from './cef.fixtures.ts';
import { CRON_FIXTURES } from './cron.fixtures.ts';
import { JSON_BODY_FIXTURES } from './json-body.fixtures.ts';
import { KERNEL_FIREWALL_FIXTURES } from './kernel-firewall.fixtures.ts';
import { LEEF_FIXTURES } from './leef.fixtures.ts';
import { LOGFMT_FIXTURES } from './logfmt.fixtures.ts';
import { LOGIN_FIXTURES } from './login.fixtures.ts';
import { PAM_FIXTURES } from './pam.fixtures.ts';
import { SELINUX_FIXTURES } from './selinux.fixtures.ts';
import { SSHD_FIXTURES } from './sshd.fixtures.ts';
import { SU_FIXTURES } from './su.fixtures.ts';
import { SUDO_FIXTURES } from './sudo.fixtures.ts';
import { SYSTEMD_FIXTURES } from './systemd.fixtures.ts';
import { WEB_ACCESS_FIXTURES } from './web-access.fixtures.ts';
import { WEB_ERROR_FIXTURES } from './web-error.fixtures.ts';
import { WINDOWS_SECURITY_FIXTURES } from './windows-security.fixtures.ts';
import type { ParserFixtures } from './fixture.ts';

export const ALL_FIXTURES: ReadonlyArray<readonly [string, ParserFixtures]> = [
  ['sshd', SSHD_FIXTURES],
  ['pam', PAM_FIXTURES],
  ['sudo', SUDO_FIXTURES],
  ['su', SU_FIXTURES],
  ['login', LOGIN_FIXTURES],
  ['accounts', ACCOUNTS_FIXTURES],
  ['cron', CRON_FIXTURES],
  ['systemd', SYSTEMD_FIXTURES],
  ['kernel-firewall', KERNEL_FIREWALL_FIXTURES],
  ['apparmor', APPARMOR_FIXTURES],
  ['selinux', SELINUX_FIXTURES],
  ['auditd', AUDITD_FIXTURES],
  ['web-access', WEB_ACCESS_FIXTURES],
  ['web-error', WEB_ERROR_FIXTURES],
  ['windows-security', WINDOWS_SECURITY_FIXTURES],
  ['cef', CEF_FIXTURES],
  ['leef', LEEF_FIXTURES],
  ['json-body', JSON_BODY_FIXTURES],
  ['logfmt', LOGFMT_FIXTURES],
];
