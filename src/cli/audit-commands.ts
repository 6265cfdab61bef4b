// `logwarden audit`: the audit trail (GET /api/v1/audit), newest first, filtered by time, action and
// user; with audit.read (auditor, admin) every caller's actions, else one's own. `--format ndjson`
// prints one ECS event per line for scripts; `table` one line per action for people.
import { Option, type Command } from 'commander';
import { auditResponse, DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from '../contracts/audit.ts';
import type { PublicEventContract } from '../contracts/event.ts';
import { getJson, resolveToken, type ClientOptions } from './client.ts';
import { timeFlag } from './time-flag.ts';
import { visibleText } from './visible-text.ts';

interface AuditFlags {
  from?: string;
  to?: string;
  action?: string;
  user?: string;
  limit: string;
  format: 'ndjson' | 'table';
}

export function registerAuditCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  program
    .command('audit')
    .description("the audit trail: who searched, exported, signed in or changed what, newest first (every caller's with audit.read, else your own)")
    .option('--from <time>', 'from (ISO 8601, epoch ms, now-7d)', timeFlag('--from'))
    .option('--to <time>', 'before (default now)', timeFlag('--to'))
    .option('--action <action>', 'only this action, e.g. search, sign-in, token-change')
    .option('--user <name>', 'only the actions of this user or token')
    .option('--limit <n>', `at most this many events (max ${MAX_AUDIT_LIMIT})`, String(DEFAULT_AUDIT_LIMIT))
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'table']).default('table'))
    .action(async (flags: AuditFlags, command: Command) => {
      const options = clientOptions(command);
      const format = command.optsWithGlobals<{ format: string }>().format === 'ndjson' ? 'ndjson' : flags.format;
      const params = { from: flags.from, to: flags.to, action: flags.action, user: flags.user, limit: flags.limit };
      const answer = await getJson(auditResponse, options, resolveToken(options, process.env), '/api/v1/audit', params);
      if (format === 'ndjson') for (const event of answer.events) process.stdout.write(`${JSON.stringify(event)}\n`);
      else process.stdout.write(formatAuditTable(answer.events));
      if (answer.cursor !== undefined) process.stderr.write(`older events follow: narrow --from/--to or raise --limit\n`);
    });
}

/** One tab-separated line per event: time, user, action, outcome, the sentence. */
export function formatAuditTable(events: readonly PublicEventContract[]): string {
  const text = (event: PublicEventContract, field: string): string => {
    const value = event[field];
    // Query texts are the callers': no control character of theirs reaches the terminal.
    return typeof value === 'string' || typeof value === 'number' ? visibleText(String(value)) : '-';
  };
  return events.map((event) => `${['@timestamp', 'user.name', 'event.action', 'event.outcome', 'message'].map((field) => text(event, field)).join('\t')}\n`).join('');
}
