// login(1) and systemd-logind lines. R-EVENTS-1 (logins and sessions).
import type { ParserFixtures } from './fixture.ts';

const SHADOW = 'shadow login.c format (Debian 12 login)';
const UTIL = 'util-linux login.c format';
const LOGIND = 'systemd-logind format (systemd 252, Debian 12)';
const line = (message: string, tag = 'login[5000]', pri = 85): string => `<${pri}>Mar  7 10:00:00 web1 ${tag}: ${message}`;
const logind = (message: string): string => `<38>1 2026-03-07T10:00:00.000000+00:00 web1 systemd-logind 612 - - ${message}`;
const LOGIN = { 'event.category': ['authentication'], 'event.action': 'login', 'event.dataset': 'login', 'event.module': 'system' };

export const LOGIN_FIXTURES: ParserFixtures = {
  matching: [
    {
      name: 'failed console login',
      origin: SHADOW,
      syslog: line("FAILED LOGIN (1) on '/dev/tty1' FOR 'alice', Authentication failure"),
      parser: 'login',
      rule: 'failed-login',
      expect: { ...LOGIN, 'event.type': ['info'], 'event.outcome': 'failure', 'event.reason': 'Authentication failure', 'user.name': 'alice' },
    },
    {
      name: 'failed login of an unknown user from a remote host',
      origin: SHADOW,
      syslog: line("FAILED LOGIN (3) on '/dev/pts/4' from '192.0.2.44' FOR 'UNKNOWN', User not known to the underlying authentication module"),
      parser: 'login',
      rule: 'failed-login',
      expect: { ...LOGIN, 'event.outcome': 'failure', 'source.ip': '192.0.2.44', 'event.reason': 'User not known to the underlying authentication module' },
    },
    {
      name: 'failed login (util-linux form)',
      origin: UTIL,
      syslog: line('FAILED LOGIN 1 FROM tty2 FOR bob, Authentication failure'),
      parser: 'login',
      rule: 'failed-login-from',
      expect: { ...LOGIN, 'event.outcome': 'failure', 'user.name': 'bob' },
    },
    {
      name: 'root login on a console (two spaces)',
      origin: SHADOW,
      syslog: line("ROOT LOGIN  on '/dev/tty1'"),
      parser: 'login',
      rule: 'root-login',
      expect: { ...LOGIN, 'event.type': ['start'], 'event.outcome': 'success', 'user.name': 'root' },
    },
    {
      name: 'root login (util-linux form) from a remote host',
      origin: UTIL,
      syslog: line('ROOT LOGIN ON pts/0 FROM 198.51.100.8'),
      parser: 'login',
      rule: 'root-login',
      expect: { 'event.outcome': 'success', 'user.name': 'root', 'source.ip': '198.51.100.8' },
    },
    {
      name: 'login on a terminal',
      origin: UTIL,
      syslog: line('LOGIN ON tty1 BY carol'),
      parser: 'login',
      rule: 'login',
      expect: { ...LOGIN, 'event.outcome': 'success', 'user.name': 'carol' },
    },
    {
      name: 'logind: new session',
      origin: LOGIND,
      syslog: logind('New session 3 of user alice.'),
      parser: 'login',
      rule: 'new-session',
      expect: { 'event.category': ['session'], 'event.type': ['start'], 'event.action': 'session-opened', 'session.id': '3', 'user.name': 'alice', 'event.dataset': 'login' },
    },
    {
      name: 'logind: new session of a display manager (id c1, user with a dot)',
      origin: LOGIND,
      syslog: logind('New session c1 of user svc.display.'),
      parser: 'login',
      rule: 'new-session',
      expect: { 'session.id': 'c1', 'user.name': 'svc.display' },
    },
    {
      name: 'logind: session logged out',
      origin: LOGIND,
      syslog: logind('Session 3 logged out. Waiting for processes to exit.'),
      parser: 'login',
      rule: 'logged-out',
      expect: { 'event.type': ['end'], 'event.action': 'session-logged-out', 'session.id': '3' },
    },
    {
      name: 'logind: session removed',
      origin: LOGIND,
      syslog: logind('Removed session 3.'),
      parser: 'login',
      rule: 'removed-session',
      expect: { 'event.category': ['session'], 'event.type': ['end'], 'event.action': 'session-closed', 'session.id': '3' },
    },
    {
      name: 'logind: system is rebooting',
      origin: LOGIND,
      syslog: logind('System is rebooting.'),
      parser: 'login',
      rule: 'power',
      expect: { 'event.category': ['host'], 'event.action': 'system-rebooting' },
    },
    {
      name: 'logind: power key pressed',
      origin: LOGIND,
      syslog: logind('Power key pressed short.'),
      parser: 'login',
      rule: 'power-key',
      expect: { 'event.category': ['host'], 'event.action': 'power-key-pressed' },
    },
  ],
  nonMatching: [
    { name: 'logind: new seat', syslog: logind('New seat seat0.'), why: 'hardware bookkeeping, not a login' },
    { name: 'logind: watching a device', syslog: logind('Watching system buttons on /dev/input/event0 (Power Button)'), why: 'start-up chatter' },
    { name: 'a login-like line from another program', syslog: line('LOGIN ON tty1 BY carol', 'myapp[1]'), why: 'only login’s own lines are read as login’s' },
    { name: 'a session line with trailing text', syslog: logind('New session 3 of user alice. extra'), why: 'anchored: logind ends the line with the full stop' },
  ],
};
