// Runs the parser table on one normalised event and applies what the parser found, under rules
// that hold for every parser (docs/parsers.md, "Rules"):
//   - the parsers of the event's program are tried first, then the content-detected ones;
//     the first that recognises the message wins;
//   - a field the event already has (a sender's own value, or the syslog header's) is kept, with one
//     exception: process.name and process.pid taken from the syslog header (APP-NAME, PROCID) name
//     the program that wrote the line, and a parser that reads the process the line is about
//     (AppArmor's or auditd's comm=) replaces them; the header's values stay in log.syslog.*;
//   - a value that does not fit its field is not stored in it: it is kept as a label of the
//     field's name and the event is flagged `parser_error`, with every other field still applied;
//   - a parser that throws flags the event `parser_error` and changes nothing else;
//   - event.original and message are never changed; an event no parser knows is left as it came.
// Pure: the pipeline (src/ingest/prepare.ts) calls it, `logwarden parse --explain` shows its answer.
import { isIP } from 'node:net';
import type { FieldValue, LogEvent } from '../schema/event.ts';
import { isEmptyValue } from '../schema/empty.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import { fitsIntColumn } from '../transforms/fit-columns.ts';
import { flagEvent } from '../transforms/parse-flag.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';

export interface ParserTable {
  /** Every parser, in table order. */
  readonly parsers: readonly Parser[];
  readonly byProgram: ReadonlyMap<string, readonly Parser[]>;
  /** Parsers chosen by content (`detect`), in table order. */
  readonly detecting: readonly Parser[];
}

export interface Recognition {
  readonly parser: string;
  readonly rule: string;
  /** Field names this recognition set on the event, in the order set. */
  readonly set: readonly string[];
  /** What could not be applied (the event is flagged `parser_error` with these). */
  readonly problems: readonly string[];
}

export function buildParserTable(parsers: readonly Parser[]): ParserTable {
  const byProgram = new Map<string, Parser[]>();
  for (const parser of parsers) {
    for (const program of parser.programs ?? []) {
      const list = byProgram.get(program) ?? [];
      list.push(parser);
      byProgram.set(program, list);
    }
  }
  return { parsers, byProgram, detecting: parsers.filter((parser) => parser.detect !== undefined) };
}

/** The program a message is from, as the table is keyed. */
export function programOf(event: Readonly<LogEvent>): string {
  const program = event['log.syslog.appname'] ?? event['process.name'];
  return typeof program === 'string' ? program.toLowerCase() : '';
}

/** Recognise `event` in place; undefined (and the event unchanged) when no parser knows it. */
export function recognise(event: LogEvent, table: ParserTable): Recognition | undefined {
  const record: RecognitionRecord = { rule: '', set: [], problems: [] };
  const parser = recogniseWith(event, table, record);
  return parser === undefined ? undefined : { parser: parser.name, rule: record.rule, set: record.set, problems: record.problems };
}

/**
 * The pipeline's recognise: the same work on the event, but only the name of the parser that
 * recognised it is returned, so that no record of what was set is built for every line (the
 * pipeline counts recognitions by parser and nothing more; `parse --explain` wants the record).
 */
export function recogniseParser(event: LogEvent, table: ParserTable): string | undefined {
  return recogniseWith(event, table, undefined)?.name;
}

/** What recognise() reports, filled in as the parser's answer is applied. */
interface RecognitionRecord {
  rule: string;
  readonly set: string[];
  problems: readonly string[];
}

const NO_PARSERS: readonly Parser[] = [];

/** The parser that recognised the event, its answer applied; `record`, when given, is told the rule, the fields set and the problems. */
function recogniseWith(event: LogEvent, table: ParserTable, record: RecognitionRecord | undefined): Parser | undefined {
  const message = event['message'];
  const input: ParseInput = { message: typeof message === 'string' ? message : '', program: programOf(event), event };
  for (const parser of table.byProgram.get(input.program) ?? NO_PARSERS) {
    if (tryParser(parser, input, event, record)) return parser;
  }
  for (const parser of table.detecting) {
    if (parser.detect?.(input) && tryParser(parser, input, event, record)) return parser;
  }
  return undefined;
}

/** True when the parser recognised the event (or threw, which flags it): its answer is then applied. */
function tryParser(parser: Parser, input: ParseInput, event: LogEvent, record: RecognitionRecord | undefined): boolean {
  let parsed: Parsed | undefined;
  try {
    parsed = parser.parse(input);
  } catch (error) {
    const problem = `the ${parser.name} parser failed: ${error instanceof Error ? error.message : String(error)}`;
    flagEvent(event, 'parser_error', problem);
    if (record) {
      record.rule = 'failed';
      record.problems = [problem];
    }
    return true;
  }
  if (!parsed) return false;
  const set = record?.set;
  // Allocated only when a value does not fit, which is rare: most recognised lines have no problem.
  let problems: string[] | undefined;
  const replaceable = headerProcessFields(event, parsed.fields);
  // The parser's own fields first, so that its event.dataset (e.g. nginx.error) wins over the default.
  const fields = parsed.fields;
  for (const name in fields) problems = noted(applyField(event, name, fields[name], replaceable), name, set, problems);
  problems = noted(applyField(event, 'event.dataset', parser.name, NO_FIELDS), 'event.dataset', set, problems);
  problems = noted(applyField(event, 'event.module', parser.module, NO_FIELDS), 'event.module', set, problems);
  addRelated(event, set);
  if (problems !== undefined) flagEvent(event, 'parser_error', `${parser.name} (${parsed.rule}): ${problems.join('; ')}`);
  if (record) {
    record.rule = parsed.rule;
    record.problems = problems ?? [];
  }
  return true;
}

/** What applyField did, told to `set` (when recognise() keeps the record) or added to the problems. */
function noted(done: boolean | string, name: string, set: string[] | undefined, problems: string[] | undefined): string[] | undefined {
  if (done === true) set?.push(name);
  else if (done !== false) (problems ??= []).push(done);
  return problems;
}

/**
 * One field of a parser's answer, under the rules of the header comment: true when it was set,
 * false when there was nothing to set (no value, or the event's own value stands), else the problem.
 */
function applyField(event: LogEvent, name: string, value: FieldValue | undefined, replaceable: ReadonlySet<string>): boolean | string {
  const def = fieldByName(name);
  if (def === undefined) return `${name} is not a stored field`;
  if (isAbsent(def, value) || (!isAbsent(def, event[name]) && !replaceable.has(name))) return false; // nothing found, or the event's own value stands
  const converted = convert(def, value as FieldValue);
  if (converted === undefined) {
    keepAsLabel(event, name, value as FieldValue);
    return `${name}: expected ${expected(def)}, found ${JSON.stringify(value).slice(0, 80)} (kept as label)`;
  }
  event[name] = converted;
  return true;
}

/** process.name/pid the syslog normaliser copied from the header, when the parser names the line's own process instead. */
function headerProcessFields(event: LogEvent, fields: LogEvent): ReadonlySet<string> {
  const name = fields['process.name'];
  if (typeof name !== 'string' || name === '' || event['process.name'] !== event['log.syslog.appname']) return NO_FIELDS;
  const headerPid = event['log.syslog.procid'];
  const pidFromHeader = event['process.pid'] === undefined || String(event['process.pid']) === headerPid;
  return pidFromHeader ? PROCESS_NAME_AND_PID : PROCESS_NAME;
}

const NO_FIELDS: ReadonlySet<string> = new Set();
const PROCESS_NAME: ReadonlySet<string> = new Set(['process.name']);
const PROCESS_NAME_AND_PID: ReadonlySet<string> = new Set(['process.name', 'process.pid']);

/** isEmptyValue, with the common cases first: this runs for every field of every recognised event. */
function isAbsent(def: FieldDef, value: FieldValue | undefined): boolean {
  if (value === undefined || value === '') return true;
  return typeof value === 'string' ? false : isEmptyValue(def, value);
}

function convert(def: FieldDef, value: FieldValue): FieldValue | undefined {
  if (typeof value === 'string' && (def.kind === 'keyword' || def.kind === 'text')) return def.array ? [value] : value; // most values: a string for a string field
  if (def.array) return typeof value === 'string' ? convertList(def, [value]) : Array.isArray(value) ? convertList(def, value as readonly unknown[]) : undefined;
  switch (def.kind) {
    case 'int': {
      const number = typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
      return typeof number === 'number' && fitsIntColumn(def, number) ? number : undefined;
    }
    case 'ip':
      return typeof value === 'string' && isIP(value) !== 0 ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'map':
    case 'time':
      return undefined; // parsers set neither labels wholesale nor times: @timestamp is the normaliser's
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
}

/**
 * A parser's list as a new array without '' and repeated items (first kept), or undefined when an
 * item is not a string or not an address for an ip field. One pass with includes: the lists are
 * one to three items (event.category, event.type), where a Set costs more than it saves.
 */
function convertList(def: FieldDef, list: readonly unknown[]): string[] | undefined {
  const out: string[] = [];
  for (const item of list) {
    if (item === '') continue;
    if (typeof item !== 'string' || (def.kind === 'ip' && isIP(item) === 0)) return undefined;
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

function expected(def: FieldDef): string {
  if (def.array) return def.kind === 'ip' ? 'a list of IP addresses' : 'a list of strings';
  return { int: `an integer that fits ${def.type}`, ip: 'an IP address', bool: 'true or false', map: 'no value from a parser', time: 'no value from a parser' }[def.kind as string] ?? 'a string';
}

function keepAsLabel(event: LogEvent, name: string, value: FieldValue): void {
  const labels = { ...((event['labels'] as Record<string, string> | undefined) ?? {}) };
  labels[name] ??= typeof value === 'string' ? value : JSON.stringify(value);
  event['labels'] = labels;
}

const RELATED: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['related.ip', ['source.ip', 'destination.ip']],
  ['related.user', ['user.name', 'user.target.name', 'user.effective.name']],
];

/** ECS related.*: every address and user the event names, so one query finds them in any role. */
function addRelated(event: LogEvent, set: string[] | undefined): void {
  for (const [list, from] of RELATED) {
    const existing = event[list] as readonly string[] | undefined;
    if (existing !== undefined) {
      addToExisting(event, list, from, existing, set);
      continue;
    }
    // The usual case, the event has no list yet: an array of the (one to three) distinct values, no Set.
    let values: string[] | undefined;
    for (const name of from) {
      const value = event[name];
      if (typeof value !== 'string' || value === '') continue;
      if (values === undefined) values = [value];
      else if (!values.includes(value)) values.push(value);
    }
    if (values === undefined) continue;
    event[list] = values;
    set?.push(list);
  }
}

/** A list the sender gave already: its values and the event's new ones, each once. */
function addToExisting(event: LogEvent, list: string, from: readonly string[], existing: readonly string[], set: string[] | undefined): void {
  let values: Set<string> | undefined;
  for (const name of from) {
    const value = event[name];
    if (typeof value !== 'string' || value === '') continue;
    values ??= new Set<string>(existing);
    values.add(value);
  }
  if (values === undefined || values.size === existing.length) return;
  event[list] = [...values];
  set?.push(list);
}
