// Fuzzing every parser of the real table (R-EVENTS-1, R-FIELDS-1: what the parsers set must be true
// to the line, whatever the line). For each parser and each of its programs, and for the parsers
// chosen by content with crafted prefixes (`CEF:0|`, `LEEF:2.0|`, `{`, `a=b c=d`, a Windows event),
// fast-check mutates the fixtures' messages (characters inserted and deleted, pieces repeated up to
// 64 KiB) and runs each through the real normaliser and recognise.ts, checking that:
//   - no parser throws (recognise.ts would flag it; here that is a failure: the parser must not throw);
//   - event.original and message come out exactly as they went in;
//   - every field set is a registry field whose value fits it (ports 0–65535, IPs valid, lists of
//     strings), and no parser sets a field the server owns (logwarden.*, event.original, times);
//   - the same input gives the same answer and the same event (determinism);
//   - a 64 KiB message is read within 50 ms (a linear read takes about a millisecond): a check for
//     regex backtracking (quadratic or worse takes seconds), not a timed assertion of speed; the
//     smaller of wall and CPU time counts, and a slow call is measured again, the fastest of three.
// The seed is fixed, so a failure is repeatable; fast-check prints the shrunk input. A harness test
// on a test-only table shows that each check can fail.
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LogEvent } from '../schema/event.ts';
import { fieldByName } from '../schema/fields.ts';
import { normaliseJson } from '../transforms/normalise-json.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { ALL_FIXTURES } from './all-fixtures.fixtures.ts';
import { patternParser, type Parser } from './parser.ts';
import { buildParserTable, recognise, type ParserTable } from './recognise.ts';
import { PARSERS, PARSER_TABLE } from './table.ts';

const RUNS = 200;
const SEED = 20261201;
const MAX_MESSAGE = 64 * 1024;
/** Far above what a linear read of 64 KiB costs (well under a millisecond a rule), far below quadratic backtracking (seconds). */
const BUDGET_MS = 50;
const SOURCE = { protocol: 'syslog-udp', listener: '127.0.0.1:5514', peer: '127.0.0.1:40000', identity: '' };
const RECEIVED_AT = Date.UTC(2026, 2, 7, 12, 0, 0);

type Seed = { readonly kind: 'message'; readonly program: string; readonly message: string } | { readonly kind: 'json'; readonly document: Readonly<Record<string, unknown>> };

/** Shapes the content-detected parsers look for, given to every parser. */
const CRAFTED: readonly Seed[] = [
  { kind: 'message', program: '', message: 'CEF:0|Vendor|Product|1.0|100|Blocked connection|5|src=192.0.2.1 dst=192.0.2.2 spt=40000 dpt=22 suser=bob act=blocked' },
  { kind: 'message', program: '', message: 'LEEF:2.0|Vendor|Product|1.0|4625|^|src=192.0.2.1^dst=192.0.2.2^usrName=bob^proto=TCP' },
  { kind: 'message', program: '', message: 'LEEF:1.0|Vendor|Product|1.0|login\tsrc=192.0.2.1\tusrName=alice\tsev=5' },
  { kind: 'message', program: 'app', message: '{"level":"warn","msg":"login failed","user":"bob","client_ip":"192.0.2.7","status":401}' },
  { kind: 'message', program: 'app', message: 'a=b c=d level=error msg="login failed for bob" user=bob src=192.0.2.7 port=50022' },
  {
    kind: 'json',
    document: { message: 'An account failed to log on.', winlog: { channel: 'Security', event_id: 4625, event_data: { TargetUserName: 'bob', IpAddress: '192.0.2.7', IpPort: '50022' } } },
  },
  { kind: 'json', document: { '@timestamp': '2026-03-07T10:00:00Z', message: 'GET /login 401', 'log.level': 'info', user: { name: 'carol' }, source: { ip: '192.0.2.9' } } },
];

/** Each parser's fixture inputs, as messages of their program or as JSON documents. */
function fixtureSeeds(parser: Parser): Seed[] {
  const seeds: Seed[] = [];
  for (const [, fixtures] of ALL_FIXTURES) {
    for (const fixture of [...fixtures.matching.filter((one) => one.parser === parser.name), ...fixtures.nonMatching]) {
      if (fixture.json !== undefined) seeds.push({ kind: 'json', document: fixture.json });
      else {
        const event = normaliseSyslog({ bytes: Buffer.from(fixture.syslog), truncated: false }, { source: SOURCE, receivedAt: RECEIVED_AT }).event;
        const program = event['log.syslog.appname'] ?? event['process.name'];
        seeds.push({ kind: 'message', program: typeof program === 'string' ? program : '', message: String(event['message'] ?? '') });
      }
    }
  }
  return seeds;
}

type Op =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete' | 'repeat'; readonly at: number; readonly length: number; readonly times: number }
  /** Replace the at-th number (`number`) or the at-th word (`word`) of the text: the line keeps its shape, its values go wrong. */
  | { readonly kind: 'number' | 'word'; readonly at: number; readonly text: string };

const PIECES = [
  ' ',
  '  ',
  '=',
  '"',
  "'",
  ':',
  '[',
  ']',
  '(',
  ')',
  '|',
  '^',
  '\\',
  '\t',
  '{',
  '}',
  ',',
  '.',
  '-',
  '/',
  '@',
  '0',
  '9',
  'a',
  'Z',
  'é',
  '€',
  '\u0000',
  '\u001b',
  '65536',
  '-1',
  '999.1.1.1',
  '::',
  'root',
  ' port ',
  ' from ',
  '=""',
];
/** Values that break a field: ports and pids out of range, numbers too long for an integer, odd signs. */
const NUMBERS = ['0', '65535', '65536', '99999', '4294967296', '-1', '007', '1e3', '0x1F', '99999999999999999999', '1.5', ''];
/** Words that break a field or a pattern: not-quite addresses, empty and quoted values, separators. */
const WORDS = ['999.1.1.1', '1.2.3', '::g', 'fe80::1%eth0', '192.0.2.7:22', '-', '""', '"', '=', 'a=b', '[', ']', '|', ';', 'root root', 'é', '\u0000', ''];
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }), times: fc.constant(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }), times: fc.integer({ min: 2, max: MAX_MESSAGE }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('number' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer().map(String)) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('word' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 12 })) }) },
);

export function mutate(text: string, ops: readonly Op[]): string {
  let out = text;
  for (const op of ops) {
    const at = op.at % (out.length + 1);
    if (op.kind === 'insert') out = out.slice(0, at) + op.text + out.slice(at);
    else if (op.kind === 'delete') out = out.slice(0, at) + out.slice(at + op.length);
    else if (op.kind === 'number' || op.kind === 'word') out = replaceNth(out, op.kind === 'number' ? /\d+/g : /[^ ]+/g, op.at, op.text);
    else if (op.kind === 'repeat') {
      const piece = out.slice(at, at + op.length) || 'a';
      out = out.slice(0, at) + piece.repeat(Math.max(1, Math.floor(Math.min(op.times, MAX_MESSAGE / piece.length)))) + out.slice(at + op.length);
    }
  }
  return out.length > MAX_MESSAGE ? out.slice(0, MAX_MESSAGE) : out;
}

/** `text` with the (n mod count)-th match of `pattern` replaced by `by`. */
function replaceNth(text: string, pattern: RegExp, n: number, by: string): string {
  const matches = [...text.matchAll(pattern)];
  const match = matches[n % Math.max(1, matches.length)];
  if (match === undefined) return text;
  return text.slice(0, match.index) + by + text.slice(match.index + match[0].length);
}

/** Every string leaf of a JSON document, by path. */
function stringLeaves(value: unknown, path: readonly string[] = []): (readonly string[])[] {
  if (typeof value === 'string') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => stringLeaves(child, [...path, key]));
}

function withLeaf(document: unknown, path: readonly string[], change: (text: string) => string): unknown {
  if (path.length === 0) return typeof document === 'string' ? change(document) : document;
  const [key, ...rest] = path as [string, ...string[]];
  const copy = Array.isArray(document) ? [...(document as unknown[])] : { ...(document as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = withLeaf((document as Record<string, unknown>)[key], rest, change);
  return copy;
}

/** The event a mutated seed becomes through the real normaliser: as program `program` when it is a message. */
export function fuzzEvent(seed: Seed, program: string, ops: readonly Op[], leaf: number): LogEvent {
  if (seed.kind === 'message') {
    const header = program === '' ? '<38>1 2026-03-07T10:00:00Z web1 - - - - ' : `<38>1 2026-03-07T10:00:00Z web1 ${program} 4242 - - `;
    return normaliseSyslog({ bytes: Buffer.from(header + mutate(seed.message, ops)), truncated: false }, { source: SOURCE, receivedAt: RECEIVED_AT }).event;
  }
  const leaves = stringLeaves(seed.document);
  const document = leaves.length === 0 ? seed.document : withLeaf(seed.document, leaves[leaf % leaves.length] as readonly string[], (text) => mutate(text, ops));
  const line = JSON.stringify(document);
  return normaliseJson(document, line, { source: { ...SOURCE, protocol: 'http' }, receivedAt: RECEIVED_AT }).event;
}

const SERVER_OWNED = /^(logwarden\.|event\.(original|ingested|sequence)$|@timestamp$)/;

/** Why the value a parser stored does not fit its field; undefined when it fits. */
export function misfit(name: string, value: unknown): string | undefined {
  const def = fieldByName(name);
  if (def === undefined) return `${name} is not a registry field`;
  if (SERVER_OWNED.test(name)) return `${name} is the server's to set`;
  if (def.array) {
    if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string' || item === ''))
      return `${name}: expected a list of non-empty strings, found ${JSON.stringify(value)}`;
    return def.kind === 'ip' && value.some((item) => isIP(item as string) === 0) ? `${name}: expected IP addresses, found ${JSON.stringify(value)}` : undefined;
  }
  if (def.kind === 'int') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `${name}: expected an integer, found ${JSON.stringify(value)}`;
    return name.endsWith('.port') && (value < 0 || value > 65535) ? `${name}: expected a port 0–65535, found ${value}` : undefined;
  }
  if (def.kind === 'ip') return typeof value === 'string' && isIP(value) !== 0 ? undefined : `${name}: expected an IP address, found ${JSON.stringify(value)}`;
  if (def.kind === 'bool') return typeof value === 'boolean' ? undefined : `${name}: expected true or false`;
  if (def.kind === 'time' || def.kind === 'map') return `${name}: a parser sets no ${def.kind} field`;
  return typeof value === 'string' && value !== '' ? undefined : `${name}: expected a non-empty string, found ${JSON.stringify(value)}`;
}

function timed(event: LogEvent, table: ParserTable): { event: LogEvent; recognition: ReturnType<typeof recognise>; ms: number } {
  const copy = structuredClone(event);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const recognition = recognise(copy, table);
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  // The smaller of wall and CPU time: a call the machine's load preempted is not a slow call.
  return { event: copy, recognition, ms: Math.min(wallMs, (user + system) / 1000) };
}

/**
 * Every check on one input; the problems found ([] when none), each naming the parser at fault: a
 * line given to one parser's program may be read by another (a content-detected one), and what that
 * one does is checked too.
 */
export function checkInput(event: LogEvent, table: ParserTable, budgetMs = BUDGET_MS): string[] {
  const problems: string[] = [];
  const first = timed(event, table);
  const { recognition } = first;
  if (recognition?.problems.some((problem) => problem.startsWith(`the ${recognition.parser} parser failed`))) problems.push(`threw: ${recognition.problems.join('; ')}`);
  for (const name of ['event.original', 'message']) if (first.event[name] !== event[name]) problems.push(`${name} changed`);
  for (const name of recognition?.set ?? []) {
    const problem = misfit(name, first.event[name]);
    if (problem) problems.push(`${recognition?.parser} (${recognition?.rule}) set ${problem}`);
  }
  const second = timed(event, table);
  if (!isDeepStrictEqual([second.recognition, second.event], [recognition, first.event])) problems.push('a second run gave another answer');
  const fastest = Math.min(first.ms, second.ms, first.ms > budgetMs ? timed(event, table).ms : first.ms);
  if (fastest > budgetMs) problems.push(`took ${fastest.toFixed(1)} ms (budget ${budgetMs} ms) on a ${String(event['message'] ?? '').length}-character message: does a pattern backtrack?`);
  return problems;
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

/** The programs a parser is fuzzed as: its own, and for a content-detected parser some it does not name. */
function programsOf(parser: Parser): string[] {
  const own = [...(parser.programs ?? [])];
  return parser.detect ? [...own, '', 'app', 'unknown-program'] : own;
}

export function fuzzParser(parser: Parser, table: ParserTable, runs = RUNS): void {
  const seeds = [...fixtureSeeds(parser), ...CRAFTED];
  const programs = programsOf(parser);
  if (programs.length === 0) return;
  const input = fc.record({ seed: fc.constantFrom(...seeds), program: fc.constantFrom(...programs), ops: fc.array(opArbitrary, { maxLength: 4 }), leaf: fc.nat() });
  fc.assert(
    fc.property(input, ({ seed, program, ops, leaf }) => {
      const problems = checkInput(fuzzEvent(seed, program, ops, leaf), table);
      assert.deepEqual(problems, [], `${parser.name} as program '${program}'`);
    }),
    { seed: SEED, numRuns: runs },
  );
  // Pumped to 64 KiB at the start, in the middle and at the end of the first seeds: the shapes that make a regex backtrack.
  let pumped = 0;
  for (const seed of seeds.slice(0, 12)) {
    for (const piece of [' ', 'a', '0', '"', '=', ':', 'a=b ', '|']) {
      for (const at of [0, 0.5, 1]) {
        const text = seed.kind === 'message' ? seed.message : '';
        const ops: Op[] = [{ kind: 'insert', at: Math.floor(text.length * at), text: piece }];
        ops.push({ kind: 'repeat', at: Math.floor(text.length * at), length: piece.length, times: MAX_MESSAGE });
        // The seed's own program when the parser reads it, else each of the parser's programs in turn.
        const program = seed.kind === 'message' && programs.includes(seed.program.toLowerCase()) ? seed.program : (programs[pumped++ % programs.length] as string);
        const problems = checkInput(fuzzEvent(seed, seed.kind === 'message' ? program : '', ops, 0), table);
        assert.deepEqual(problems, [], `${parser.name} as program '${program}', ${JSON.stringify(piece)} repeated at ${at * 100}% of ${JSON.stringify(text.slice(0, 60))}`);
      }
    }
  }
}

for (const parser of PARSERS) {
  test(`fuzz: ${parser.name} (${(parser.programs ?? []).join(', ') || 'detected by content'}): never throws, never changes the line, sets only fitting fields, deterministic, no backtracking`, () => {
    fuzzParser(parser, PARSER_TABLE);
  });
}

// The harness itself, on a test-only table: a sound parser passes, and each check fails when it should.
const sound = patternParser({
  name: 'sound',
  description: 'test parser',
  module: 'test',
  programs: ['sound'],
  rules: [
    {
      name: 'failed',
      needle: 'Failed',
      pattern: /^Failed login for (?<user>[^ ]+) from (?<ip>[0-9a-f.:]+) port (?<port>\d{1,5})$/,
      fields: (g) => ({ 'event.outcome': 'failure', 'user.name': g['user'], 'source.ip': g['ip'], 'source.port': Number(g['port']) <= 65535 ? g['port'] : undefined }),
    },
  ],
});
const messageOf = (program: string, message: string): LogEvent => fuzzEvent({ kind: 'message', program, message }, program, [], 0);

test('fuzz harness: a sound parser passes 200 mutated inputs, 64 KiB pumps included', () => {
  fuzzParser(sound, buildParserTable([sound]));
  assert.deepEqual(checkInput(messageOf('sound', 'Failed login for bob from 192.0.2.7 port 22'), buildParserTable([sound])), []);
});

test('fuzz harness: a throwing parser, a non-IP, a server field, a changing answer and a backtracking pattern are each caught', () => {
  const one = (parse: Parser['parse']): ParserTable => buildParserTable([{ name: 'bad', description: 'test', module: 'test', programs: ['bad'], parse }]);
  const line = messageOf('bad', 'x');
  const cases: [ParserTable, RegExp][] = [
    [
      one(() => {
        throw new Error('boom');
      }),
      /^threw: the bad parser failed: boom/,
    ],
    [one(() => ({ rule: 'r', fields: { 'logwarden.system': 'web' } })), /set logwarden\.system is the server's to set/],
    [one(() => ({ rule: 'r', fields: { 'user.name': String(Math.random()) } })), /a second run gave another answer/],
  ];
  for (const [table, expected] of cases) assert.match(checkInput(line, table).join('\n'), expected);
  // A port out of range never reaches its field: recognition keeps it as a label and flags the event (a malformed line, not a parser fault).
  const badPort = messageOf('bad', 'x');
  recognise(
    badPort,
    one(() => ({ rule: 'r', fields: { 'source.port': '70000' } })),
  );
  assert.deepEqual([badPort['source.port'], badPort['logwarden.parse.error'], (badPort['labels'] as Record<string, string>)['source.port']], [undefined, 'parser_error', '70000']);
  assert.equal(misfit('source.ip', 'not-an-ip'), 'source.ip: expected an IP address, found "not-an-ip"');
  assert.equal(misfit('related.user', ['a', 1]), 'related.user: expected a list of non-empty strings, found ["a",1]');
  assert.equal(misfit('no.such.field', 'x'), 'no.such.field is not a registry field');
  const quadratic = buildParserTable([patternParser({ name: 'slow', description: 'test', module: 'test', programs: ['slow'], rules: [{ name: 'r', pattern: /a+b/, fields: () => ({}) }] })]);
  assert.match(checkInput(messageOf('slow', 'a'.repeat(16_384)), quadratic).join('\n'), /took \d+\.\d ms \(budget 50 ms\) on a 16384-character message/);
});

test('mutations: inserts, deletes and repeats stay within 64 KiB', () => {
  assert.equal(mutate('abc', [{ kind: 'insert', at: 1, text: 'X' }]), 'aXbc');
  assert.equal(mutate('abcdef', [{ kind: 'delete', at: 2, length: 2, times: 1 }]), 'abef');
  assert.equal(mutate('ab', [{ kind: 'repeat', at: 1, length: 1, times: 3 }]), 'abbb');
  assert.equal(mutate('ab', [{ kind: 'repeat', at: 0, length: 1, times: 10_000_000 }]).length, MAX_MESSAGE);
  assert.equal(mutate('from 192.0.2.7 port 22 ssh2', [{ kind: 'number', at: 4, text: '65536' }]), 'from 192.0.2.7 port 65536 ssh2');
  assert.equal(mutate('from 192.0.2.7 port 22 ssh2', [{ kind: 'word', at: 1, text: '999.1.1.1' }]), 'from 999.1.1.1 port 22 ssh2');
});
