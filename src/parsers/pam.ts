// Linux-PAM's lines, under whichever program called PAM (sshd, sudo, su, login, cron, systemd's user
// manager...): pam_unix authentication failures and sessions opened and closed, pam_unix account
// expiry, pam_faillock's lock-out, and sshd's `PAM N more authentication failures` summary
// (R-EVENTS-1: login failure, brute force, sessions; R-FIELDS-1: user, address, session).
// The table tries this parser after the program's own one (sshd, sudo, su, login): those never
// claim a `pam_` line, so the order only saves time. Formats: Linux-PAM's modules/pam_unix
// (support.c, pam_unix_sess.c, pam_unix_acct.c), modules/pam_faillock, OpenSSH auth-pam.c; both the
// old `session opened for user U by (uid=0)` and the Linux-PAM 1.5 `for user U(uid=N) by U2(uid=M)`.
import { isIP } from 'node:net';
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser, type PatternRule } from './parser.ts';

type Groups = Readonly<Record<string, string | undefined>>;

/** The programs PAM lines come under: the services of a Debian system that call PAM. */
const PROGRAMS = [
  'sshd',
  'sshd-session',
  'sshd-auth',
  'sudo',
  'su',
  'runuser',
  'login',
  'cron',
  'crond',
  'atd',
  'systemd',
  '(systemd)',
  'systemd-user',
  'polkitd',
  'polkit-agent-helper-1',
  'gdm-password',
  'gdm-autologin',
  'lightdm',
  'sddm',
  'xrdp-sesman',
  'vsftpd',
  'dovecot',
  'passwd',
  'chsh',
  'chfn',
  'cockpit-session',
  'pkexec',
  'doas',
] as const;

const FAILURE = { 'event.category': ['authentication'], 'event.type': ['info'], 'event.outcome': 'failure' } as const;

/** `(SERVICE:auth)`: the PAM service (sshd, sudo, su-l...) of the line. */
const SERVICE = String.raw`\((?<service>[^:()\s]+):`;

/** The `logname=... uid=... euid=... tty=... ruser=... rhost=... [user=...]` tail of an auth failure. */
const WHO = String.raw`logname=(?<logname>\S*) uid=\d* euid=\d* tty=(?<tty>\S*) ruser=(?<ruser>\S*) rhost=(?<rhost>\S*)(?:\s+user=(?<user>.*))?`;

/** The fields of a WHO tail: the user authenticated, the asking user and the remote address. */
function who(groups: Groups): LogEvent {
  const rhost = groups['rhost'] ?? '';
  const askers = [groups['ruser'], groups['logname']].filter((name): name is string => name !== undefined && name !== '');
  return {
    'user.name': groups['user'],
    'source.ip': isIP(rhost) === 0 ? undefined : rhost,
    'related.user': askers,
    'network.protocol': groups['tty'] === 'ssh' ? 'ssh' : undefined,
  };
}

/**
 * A session's users: `by` is the caller's login name (empty for daemons, LOGIN for login(1)).
 * With a caller other than the session's user (su, sudo), the caller is user.name and the session's
 * user user.target.name; otherwise the session's user is user.name.
 */
function sessionUsers(groups: Groups): LogEvent {
  const user = groups['user'];
  const caller = groups['by'];
  if (caller !== undefined && caller !== '' && caller !== 'LOGIN' && caller !== user) {
    return { 'user.name': caller, 'user.id': groups['byuid'], 'user.target.name': user };
  }
  return { 'user.name': user, 'user.id': groups['uid'] };
}

const AUTH_RULES: readonly PatternRule[] = [
  {
    name: 'auth-failure',
    needle: 'authentication failure; logname=',
    pattern: new RegExp(String.raw`^pam_unix${SERVICE}auth\): authentication failure; ${WHO}$`),
    fields: (g) => ({ ...FAILURE, ...who(g), 'event.action': 'pam-authentication', 'event.reason': 'authentication failure' }),
  },
  {
    name: 'more-failures',
    needle: ' more authentication failure',
    pattern: new RegExp(String.raw`^(?:error: )?PAM (?<count>\d+) more authentication failures?; ${WHO}$`),
    fields: (g) => ({ ...FAILURE, ...who(g), 'event.action': 'pam-authentication', 'event.reason': `${g['count'] ?? ''} more authentication failures` }),
  },
  {
    name: 'no-password',
    needle: 'auth could not identify password for',
    pattern: new RegExp(String.raw`^pam_unix${SERVICE}auth\): auth could not identify password for \[(?<user>[^\]]*)\]$`),
    fields: (g) => ({ ...FAILURE, 'user.name': g['user'], 'event.action': 'pam-authentication', 'event.reason': 'no password given' }),
  },
  {
    name: 'user-unknown',
    needle: 'check pass; user unknown',
    pattern: new RegExp(String.raw`^pam_unix${SERVICE}auth\): check pass; user unknown$`),
    fields: () => ({ ...FAILURE, 'event.action': 'pam-authentication', 'event.reason': 'user unknown' }),
  },
  {
    name: 'account-locked',
    needle: 'Consecutive login failures for user',
    pattern: new RegExp(String.raw`^pam_faillock${SERVICE}auth\): Consecutive login failures for user (?<user>.+?) account temporarily locked$`),
    fields: (g) => ({ ...FAILURE, 'user.name': g['user'], 'event.action': 'account-locked', 'event.reason': 'consecutive login failures' }),
  },
];

const ACCOUNT_RULES: readonly PatternRule[] = [
  {
    name: 'account-expired',
    needle: 'has expired (',
    pattern: new RegExp(String.raw`^pam_unix${SERVICE}account\): account (?<user>.+?) has expired \((?<reason>[^)]*)\)$`),
    fields: (g) => ({ ...FAILURE, 'user.name': g['user'], 'event.action': 'account-expired', 'event.reason': g['reason'] }),
  },
  {
    name: 'password-expired',
    needle: 'expired password for user',
    pattern: new RegExp(String.raw`^pam_unix${SERVICE}account\): expired password for user (?<user>.+?) \((?<reason>[^)]*)\)$`),
    fields: (g) => ({ 'event.category': ['authentication'], 'event.type': ['info'], 'user.name': g['user'], 'event.action': 'password-expired', 'event.reason': g['reason'] }),
  },
];

const SESSION_RULES: readonly PatternRule[] = [
  {
    name: 'session-opened',
    needle: 'session opened for user ',
    pattern: new RegExp(String.raw`^pam_unix${SERVICE}session\): session opened for user (?<user>.+?)(?:\(uid=(?<uid>\d+)\))? by (?<by>[^(]*)\(uid=(?<byuid>\d+)\)$`),
    fields: (g) => ({ ...sessionUsers(g), 'event.category': ['session'], 'event.type': ['start'], 'event.action': 'session-opened', 'event.outcome': 'success' }),
  },
  {
    name: 'session-closed',
    needle: 'session closed for user ',
    pattern: new RegExp(String.raw`^pam_unix${SERVICE}session\): session closed for user (?<user>.+?)$`),
    fields: (g) => ({ 'user.name': g['user'], 'event.category': ['session'], 'event.type': ['end'], 'event.action': 'session-closed', 'event.outcome': 'success' }),
  },
];

export const PAM_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'pam',
    description: 'Linux-PAM under any calling program: pam_unix authentication failures, sessions and account expiry, pam_faillock lock-outs, sshd’s PAM failure summary',
    module: 'system',
    programs: PROGRAMS,
    rules: [...AUTH_RULES, ...ACCOUNT_RULES, ...SESSION_RULES],
  }),
];
