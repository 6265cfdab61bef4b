// cron (Debian's Vixie cron and cronie), the crontab command and anacron: the jobs they run (an
// automated process, R-FIELDS-1 "activity incl. automated processes") and the crontab edits and
// reloads (a configuration change, R-EVENTS-1). Both crons log "(USER) VERB (DETAIL)"; the PAM
// session lines cron also writes ("pam_unix(cron:session): …") are the PAM parser's, not claimed here.
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser } from './parser.ts';

/** cron's own pseudo-user for the system crontab and /etc/cron.d: not an account. */
function account(name: string | undefined): string | undefined {
  return name === undefined || name.startsWith('*system*') ? undefined : name;
}

const CONFIGURATION = (type: string, action: string, fields: LogEvent): LogEvent => ({
  'event.category': ['configuration'],
  'event.type': [type],
  'event.action': action,
  'event.outcome': 'success',
  ...fields,
});

const EDITS: Readonly<Record<string, readonly [string, string]>> = {
  'BEGIN EDIT': ['change', 'crontab-edit-started'],
  'END EDIT': ['change', 'crontab-edit-ended'],
  REPLACE: ['change', 'crontab-replaced'],
  DELETE: ['deletion', 'crontab-deleted'],
  LIST: ['access', 'crontab-listed'],
};

export const CRON_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'cron',
    description: 'cron and cronie job runs and crontab reloads, crontab edits, anacron job runs',
    module: 'system',
    programs: ['cron', 'crond', 'crontab', 'anacron'],
    rules: [
      {
        name: 'command',
        needle: ') CMD (',
        pattern: /^\((?<user>[^()\s]+)\) CMD \((?<command>.*)\)$/,
        fields: (g) => ({
          'event.category': ['process'],
          'event.type': ['start'],
          'event.action': 'cron-command',
          'event.outcome': 'success',
          'user.name': account(g['user']),
          'process.command_line': g['command']?.trim(),
        }),
      },
      {
        // cronie ≥ 1.6 logs the end of a job too.
        name: 'command-ended',
        needle: ') CMDEND (',
        pattern: /^\((?<user>[^()\s]+)\) CMDEND \((?<command>.*)\)$/,
        fields: (g) => ({
          'event.category': ['process'],
          'event.type': ['end'],
          'event.action': 'cron-command-ended',
          'event.outcome': 'success',
          'user.name': account(g['user']),
          'process.command_line': g['command']?.trim(),
        }),
      },
      {
        // Debian cron: a job's command exited non-zero.
        name: 'command-failed',
        needle: '(CRON) error (grandchild #',
        pattern: /^\(CRON\) error \(grandchild #(?<pid>\d+) failed with exit status (?<status>\d+)\)$/,
        fields: (g) => ({
          'event.category': ['process'],
          'event.type': ['end', 'error'],
          'event.action': 'cron-command-failed',
          'event.outcome': 'failure',
          'event.reason': `exit status ${g['status']}`,
        }),
      },
      {
        name: 'reload',
        needle: ') RELOAD (',
        pattern: /^\((?<user>[^()\s]+)\) RELOAD \((?<file>[^()]+)\)$/,
        fields: (g) => CONFIGURATION('change', 'crontab-reloaded', { 'user.name': account(g['user']), 'file.path': g['file'] }),
      },
      {
        // The crontab command: "(ACTOR) REPLACE (OWNER)", the owner of the crontab acted upon.
        name: 'crontab-edit',
        needle: ') ',
        pattern: /^\((?<actor>[^()\s]+)\) (?<verb>BEGIN EDIT|END EDIT|REPLACE|DELETE|LIST) \((?<owner>[^()\s]+)\)$/,
        fields: (g) => {
          const [type, action] = EDITS[g['verb'] ?? ''] ?? ['change', 'crontab-changed'];
          return CONFIGURATION(type, action, { 'user.name': g['actor'], 'user.target.name': g['owner'] });
        },
      },
      {
        name: 'anacron-job-started',
        needle: 'Job ',
        pattern: /^Job [`'](?<job>[^'`\s]+)' started$/,
        fields: (g) => ({ 'event.category': ['process'], 'event.type': ['start'], 'event.action': 'anacron-job-started', 'event.outcome': 'success', 'process.command_line': g['job'] }),
      },
      {
        name: 'anacron-job-ended',
        needle: 'Job ',
        pattern: /^Job [`'](?<job>[^'`\s]+)' terminated(?<status> \(exit status: (?<code>\d+)\))?(?: \([^()]*\))?$/,
        fields: (g) => ({
          'event.category': ['process'],
          'event.type': ['end'],
          'event.action': 'anacron-job-ended',
          'event.outcome': g['code'] === undefined || g['code'] === '0' ? 'success' : 'failure',
          'event.reason': g['code'] === undefined ? undefined : `exit status ${g['code']}`,
          'process.command_line': g['job'],
        }),
      },
    ],
  }),
];
