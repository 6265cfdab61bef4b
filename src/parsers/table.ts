// The parser table: every per-program parser, in the order they are tried. A program's parsers are
// tried in this order (the kernel's firewall lines before its AppArmor and audit lines), then the
// content-detected ones, most specific first: CEF and LEEF by their prefix, Windows events by their
// event id, JSON bodies, and logfmt last because key=value text is the most common shape of all.
import { ACCOUNTS_PARSERS } from './accounts.ts';
import { APPARMOR_PARSERS } from './apparmor.ts';
import { AUDITD_PARSERS } from './auditd.ts';
import { CEF_PARSERS } from './cef.ts';
import { CRON_PARSERS } from './cron.ts';
import { JSON_BODY_PARSERS } from './json-body.ts';
import { KERNEL_FIREWALL_PARSERS } from './kernel-firewall.ts';
import { LEEF_PARSERS } from './leef.ts';
import { LOGFMT_PARSERS } from './logfmt.ts';
import { LOGIN_PARSERS } from './login.ts';
import { PAM_PARSERS } from './pam.ts';
import { SELINUX_PARSERS } from './selinux.ts';
import { SSHD_PARSERS } from './sshd.ts';
import { SU_PARSERS } from './su.ts';
import { SUDO_PARSERS } from './sudo.ts';
import { SYSTEMD_PARSERS } from './systemd.ts';
import { WEB_ACCESS_PARSERS } from './web-access.ts';
import { WEB_ERROR_PARSERS } from './web-error.ts';
import { WINDOWS_SECURITY_PARSERS } from './windows-security.ts';
import type { Parser } from './parser.ts';
import { buildParserTable, type ParserTable } from './recognise.ts';

export const PARSERS: readonly Parser[] = [
  ...SSHD_PARSERS,
  ...SUDO_PARSERS,
  ...SU_PARSERS,
  ...LOGIN_PARSERS,
  ...PAM_PARSERS, // after the callers' own parsers (sshd, sudo, su, login): PAM lines come under the calling program
  ...ACCOUNTS_PARSERS,
  ...CRON_PARSERS,
  ...SYSTEMD_PARSERS,
  ...KERNEL_FIREWALL_PARSERS,
  ...APPARMOR_PARSERS,
  ...SELINUX_PARSERS,
  ...AUDITD_PARSERS,
  ...WEB_ACCESS_PARSERS,
  ...WEB_ERROR_PARSERS,
  ...WINDOWS_SECURITY_PARSERS,
  ...CEF_PARSERS,
  ...LEEF_PARSERS,
  ...JSON_BODY_PARSERS,
  ...LOGFMT_PARSERS,
];

/** The table the server runs (src/ingest/prepare.ts) and `logwarden parse --explain` shows. */
export const PARSER_TABLE: ParserTable = buildParserTable(PARSERS);
