// Fixtures of the cron parser: job runs (automated activity, R-FIELDS-1) and crontab changes
// (configuration change, R-EVENTS-1). cron is not installed on the build machine, so the lines follow
// the formats of Debian cron 3.0pl1 (do_command.c/database.c log_it calls), cronie and crontab(1).
import type { ParserFixture, ParserFixtures } from './fixture.ts';

const DEBIAN = 'Debian cron 3.0pl1 log_it format "(USER) VERB (DETAIL)"';
const CRONTAB = 'crontab(1) of Debian cron 3.0pl1 log_it format';

function line(name: string, syslog: string, rule: string, expect: ParserFixture['expect'], origin = DEBIAN): ParserFixture {
  return { name, origin, syslog, parser: 'cron', rule, expect };
}

export const CRON_FIXTURES: ParserFixtures = {
  matching: [
    line('Debian cron runs the hourly job (R-FIELDS-1 automated process)', '<78>Mar  7 10:17:01 web1 CRON[4312]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)', 'command', {
      'event.category': ['process'],
      'event.type': ['start'],
      'event.action': 'cron-command',
      'event.module': 'system',
      'event.dataset': 'cron',
      'user.name': 'root',
      'related.user': ['root'],
      'process.command_line': 'cd / && run-parts --report /etc/cron.hourly',
      'process.pid': 4312,
    }),
    line(
      'cronie runs a user job with parentheses in it',
      '<78>Mar  7 10:20:01 db1 CROND[981]: (postgres) CMD (pg_dump -Fc app > /backup/app-$(date +\\%F).dump)',
      'command',
      {
        'user.name': 'postgres',
        'process.command_line': 'pg_dump -Fc app > /backup/app-$(date +\\%F).dump',
      },
      'cronie do_command.c "(USER) CMD (COMMAND)"',
    ),
    line(
      'cronie logs the end of a job',
      '<78>Mar  7 10:20:02 db1 CROND[981]: (postgres) CMDEND (pg_dump -Fc app > /backup/app.dump)',
      'command-ended',
      {
        'event.type': ['end'],
        'event.action': 'cron-command-ended',
        'user.name': 'postgres',
        'process.command_line': 'pg_dump -Fc app > /backup/app.dump',
      },
      'cronie 1.6 do_command.c "(USER) CMDEND (COMMAND)"',
    ),
    line(
      'a Debian cron job fails',
      '<75>Mar  7 10:17:02 web1 CRON[4313]: (CRON) error (grandchild #4314 failed with exit status 127)',
      'command-failed',
      {
        'event.type': ['end', 'error'],
        'event.action': 'cron-command-failed',
        'event.outcome': 'failure',
        'event.reason': 'exit status 127',
      },
      'Debian cron 3.0pl1 (debian/patches, do_command.c) grandchild exit status message',
    ),
    line('cron reloads a user crontab after a change', '<78>Mar  7 10:21:01 web1 cron[612]: (bob) RELOAD (crontabs/bob)', 'reload', {
      'event.category': ['configuration'],
      'event.type': ['change'],
      'event.action': 'crontab-reloaded',
      'user.name': 'bob',
      'file.path': 'crontabs/bob',
    }),
    line('cron reloads the system crontab', '<78>Mar  7 10:21:01 web1 cron[612]: (*system*) RELOAD (/etc/crontab)', 'reload', { 'event.action': 'crontab-reloaded', 'file.path': '/etc/crontab' }),
    line(
      'crontab -e begins an edit of root’s crontab',
      '<78>Mar  7 10:19:40 web1 crontab[5120]: (root) BEGIN EDIT (root)',
      'crontab-edit',
      {
        'event.category': ['configuration'],
        'event.type': ['change'],
        'event.action': 'crontab-edit-started',
        'user.name': 'root',
        'user.target.name': 'root',
      },
      CRONTAB,
    ),
    line(
      'crontab replaces bob’s crontab (root edits it)',
      '<78>Mar  7 10:20:12 web1 crontab[5120]: (root) REPLACE (bob)',
      'crontab-edit',
      {
        'event.action': 'crontab-replaced',
        'user.name': 'root',
        'user.target.name': 'bob',
        'related.user': ['root', 'bob'],
      },
      CRONTAB,
    ),
    line('crontab ends the edit', '<78>Mar  7 10:20:12 web1 crontab[5120]: (root) END EDIT (root)', 'crontab-edit', { 'event.action': 'crontab-edit-ended' }, CRONTAB),
    line('crontab -r deletes a crontab', '<78>Mar  7 10:22:00 web1 crontab[5200]: (bob) DELETE (bob)', 'crontab-edit', { 'event.type': ['deletion'], 'event.action': 'crontab-deleted' }, CRONTAB),
    line(
      'anacron starts the daily job',
      "<78>Mar  7 07:35:01 web1 anacron[701]: Job `cron.daily' started",
      'anacron-job-started',
      {
        'event.type': ['start'],
        'event.action': 'anacron-job-started',
        'process.command_line': 'cron.daily',
      },
      'anacron 2.3 runjob.c "Job `%s\' started"',
    ),
    line(
      'anacron job ends with an error',
      "<78>Mar  7 07:36:12 web1 anacron[701]: Job `cron.daily' terminated (exit status: 1) (mailing output)",
      'anacron-job-ended',
      {
        'event.type': ['end'],
        'event.outcome': 'failure',
        'event.reason': 'exit status 1',
      },
      'anacron 2.3 runjob.c',
    ),
  ],
  nonMatching: [
    { name: 'cron start-up information', syslog: '<78>Mar  7 09:00:00 web1 cron[612]: (CRON) INFO (pidfile fd = 3)', why: 'start-up chatter with no security meaning' },
    { name: 'a CMD line from a program that is not cron', syslog: '<13>Mar  7 10:17:01 web1 myapp[1]: (root) CMD (rm -rf /tmp/x)', why: 'only cron programs are read' },
    { name: 'a cut CMD line', syslog: '<78>Mar  7 10:17:01 web1 CRON[4312]: (root) CMD (   cd / && run-parts', why: 'the pattern is anchored; a cut line is not guessed at' },
  ],
};
