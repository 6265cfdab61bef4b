// sudo's lines as rsyslog forwards them from authpriv (notice for commands, alert for refusals).
// Formats of sudo 1.9 (Debian 12) logging.c, and the 1.8 form without GROUP/TSID. R-EVENTS-1.
import type { ParserFixtures } from './fixture.ts';

const SUDO = 'sudo 1.9 logging.c format (Debian 12)';
const line = (message: string, pri = 85): string => `<${pri}>Mar  7 10:00:00 web1 sudo: ${message}`;

export const SUDO_FIXTURES: ParserFixtures = {
  matching: [
    {
      name: 'a command run as root',
      origin: SUDO,
      syslog: line('   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -u'),
      parser: 'sudo',
      rule: 'command',
      expect: {
        'event.category': ['process'],
        'event.type': ['start'],
        'event.action': 'sudo-command',
        'event.outcome': 'success',
        'event.dataset': 'sudo',
        'event.module': 'system',
        'user.name': 'alice',
        'user.effective.name': 'root',
        'process.working_directory': '/home/alice',
        'process.command_line': '/usr/bin/id -u',
        'process.executable': '/usr/bin/id',
        'related.user': ['alice', 'root'],
      },
    },
    {
      name: 'sudo 1.9 with GROUP, TSID and ENV, and a command holding " ; "',
      origin: SUDO,
      syslog: line('deploy.bot : TTY=unknown ; PWD=/srv/app ; USER=www-data ; GROUP=www-data ; TSID=00000A ; ENV=LANG=C ; COMMAND=/bin/sh -c echo a ; echo b'),
      parser: 'sudo',
      rule: 'command',
      expect: {
        'user.name': 'deploy.bot',
        'user.effective.name': 'www-data',
        'group.name': 'www-data',
        'session.id': '00000A',
        'process.command_line': '/bin/sh -c echo a ; echo b',
        'process.executable': '/bin/sh',
      },
    },
    {
      name: 'sudo -l: COMMAND=list has no executable',
      origin: SUDO,
      syslog: line('alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=list'),
      parser: 'sudo',
      rule: 'command',
      expect: { 'process.command_line': 'list', 'event.action': 'sudo-command' },
    },
    {
      name: 'three incorrect password attempts',
      origin: SUDO,
      syslog: line('alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update', 81),
      parser: 'sudo',
      rule: 'incorrect-password',
      expect: {
        'event.category': ['authentication'],
        'event.outcome': 'failure',
        'event.action': 'sudo-incorrect-password',
        'event.reason': '3 incorrect password attempts',
        'user.name': 'alice',
        'user.effective.name': 'root',
        'process.command_line': '/usr/bin/apt update',
      },
    },
    {
      name: 'one incorrect password attempt (singular)',
      origin: SUDO,
      syslog: line('bob : 1 incorrect password attempt ; TTY=pts/2 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash', 81),
      parser: 'sudo',
      rule: 'incorrect-password',
      expect: { 'event.outcome': 'failure', 'user.name': 'bob' },
    },
    {
      name: 'user NOT in sudoers',
      origin: SUDO,
      syslog: line('mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/mallory ; USER=root ; COMMAND=/bin/cat /etc/shadow', 81),
      parser: 'sudo',
      rule: 'not-in-sudoers',
      expect: {
        'event.category': ['process'],
        'event.outcome': 'failure',
        'event.action': 'sudo-not-in-sudoers',
        'event.reason': 'user NOT in sudoers',
        'user.name': 'mallory',
        'process.command_line': '/bin/cat /etc/shadow',
        'process.executable': '/bin/cat',
      },
    },
    {
      name: 'command not allowed',
      origin: SUDO,
      syslog: line('alice : command not allowed ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/sbin/visudo', 81),
      parser: 'sudo',
      rule: 'not-allowed',
      expect: { 'event.outcome': 'failure', 'event.action': 'sudo-command-not-allowed', 'event.reason': 'command not allowed', 'process.executable': '/usr/sbin/visudo' },
    },
    {
      name: 'a password is required (sudo -n)',
      origin: SUDO,
      syslog: line('ci : a password is required ; TTY=unknown ; PWD=/builds ; USER=root ; COMMAND=/usr/bin/true', 81),
      parser: 'sudo',
      rule: 'password-required',
      expect: { 'event.category': ['authentication'], 'event.outcome': 'failure', 'event.action': 'sudo-password-required', 'user.name': 'ci' },
    },
  ],
  nonMatching: [
    { name: 'unable to resolve host', syslog: line('unable to resolve host web1: Name or service not known', 83), why: 'a resolver warning with no security meaning' },
    { name: 'a PAM line under sudo that pam.ts does not read', syslog: line('pam_unix(sudo:auth): conversation failed', 85), why: 'the refusal sudo logs itself carries the fields' },
    { name: 'a refusal cut before its list', syslog: line('alice : user NOT in sudoers', 81), why: 'sudo always follows the refusal with TTY=…; a cut line is not read as a refusal of a command' },
  ],
};
