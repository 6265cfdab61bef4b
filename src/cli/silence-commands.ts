// `logwarden silences list|add|end` (docs/alerting.md, "Working alerts from the CLI"): silences
// hold back the notifications of matching alerts for a while; detections and alerts go on.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { silenceResponse, silencesResponse, type silenceCreateBody } from '../contracts/alerts.ts';
import { detectionLevel } from '../contracts/detections.ts';
import type { z } from 'zod';
import { formatSilences } from './alert-format.ts';
import { getJson, requestJson, resolveToken, type ClientOptions } from './client.ts';
import { timeFlag } from './time-flag.ts';

interface AddFlags {
  readonly rule?: string;
  readonly level?: string;
  readonly system?: string;
  readonly tag: string[];
  readonly group: string[];
  readonly for?: string;
  readonly until?: string;
  readonly reason: string;
}

export function registerSilenceCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  const silences = program.command('silences').description('silences: hold back the notifications of matching alerts for a while (alerts stay visible)');
  silences
    .command('list')
    .description('silences, newest first (GET /api/v1/silences)')
    .option('--active', 'only those in force now or yet to start')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'ndjson']).default('table'))
    .action(async (flags: { active?: boolean; format: string }, command: Command) => {
      const options = clientOptions(command);
      const answer = await getJson(silencesResponse, options, resolveToken(options, process.env), '/api/v1/silences', { active: flags.active ? 'true' : undefined });
      process.stdout.write(flags.format === 'ndjson' ? answer.silences.map((s) => `${JSON.stringify(s)}\n`).join('') : `${formatSilences(answer.silences)}\n`);
    });
  silences
    .command('add')
    .description('silence the alerts that match every condition given, for a while (POST /api/v1/silences)')
    .option('--rule <rule>', "a rule's id or title")
    .addOption(new Option('--level <level>', "the rule's level").choices(detectionLevel.options))
    .option('--system <system>', "one of the alert's systems")
    .option('--tag <tag>', 'a tag the rule carries (repeatable)', collect, [])
    .option('--group <field=value>', 'a group value of the alert, e.g. source.ip=203.0.113.9 (repeatable)', collectPair, [])
    .option('--for <duration>', 'how long: 30m, 2h, 1d')
    .option('--until <time>', 'until when (ISO 8601, epoch ms, now+2h)', timeFlag('--until'))
    .requiredOption('--reason <text>', 'why (recorded with the silence)')
    .action(async (flags: AddFlags, command: Command) => {
      const options = clientOptions(command);
      const answer = await requestJson(silenceResponse, options, resolveToken(options, process.env), 'POST', '/api/v1/silences', silenceBody(flags));
      process.stdout.write(`${formatSilences([answer.silence])}\n`);
    });
  silences
    .command('end')
    .description('end a silence now (POST /api/v1/silences/ID/end)')
    .argument('<id>', 'the silence id')
    .option('--reason <text>', 'why it ends early')
    .action(async (id: string, flags: { reason?: string }, command: Command) => {
      const options = clientOptions(command);
      const body = flags.reason === undefined ? {} : { reason: flags.reason };
      const answer = await requestJson(silenceResponse, options, resolveToken(options, process.env), 'POST', `/api/v1/silences/${encodeURIComponent(id)}/end`, body);
      process.stdout.write(`${formatSilences([answer.silence])}\n`);
    });
}

/** The flags → the request body; the server checks the rest (a matcher needed, one end). Pure. */
export function silenceBody(flags: AddFlags): z.input<typeof silenceCreateBody> {
  if ((flags.for === undefined) === (flags.until === undefined)) throw new InvalidArgumentError('give the end of the silence: --for (e.g. 2h) or --until, one of them');
  const group = Object.fromEntries(flags.group.map((pair) => pair.split(/=(.*)/s, 2) as [string, string]));
  return {
    matcher: {
      ...(flags.rule !== undefined ? { rule: flags.rule } : {}),
      ...(flags.level !== undefined ? { level: flags.level as z.infer<typeof detectionLevel> } : {}),
      ...(flags.system !== undefined ? { system: flags.system } : {}),
      ...(flags.tag.length > 0 ? { tags: flags.tag } : {}),
      ...(flags.group.length > 0 ? { group } : {}),
    },
    reason: flags.reason,
    ...(flags.for !== undefined ? { duration: flags.for } : { endsAt: flags.until as string }),
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function collectPair(value: string, previous: string[]): string[] {
  if (!/^[^=]+=/.test(value)) throw new InvalidArgumentError(`expected field=value, found ${JSON.stringify(value)}`);
  return [...previous, value];
}
