// su's own lines (util-linux su on Debian, and the shadow su of older systems): a switch to another
// user, successful or failed. user.name is the caller, user.target.name the user switched to
// (R-EVENTS-1: privilege use, login failure; R-FIELDS-1). su's PAM lines are read by pam.ts.
// Formats: util-linux login-utils/su-common.c (`(to root) alice on pts/0`, `FAILED SU (to root)
// alice on pts/0`), shadow src/su.c and sulog (`Successful su for root by alice`, `+ pts/0 alice:root`).
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser, type PatternRule } from './parser.ts';

type Groups = Readonly<Record<string, string | undefined>>;

function switched(groups: Groups, success: boolean): LogEvent {
  return {
    'user.name': groups['user'],
    'user.target.name': groups['target'],
    'event.category': ['authentication'],
    'event.type': success ? ['start'] : ['info'],
    'event.action': 'switch-user',
    'event.outcome': success ? 'success' : 'failure',
  };
}

const RULES: readonly PatternRule[] = [
  {
    name: 'switched',
    needle: '(to ',
    pattern: /^(?<failed>FAILED (?:SU|RUNUSER) )?\(to (?<target>[^)\s]+)\) (?<user>.+?) on (?<tty>\S+)$/,
    fields: (g) => switched(g, g['failed'] === undefined),
  },
  {
    name: 'su-for',
    needle: 'su for ',
    pattern: /^(?<result>Successful|FAILED) su for (?<target>\S+) by (?<user>.+)$/,
    fields: (g) => switched(g, g['result'] === 'Successful'),
  },
  {
    name: 'sulog',
    pattern: /^(?<sign>[+-]) (?<tty>\S+) (?<user>[^\s:]+):(?<target>\S+)$/,
    fields: (g) => switched(g, g['sign'] === '+'),
  },
];

export const SU_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'su',
    description: 'su and runuser: switches to another user, successful and failed (caller in user.name, target in user.target.name)',
    module: 'system',
    programs: ['su', 'runuser'],
    rules: RULES,
  }),
];
