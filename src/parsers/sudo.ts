// sudo's own log lines: each command run as another user, and each refusal (wrong passwords, a
// user not in sudoers, a command not allowed, a password required with -n). R-EVENTS-1: privilege
// use and access-control failures; R-FIELDS-1: who, as whom, what command, from which directory.
// The line is `USER : [PROBLEM ; ]TTY=... ; PWD=... ; USER=... [; GROUP=...] [; TSID=...]
// [; ENV=...] ; COMMAND=...` (sudo's logging.c, 1.8 and 1.9 forms). COMMAND= comes last and is kept
// whole, `;` included. sudo's PAM lines (`pam_unix(sudo:auth)`) are read by pam.ts.
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser, type PatternRule } from './parser.ts';

type Groups = Readonly<Record<string, string | undefined>>;

/** The invoking user: sudo prints the login name, which holds no blanks, `:` or `;`. */
const USER = String.raw`^\s*(?<user>[^\s:;]+) : `;
/** The key=value list, starting at TTY= (or HOST=/PWD= in some configurations). */
const PAIRS = String.raw`(?<pairs>(?:TTY|HOST|PWD)=.*)$`;

/** The KEY=value pairs of a sudo line, COMMAND= last and whole. */
function pairsOf(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const at = text.startsWith('COMMAND=') ? 0 : text.indexOf(' ; COMMAND=');
  const head = at < 0 ? text : text.slice(0, at);
  if (at >= 0) pairs.set('COMMAND', text.slice(at === 0 ? 'COMMAND='.length : at + ' ; COMMAND='.length));
  for (const part of head.split(' ; ')) {
    const equals = part.indexOf('=');
    if (equals > 0 && !pairs.has(part.slice(0, equals))) pairs.set(part.slice(0, equals), part.slice(equals + 1));
  }
  return pairs;
}

/** The fields every sudo line gives: who ran what, as whom, where. */
function commandFields(groups: Groups): LogEvent {
  const pairs = pairsOf(groups['pairs'] ?? '');
  const command = pairs.get('COMMAND');
  const executable = command?.split(' ', 1)[0];
  return {
    'user.name': groups['user'],
    'user.effective.name': pairs.get('USER'),
    'group.name': pairs.get('GROUP'),
    'process.working_directory': pairs.get('PWD'),
    'process.command_line': command,
    'process.executable': executable?.startsWith('/') ? executable : undefined,
    'session.id': pairs.get('TSID'),
  };
}

function refused(action: string, category: string, reason: string, groups: Groups): LogEvent {
  return { ...commandFields(groups), 'event.category': [category], 'event.type': ['info'], 'event.action': action, 'event.outcome': 'failure', 'event.reason': reason };
}

const RULES: readonly PatternRule[] = [
  {
    name: 'incorrect-password',
    needle: 'incorrect password attempt',
    pattern: new RegExp(String.raw`${USER}(?<count>\d+) incorrect password attempts? ; ${PAIRS}`),
    fields: (g) => refused('sudo-incorrect-password', 'authentication', `${g['count'] ?? ''} incorrect password attempts`, g),
  },
  {
    name: 'not-in-sudoers',
    needle: 'NOT in sudoers',
    pattern: new RegExp(String.raw`${USER}user NOT in sudoers ; ${PAIRS}`),
    fields: (g) => refused('sudo-not-in-sudoers', 'process', 'user NOT in sudoers', g),
  },
  {
    name: 'not-allowed',
    needle: ' ; ',
    pattern: new RegExp(String.raw`${USER}(?<problem>command not allowed|user NOT authorized on host) ; ${PAIRS}`),
    fields: (g) => refused('sudo-command-not-allowed', 'process', g['problem'] ?? '', g),
  },
  {
    name: 'password-required',
    needle: 'a password is required',
    pattern: new RegExp(String.raw`${USER}a password is required ; ${PAIRS}`),
    fields: (g) => refused('sudo-password-required', 'authentication', 'a password is required', g),
  },
  {
    name: 'command',
    needle: 'COMMAND=',
    pattern: new RegExp(String.raw`${USER}${PAIRS}`),
    fields: (g) => ({ ...commandFields(g), 'event.category': ['process'], 'event.type': ['start'], 'event.action': 'sudo-command', 'event.outcome': 'success' }),
  },
];

export const SUDO_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'sudo',
    description: 'sudo: commands run as another user (COMMAND= as a process event), wrong passwords, users not in sudoers, commands not allowed',
    module: 'system',
    programs: ['sudo'],
    rules: RULES,
  }),
];
