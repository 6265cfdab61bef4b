// `logwarden alerts …`, `logwarden silences …` and `logwarden notifications …` (docs/alerting.md,
// "Working alerts from the CLI"): the alerting API from the command line, as tables for people or,
// with --format ndjson/json, exactly the objects the API answers (parsed with its contracts).
import { Option, type Command } from 'commander';
import { ALERT_STATES, DISPOSITIONS } from '../alerts/alert-state.ts';
import { alertDetailResponse, alertReportResponse, alertResponse, alertsResponse, type AlertContract } from '../contracts/alerts.ts';
import { detectionLevel } from '../contracts/detections.ts';
import { formatAlertDetail, formatAlerts, formatReport } from './alert-format.ts';
import { getJson, requestJson, resolveToken, type ClientOptions } from './client.ts';
import { registerNotificationCommands } from './notification-commands.ts';
import { registerSilenceCommands } from './silence-commands.ts';
import { timeFlag } from './time-flag.ts';

type ClientOf = (command: Command) => ClientOptions;

interface ListFlags {
  readonly state?: string;
  readonly rule?: string;
  readonly level?: string;
  readonly system?: string;
  readonly assignee?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit: string;
  readonly format: string;
}

const formatOption = (choices: readonly string[]) => new Option('--format <format>', 'output format').choices(choices).default('table');

export function registerAlertCommands(program: Command, clientOptions: ClientOf): void {
  const alerts = program.command('alerts').description('alerts: the detections of a rule and group, and what people decided about them (docs/alerting.md)');
  registerListAndShow(alerts, clientOptions);
  registerChanges(alerts, clientOptions);
  alerts
    .command('report')
    .description('the review report of the alerts opened in a period: counts, time to acknowledge and resolve, false positives, rules that never fired (GET /api/v1/alerts/report)')
    .option('--from <time>', 'alerts opened from (ISO 8601, epoch ms, now-30d); default 30 days before --to', timeFlag('--from'))
    .option('--to <time>', 'alerts opened before (default: now)', timeFlag('--to'))
    .addOption(formatOption(['table', 'json']))
    .action(async (flags: { from?: string; to?: string; format: string }, command: Command) => {
      const options = clientOptions(command);
      const report = await getJson(alertReportResponse, options, resolveToken(options, process.env), '/api/v1/alerts/report', { from: flags.from, to: flags.to });
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    });
  registerSilenceCommands(program, clientOptions);
  registerNotificationCommands(program, clientOptions);
}

function registerListAndShow(alerts: Command, clientOptions: ClientOf): void {
  alerts
    .command('list')
    .description('alerts, newest last seen first (GET /api/v1/alerts)')
    .option('--state <states>', `one state or a comma-separated list: ${ALERT_STATES.join(', ')}`)
    .option('--rule <rule>', "a rule's id or title")
    .addOption(new Option('--level <level>', "the rule's level").choices(detectionLevel.options))
    .option('--system <system>', "one of the alert's systems")
    .option('--assignee <user>', 'assigned to this person; `none` for unassigned alerts')
    .option('--from <time>', 'last seen from (ISO 8601, epoch ms, now-7d)', timeFlag('--from'))
    .option('--to <time>', 'last seen before', timeFlag('--to'))
    .option('--limit <n>', 'most alerts to print', '100')
    .addOption(formatOption(['table', 'ndjson', 'json']))
    .action(async (flags: ListFlags, command: Command) => {
      const options = clientOptions(command);
      const { state, rule, level, system, assignee, from, to, limit } = flags;
      const answer = await getJson(alertsResponse, options, resolveToken(options, process.env), '/api/v1/alerts', { state, rule, level, system, assignee, from, to, limit });
      process.stdout.write(printAlerts(answer.alerts, flags.format));
    });
  alerts
    .command('show')
    .description('one alert: its fields, comments, history, first detections with their evidence, notifications (GET /api/v1/alerts/ID)')
    .argument('<id>', 'the alert id')
    .addOption(formatOption(['table', 'json']))
    .action(async (id: string, flags: { format: string }, command: Command) => {
      const options = clientOptions(command);
      const detail = await getJson(alertDetailResponse, options, resolveToken(options, process.env), `/api/v1/alerts/${encodeURIComponent(id)}`, {});
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(detail, null, 2)}\n` : `${formatAlertDetail(detail)}\n`);
    });
}

/** Alerts as a table, one JSON object per line (ndjson), or the API's answer (json). Pure. */
export function printAlerts(alerts: readonly AlertContract[], format: string): string {
  if (format === 'ndjson') return alerts.map((alert) => `${JSON.stringify(alert)}\n`).join('');
  if (format === 'json') return `${JSON.stringify({ alerts }, null, 2)}\n`;
  return `${formatAlerts(alerts)}\n`;
}

function registerChanges(alerts: Command, clientOptions: ClientOf): void {
  const post = async (command: Command, id: string, verb: string, body: Record<string, unknown>): Promise<void> => {
    const options = clientOptions(command);
    const { alert } = await requestJson(alertResponse, options, resolveToken(options, process.env), 'POST', `/api/v1/alerts/${encodeURIComponent(id)}/${verb}`, body);
    process.stdout.write(`${formatAlerts([alert])}\n`);
  };
  const withComment = (comment: string | undefined): Record<string, unknown> => (comment === undefined ? {} : { comment });
  for (const [verb, description] of [
    ['ack', 'acknowledge the alert: someone is on it (stops its escalation)'],
    ['resolve', 'resolve the alert: the cause is dealt with'],
    ['reopen', 'reopen a resolved or closed alert'],
  ] as const) {
    alerts
      .command(verb)
      .description(description)
      .argument('<id>', 'the alert id')
      .option('--comment <text>', 'why, recorded with the change')
      .action(async (id: string, flags: { comment?: string }, command: Command) => post(command, id, verb, withComment(flags.comment)));
  }
  alerts
    .command('close')
    .description('close the alert with what it turned out to be')
    .argument('<id>', 'the alert id')
    .addOption(new Option('--disposition <d>', 'what it was').choices(DISPOSITIONS).makeOptionMandatory())
    .option('--comment <text>', 'why, recorded with the change')
    .action(async (id: string, flags: { disposition: string; comment?: string }, command: Command) => post(command, id, 'close', { disposition: flags.disposition, ...withComment(flags.comment) }));
  alerts
    .command('assign')
    .description('assign the alert to a person; `-` unassigns it')
    .argument('<id>', 'the alert id')
    .argument('<user>', 'who takes it, or - for nobody')
    .option('--comment <text>', 'why, recorded with the change')
    .action(async (id: string, user: string, flags: { comment?: string }, command: Command) => post(command, id, 'assign', { assignee: user === '-' ? null : user, ...withComment(flags.comment) }));
  alerts
    .command('comment')
    .description('add a comment to the alert')
    .argument('<id>', 'the alert id')
    .argument('<text>', 'the comment')
    .action(async (id: string, text: string, _flags: unknown, command: Command) => post(command, id, 'comment', { comment: text }));
}
