// `logwarden parse LINE`: the event the server would store for LINE (parsers applied), as JSON; with
// `--explain`, which parser and rule read it and what they set, or why none did
// (src/parsers/explain.ts). LINE `-` reads lines from stdin, one answer each. Runs locally: parsing is
// pure, so no server and no token are needed, and the parser table is this build's.
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { LogwardenError } from '../errors/codes.ts';
import { checkExplainRequest, explainLine, type Explanation } from '../parsers/explain.ts';
import { PARSER_TABLE } from '../parsers/table.ts';
import { systemClock } from '../runtime/clock.ts';
import type { PublicEvent } from '../schema/present.ts';

interface ParseFlags {
  explain?: boolean;
  program?: string;
  format: 'json' | 'text';
}

/** The server's default ingest.maxEventBytes: a longer line would be cut and flagged. */
const MAX_LINE_BYTES = 64 * 1024;

/** A value as one line of text: strings as they are, everything else as JSON. */
function shown(value: PublicEvent[string]): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function fieldLines(fields: PublicEvent, indent: string): string[] {
  const names = Object.keys(fields);
  const width = Math.max(0, ...names.map((name) => name.length));
  return names.map((name) => `${indent}${name.padEnd(width)}  ${shown(fields[name] as PublicEvent[string])}`);
}

/** An explanation for a terminal. Pure. */
export function formatExplanation(explanation: Explanation): string {
  const lines: string[] = [];
  const read = { syslog: 'a syslog line', json: 'a JSON document', message: `a bare message of program '${explanation.program}'` }[explanation.input];
  if (explanation.recognised) {
    lines.push(`parser ${explanation.parser}, rule ${explanation.rule} (read as ${read})`);
    const set = fieldLines(explanation.fieldsSet, '  ');
    lines.push(set.length > 0 ? 'fields set:' : 'fields set: none (the event had every value already)', ...set);
  } else {
    lines.push(`no parser recognised this line; it is stored as normalised (read as ${read})`);
    if (explanation.why !== undefined) lines.push(`why: ${explanation.why}`);
  }
  if (explanation.problems.length > 0) lines.push('problems (the event is flagged parser_error):', ...explanation.problems.map((problem) => `  ${problem}`));
  lines.push(`normalised, before the parsers (program '${explanation.program}'):`, ...fieldLines(explanation.normalised, '  '));
  return lines.join('\n');
}

function answer(line: string, flags: ParseFlags): string {
  const request = { line, program: flags.program };
  checkExplainRequest(request, MAX_LINE_BYTES);
  const explanation = explainLine(request, { table: PARSER_TABLE, receivedAt: systemClock.now() });
  if (!flags.explain) return JSON.stringify(explanation.event);
  return flags.format === 'json' ? JSON.stringify(explanation) : formatExplanation(explanation);
}

async function parseStdin(flags: ParseFlags): Promise<void> {
  let failed = 0;
  let count = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line === '') continue;
    count++;
    try {
      const text = answer(line, flags);
      process.stdout.write(flags.explain && flags.format === 'text' ? `${count > 1 ? '\n' : ''}line ${count}: ${text}\n` : `${text}\n`);
    } catch (error) {
      if (!(error instanceof LogwardenError)) throw error;
      failed++;
      process.stderr.write(`line ${count}: ${error.code}: ${error.message}\n`);
    }
  }
  if (failed > 0) process.exitCode = 1;
}

export function registerParseCommand(program: Command): void {
  program
    .command('parse')
    .description('show the event the server would store for LINE (parsers applied), or with --explain which parser read it and what it set; needs no server')
    .argument('<line>', 'a whole syslog line, a JSON document, or with --program a bare message; - reads lines from stdin')
    .option('--explain', 'say which parser and rule matched, each field set, problems, and the normalised fields (or why no parser matched)')
    .option('--program <name>', 'the program of a bare message (syslog APP-NAME, e.g. sshd): LINE is then the message alone')
    .addOption(new Option('--format <format>', 'output of --explain').choices(['text', 'json']).default('text'))
    .action(async (line: string, flags: ParseFlags) => {
      if (line === '-') return parseStdin(flags);
      process.stdout.write(`${answer(line, flags)}\n`);
    });
}
