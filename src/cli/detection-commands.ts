// `logwarden detections` (docs/detection.md, "Detections"): the stored detections of a running
// server, newest first, as a table for people or, with `--format ndjson`, one detection per line,
// exactly the objects `GET /api/v1/detections` answers.
import { Option, type Command } from 'commander';
import { detectionLevel, detectionsResponse, type DetectionContract } from '../contracts/detections.ts';
import { getJson, resolveToken, type ClientOptions } from './client.ts';
import { renderColumns } from './systems-format.ts';
import { timeFlag } from './time-flag.ts';

interface DetectionFlags {
  readonly from?: string;
  readonly to?: string;
  readonly rule?: string;
  readonly system?: string;
  readonly level?: string;
  readonly limit: string;
  readonly format: string;
}

export function registerDetectionCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  program
    .command('detections')
    .description('the detections the rules made, newest first (GET /api/v1/detections)')
    .option('--from <time>', 'detection time from (ISO 8601, epoch ms, now-7d); default 24 h before --to, or before now', timeFlag('--from'))
    .option('--to <time>', 'detection time before (default: 24 h after now)', timeFlag('--to'))
    .option('--rule <rule>', "a rule's id or title")
    .option('--system <system>', 'one of the systems of the evidence')
    .addOption(new Option('--level <level>', "the rule's level").choices(detectionLevel.options))
    .option('--limit <n>', 'most detections to print', '100')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'ndjson']).default('table'))
    .action(async (flags: DetectionFlags, command: Command) => {
      const options = clientOptions(command);
      const { from, to, rule, system, level, limit } = flags;
      const answer = await getJson(detectionsResponse, options, resolveToken(options, process.env), '/api/v1/detections', { from, to, rule, system, level, limit });
      if (flags.format === 'ndjson') {
        process.stdout.write(answer.detections.map((detection) => `${JSON.stringify(detection)}\n`).join(''));
      } else {
        process.stdout.write(`${formatDetections(answer.detections)}\n`);
      }
    });
}

/** time, level, rule, systems, group, evidence and message: one line per detection. Pure. */
export function formatDetections(detections: readonly Omit<DetectionContract, 'sequence'>[]): string {
  const rows = detections.map((detection) => [
    detection.time,
    detection.rule.level,
    detection.rule.title,
    detection.systems.join(',') || '-',
    Object.entries(detection.group)
      .map(([field, value]) => `${field}=${value}`)
      .join(' ') || '-',
    evidenceCell(detection.events),
    detection.message,
  ]);
  return renderColumns(['TIME', 'LEVEL', 'RULE', 'SYSTEMS', 'GROUP', 'EVIDENCE (event.sequence)', 'MESSAGE'], rows);
}

/** The evidence's sequence numbers, the first few and how many more. */
function evidenceCell(events: readonly number[]): string {
  const shown = events.slice(0, 5).join(',');
  return events.length > 5 ? `${shown} +${events.length - 5}` : shown || '-';
}
