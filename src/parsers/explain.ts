// What the parsers make of one line, and why: `logwarden parse --explain` and
// `POST /api/v1/parse/explain` show this. The line goes through the same normaliser the server runs
// (a syslog line, or a JSON document when it starts with `{`), then through recognise.ts with the
// parser table, exactly as src/ingest/prepare.ts does; nothing is stored. When no parser claims the
// line, `why` says what the table looked for (the program's parsers, the content-detected ones), so a
// user sees why a line that looks like sshd's was not read as sshd's. Pure.
import { PROGRAM_NAME_PATTERN } from '../contracts/parse-explain.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import { presentEvent, type PublicEvent } from '../schema/present.ts';
import { normaliseJson, unparsedJsonLine } from '../transforms/normalise-json.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import type { ParseInput } from './parser.ts';
import { programOf, recognise, type ParserTable } from './recognise.ts';

export interface ExplainRequest {
  /** A whole syslog line as a sender writes it, a JSON document, or (with `program`) a bare message. */
  readonly line: string;
  /** The program of a bare message (a syslog APP-NAME): the line is then the message alone. */
  readonly program?: string | undefined;
}

export interface ExplainContext {
  readonly table: ParserTable;
  /** When the line is taken to have arrived (epoch ms): a line without a time gets this one. */
  readonly receivedAt: number;
}

export interface Explanation {
  /** How the line was read: a syslog line, a JSON document, or a bare message of `program`. */
  readonly input: 'syslog' | 'json' | 'message';
  /** The program as the table is keyed (lower-case `log.syslog.appname`, else `process.name`); '' when none. */
  readonly program: string;
  readonly recognised: boolean;
  readonly parser?: string;
  readonly rule?: string;
  /** Each field the parser set, with the value stored (fields the event already had are kept, not listed). */
  readonly fieldsSet: PublicEvent;
  /** What could not be applied: the event is flagged `parser_error` with these. */
  readonly problems: readonly string[];
  /** The normalised fields the table chose by, and the normaliser's own flag, before any parser ran. */
  readonly normalised: PublicEvent;
  /** Why no parser recognised the line (absent when one did). */
  readonly why?: string;
  /** The event as it would be stored (before the server's own fields: system, sequence, node). */
  readonly event: PublicEvent;
}

/** What the line is said to have come over: nothing a parser reads, but the fields must say something. */
const SOURCE: SourceIdentity = { protocol: 'explain', listener: '', peer: '', identity: '' };

/** Normalised fields shown beside the answer: what the table chose by and what the normaliser flagged. */
const CONTEXT_FIELDS = [
  'log.syslog.appname',
  'process.name',
  'log.syslog.procid',
  'process.pid',
  'host.name',
  '@timestamp',
  'log.level',
  'log.syslog.version',
  'logwarden.parse.error',
  'logwarden.parse.detail',
  'message',
];

/**
 * Refuse what the server would not read as one event: a line longer than `maxEventBytes` (the
 * server would cut it and flag it truncated) and a program that is no APP-NAME.
 */
export function checkExplainRequest(request: ExplainRequest, maxEventBytes: number): void {
  const bytes = Buffer.byteLength(request.line);
  if (bytes > maxEventBytes) throw new LogwardenError('LW_INGEST_TOO_LARGE', `the line is ${bytes} bytes; at most ${maxEventBytes} (ingest.maxEventBytes) are read as one event`);
  if (request.program !== undefined && !PROGRAM_NAME_PATTERN.test(request.program)) {
    throw new LogwardenError('LW_BAD_REQUEST', `program ${JSON.stringify(request.program)}: expected 1 to 48 printable ASCII characters without spaces`);
  }
}

export function explainLine(request: ExplainRequest, context: ExplainContext): Explanation {
  const { event, input } = normalised(request, context.receivedAt);
  const before = presentEvent(event);
  const normalisedFields: PublicEvent = {};
  for (const name of CONTEXT_FIELDS) if (before[name] !== undefined) normalisedFields[name] = before[name];
  const program = programOf(event);
  const parseInput: ParseInput = { message: typeof event['message'] === 'string' ? event['message'] : '', program, event: structuredClone(event) };
  const recognition = recognise(event, context.table);
  const after = presentEvent(event);
  if (recognition === undefined) {
    return { input, program, recognised: false, fieldsSet: {}, problems: [], normalised: normalisedFields, why: whyUnrecognised(parseInput, context.table), event: after };
  }
  const fieldsSet: PublicEvent = {};
  for (const name of recognition.set) if (after[name] !== undefined) fieldsSet[name] = after[name];
  return { input, program, recognised: true, parser: recognition.parser, rule: recognition.rule, fieldsSet, problems: recognition.problems, normalised: normalisedFields, event: after };
}

function normalised(request: ExplainRequest, receivedAt: number): { event: LogEvent; input: Explanation['input'] } {
  const { line, program } = request;
  if (program === undefined && line.trimStart().startsWith('{')) return { event: jsonEvent(line, receivedAt), input: 'json' };
  if (program === undefined) return { event: syslogEvent(line, receivedAt), input: 'syslog' };
  // A bare message of a named program: the line an RFC 5424 sender would write for it, with no time,
  // host or procid (so the message is exactly the text given).
  return { event: syslogEvent(`<13>1 - - ${program} - - - ${line}`, receivedAt), input: 'message' };
}

function syslogEvent(line: string, receivedAt: number): LogEvent {
  return normaliseSyslog({ bytes: Buffer.from(line), truncated: false }, { source: SOURCE, receivedAt }).event;
}

function jsonEvent(line: string, receivedAt: number): LogEvent {
  const ctx = { source: { ...SOURCE }, receivedAt };
  let document: unknown;
  try {
    document = JSON.parse(line);
  } catch (error) {
    return unparsedJsonLine(line, `not valid JSON: ${(error as Error).message}`, ctx).event;
  }
  return normaliseJson(document, line, ctx).event;
}

/** Programs named in `why` at most: the table may know dozens. */
const LISTED_PROGRAMS = 30;

/** Levenshtein distance, for naming the programs a misspelt or renamed one is close to. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] as number;
}

/** The programs nearest a misspelt or renamed one (at most 5, within a quarter of its length, at least 1 edit). */
function closest(programs: readonly string[], program: string): string[] {
  const limit = Math.max(1, Math.floor(program.length / 4));
  const distances = programs.map((known) => [known, editDistance(known, program)] as const).filter(([, distance]) => distance <= limit);
  const nearest = Math.min(...distances.map(([, distance]) => distance));
  return distances
    .filter(([, distance]) => distance === nearest)
    .slice(0, 5)
    .map(([known]) => known);
}

/** What the table tried, in words, for a line none of its parsers claimed. */
export function whyUnrecognised(input: ParseInput, table: ParserTable): string {
  const programs = [...table.byProgram.keys()].sort();
  const detected = table.detecting.filter((parser) => parser.detect?.(input)).map((parser) => parser.name);
  const detecting = table.detecting.map((parser) => parser.name);
  const reasons: string[] = [];
  if (table.parsers.length === 0) return 'the parser table is empty';
  if (input.program === '') reasons.push('the line names no program (log.syslog.appname or process.name); for a bare message give its program (--program NAME)');
  else if (!table.byProgram.has(input.program)) {
    const near = closest(programs, input.program);
    const listed = programs.length > LISTED_PROGRAMS ? `${programs.slice(0, LISTED_PROGRAMS).join(', ')} and ${programs.length - LISTED_PROGRAMS} more` : programs.join(', ') || 'none';
    reasons.push(`program '${input.program}' has no parser${near.length > 0 ? ` (closest: ${near.join(', ')})` : ''}; parsers for programs: ${listed}`);
  } else {
    const names = (table.byProgram.get(input.program) ?? []).map((parser) => parser.name);
    reasons.push(`the parsers for program '${input.program}' (${names.join(', ')}) matched none of their rules`);
  }
  if (detecting.length === 0) reasons.push('no parser detects lines by content');
  else if (detected.length === 0) reasons.push(`no content-detected parser (${detecting.join(', ')}) took it for its format`);
  else reasons.push(`${detected.join(', ')} took it for its format but matched none of its rules`);
  if (input.message === '') reasons.push('the message is empty');
  return reasons.join('; ');
}
