// Console and terminal logins: login(1) (shadow's on Debian, util-linux's elsewhere) and
// systemd-logind's sessions and power events (R-EVENTS-1: login success and failure, sessions;
// R-FIELDS-1: user, session id, terminal's remote host). Formats: shadow src/login.c (`FAILED LOGIN
// (1) on '/dev/tty1' FOR 'alice', Authentication failure`, `ROOT LOGIN  on '/dev/tty1'`),
// util-linux login-utils/login.c (`LOGIN ON tty1 BY alice`, `FAILED LOGIN 1 FROM tty1 FOR alice,
// Authentication failure`), systemd src/login/logind-*.c. login's PAM lines are read by pam.ts.
import { isIP } from 'node:net';
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser, type PatternRule } from './parser.ts';

type Groups = Readonly<Record<string, string | undefined>>;

/** A remote host login(1) names (telnet, rlogin): an address when it is one. */
function remote(groups: Groups): LogEvent {
  const host = groups['host'] ?? '';
  return { 'source.ip': isIP(host) === 0 ? undefined : host };
}

function login(groups: Groups, success: boolean, user: string | undefined): LogEvent {
  return {
    ...remote(groups),
    'user.name': user === 'UNKNOWN' ? undefined : user,
    'event.category': ['authentication'],
    'event.type': success ? ['start'] : ['info'],
    'event.action': 'login',
    'event.outcome': success ? 'success' : 'failure',
    'event.reason': groups['reason'],
  };
}

const LOGIN_RULES: readonly PatternRule[] = [
  {
    name: 'failed-login',
    needle: 'FAILED LOGIN ',
    pattern: /^FAILED LOGIN \((?<count>\d+)\)(?: on '(?<tty>[^']*)')?(?: from '(?<host>[^']*)')? FOR '(?<user>[^']*)', (?<reason>.+)$/,
    fields: (g) => login(g, false, g['user']),
  },
  {
    name: 'failed-login-from',
    needle: 'FAILED LOGIN ',
    pattern: /^FAILED LOGIN (?:\d+|SESSION) FROM (?<host>\S+) FOR (?<user>.+?), (?<reason>.+)$/,
    fields: (g) => login(g, false, g['user']),
  },
  {
    name: 'root-login',
    needle: 'ROOT LOGIN ',
    pattern: /^ROOT LOGIN +(?:on '(?<tty>[^']*)'(?: from '(?<host>[^']*)')?|ON (?<tty2>\S+)(?: FROM (?<host2>\S+))?)$/,
    fields: (g) => login({ host: g['host'] ?? g['host2'] }, true, 'root'),
  },
  {
    name: 'login',
    needle: 'LOGIN ON ',
    pattern: /^LOGIN ON (?<tty>\S+) BY (?<user>\S+)(?: FROM (?<host>\S+))?$/,
    fields: (g) => login(g, true, g['user']),
  },
];

const LOGIND_RULES: readonly PatternRule[] = [
  {
    name: 'new-session',
    needle: 'New session ',
    pattern: /^New session (?<id>[^\s.]+) of user (?<user>.+)\.$/,
    fields: (g) => ({ 'session.id': g['id'], 'user.name': g['user'], 'event.category': ['session'], 'event.type': ['start'], 'event.action': 'session-opened', 'event.outcome': 'success' }),
  },
  {
    name: 'removed-session',
    needle: 'Removed session ',
    pattern: /^Removed session (?<id>[^\s.]+)\.$/,
    fields: (g) => ({ 'session.id': g['id'], 'event.category': ['session'], 'event.type': ['end'], 'event.action': 'session-closed', 'event.outcome': 'success' }),
  },
  {
    name: 'logged-out',
    needle: ' logged out.',
    pattern: /^Session (?<id>[^\s.]+) logged out\. Waiting for processes to exit\.$/,
    fields: (g) => ({ 'session.id': g['id'], 'event.category': ['session'], 'event.type': ['end'], 'event.action': 'session-logged-out', 'event.outcome': 'success' }),
  },
  {
    name: 'power',
    needle: 'System is ',
    pattern: /^System is (?<what>rebooting|powering down|halting|suspending|hibernating)\.$/,
    fields: (g) => ({ 'event.category': ['host'], 'event.type': ['end'], 'event.action': `system-${(g['what'] ?? '').replace(' ', '-')}` }),
  },
  {
    name: 'power-key',
    needle: 'key pressed',
    pattern: /^(?<key>Power|Reboot|Suspend|Hibernate) key pressed(?: short| long)?\.$/,
    fields: (g) => ({ 'event.category': ['host'], 'event.type': ['info'], 'event.action': `${(g['key'] ?? '').toLowerCase()}-key-pressed` }),
  },
];

export const LOGIN_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'login',
    description: 'login(1) console logins, successful and failed, and systemd-logind sessions opened and closed and power events',
    module: 'system',
    programs: ['login', 'systemd-logind'],
    rules: [...LOGIN_RULES, ...LOGIND_RULES],
  }),
];
