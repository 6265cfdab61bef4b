// Bench (called from main.ts; alone: `npm run bench:parsers`): what the per-program parsers cost.
//  a. On one core, in process: a mixed corpus (every fixture input of src/parsers/*.fixtures.ts,
//     repeated, and lines no parser knows in a realistic share, 30% by default) through the
//     normaliser alone and through the normaliser and recognise.ts (recogniseParser, the path the
//     pipeline runs), alternating, in the same run; lines/s of each and the parsers' share.
//  b. End to end: the built server started as `npm start` starts it with `ingest.parsers: true` and
//     `false` (same corpus, syslog lines over one TCP connection at full speed, until all are
//     searchable), alternating on/off/on/off; events/s of each and the ratio. The target:
//     parsers cost at most 10% of end-to-end throughput.
// The header names the parser count and the corpus: with few parsers merged the corpus is mostly
// unknown lines. Prints figures, never asserts them. Options: BENCH_PARSER_LINES (default 200000,
// in process), BENCH_PARSER_EVENTS (default 200000, end to end), BENCH_PARSER_UNKNOWN (default 0.3).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import { ALL_FIXTURES } from '../parsers/all-fixtures.fixtures.ts';
import type { Parser } from '../parsers/parser.ts';
import { buildParserTable, recogniseParser } from '../parsers/recognise.ts';
import { PARSERS, PARSER_TABLE } from '../parsers/table.ts';
import type { LogEvent } from '../schema/event.ts';
import { normaliseJson } from '../transforms/normalise-json.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';

const LINES = Number(process.env['BENCH_PARSER_LINES'] ?? 200_000);
const EVENTS = Number(process.env['BENCH_PARSER_EVENTS'] ?? 200_000);
const UNKNOWN_SHARE = Number(process.env['BENCH_PARSER_UNKNOWN'] ?? 0.3);
const SOURCE = { protocol: 'syslog-tcp', listener: 'bench', peer: 'bench', identity: '' };

type Input = { readonly syslog: Buffer } | { readonly json: string };

/** Lines no parser knows, as busy hosts send them: application chatter, kernel and daemon noise. */
function unknownLine(i: number): string {
  const host = `app-${i % 7}`;
  switch (i % 5) {
    case 0:
      return `<30>Mar  7 10:${String(i % 60).padStart(2, '0')}:00 ${host} shop-api[${1000 + (i % 90)}]: GET /api/items/${i % 9973} served in ${i % 250} ms (cache ${i % 2 ? 'hit' : 'miss'})`;
    case 1:
      return `<6>Mar  7 10:00:00 ${host} kernel: [${(i / 10).toFixed(1)}] eth0: renamed from veth${i % 97}`;
    case 2:
      return `<29>1 2026-03-07T10:00:00.${String(i % 1000).padStart(3, '0')}Z ${host} systemd-resolved 312 - - Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 192.0.2.${i % 250}.`;
    case 3:
      return `<22>Mar  7 10:00:00 ${host} postfix/qmgr[${2000 + (i % 50)}]: ${(0x4a000 + i).toString(16).toUpperCase()}: from=<noreply@example.org>, size=${1000 + (i % 5000)}, nrcpt=1 (queue active)`;
    default:
      return `<134>1 2026-03-07T10:00:00Z ${host} worker ${i % 400} - - job ${i} finished: ${i % 31} items, ${i % 3} retries`;
  }
}

export interface ParserCorpus {
  readonly inputs: readonly Input[];
  /** Fixture inputs (matching and non-matching) it repeats. */
  readonly fixtureInputs: number;
  readonly unknownShare: number;
}

/** `size` inputs: the fixtures' inputs in turn, with an unknown line wherever the share asks for one. */
export function parserCorpus(size: number, syslogOnly = false): ParserCorpus {
  const fixtures: Input[] = [];
  for (const [, set] of ALL_FIXTURES) {
    for (const fixture of [...set.matching, ...set.nonMatching]) {
      if (fixture.syslog !== undefined) fixtures.push({ syslog: Buffer.from(fixture.syslog) });
      else if (!syslogOnly) fixtures.push({ json: JSON.stringify(fixture.json) });
    }
  }
  const share = fixtures.length === 0 ? 1 : UNKNOWN_SHARE;
  const inputs: Input[] = [];
  for (let i = 0; i < size; i++) {
    const unknown = Math.floor((i + 1) * share) > Math.floor(i * share);
    inputs.push(unknown ? { syslog: Buffer.from(unknownLine(i)) } : (fixtures[i % fixtures.length] as Input));
  }
  return { inputs, fixtureInputs: fixtures.length, unknownShare: share };
}

function normalise(input: Input, receivedAt: number): LogEvent {
  if ('syslog' in input) return normaliseSyslog({ bytes: input.syslog, truncated: false }, { source: SOURCE, receivedAt }).event;
  return normaliseJson(JSON.parse(input.json) as unknown, input.json, { source: SOURCE, receivedAt }).event;
}

/** Lines/s of one pass; `recognised` counts the events a parser claimed. */
function pass(inputs: readonly Input[], parse: boolean): { linesPerSecond: number; recognised: number } {
  const receivedAt = Date.UTC(2026, 2, 7, 12);
  let recognised = 0;
  const started = performance.now();
  for (const input of inputs) {
    const event = normalise(input, receivedAt);
    if (parse && recogniseParser(event, PARSER_TABLE) !== undefined) recognised++;
  }
  return { linesPerSecond: inputs.length / ((performance.now() - started) / 1000), recognised };
}

function inProcess(): void {
  const corpus = parserCorpus(LINES);
  pass(corpus.inputs.slice(0, 20_000), true); // warm up both paths
  pass(corpus.inputs.slice(0, 20_000), false);
  const off: number[] = [];
  const on: number[] = [];
  let recognised = 0;
  for (let round = 0; round < 3; round++) {
    off.push(pass(corpus.inputs, false).linesPerSecond);
    const result = pass(corpus.inputs, true);
    on.push(result.linesPerSecond);
    recognised = result.recognised;
  }
  const [bestOff, bestOn] = [Math.max(...off), Math.max(...on)];
  const perLineUs = (1 / bestOn - 1 / bestOff) * 1e6;
  console.log(`parsers, one core, in process: ${LINES} lines, best of 3 alternating rounds`);
  console.log(`  normalise only      : ${Math.round(bestOff).toLocaleString('en')} lines/s`);
  console.log(
    `  normalise + parsers : ${Math.round(bestOn).toLocaleString('en')} lines/s (${((1 - bestOn / bestOff) * 100).toFixed(1)}% slower, ${perLineUs.toFixed(2)} µs a line; ${recognised} of ${LINES} recognised)`,
  );
  costByParser(corpus.inputs);
}

interface ParserCost {
  calls: number;
  claimed: number;
  ms: number;
}

/** Where the parsers' time goes: each parser's detect and parse calls timed over one pass of the corpus. */
function costByParser(inputs: readonly Input[]): void {
  const costs = new Map<string, ParserCost>();
  const timed = (parser: Parser): Parser => {
    const cost: ParserCost = { calls: 0, claimed: 0, ms: 0 };
    costs.set(parser.name, cost);
    const clock = <T>(run: () => T): T => {
      const started = performance.now();
      const result = run();
      cost.ms += performance.now() - started;
      return result;
    };
    const detect = parser.detect;
    return {
      ...parser,
      ...(detect ? { detect: (input) => clock(() => detect(input)) } : {}),
      parse: (input) => {
        cost.calls++;
        const parsed = clock(() => parser.parse(input));
        if (parsed) cost.claimed++;
        return parsed;
      },
    };
  };
  const table = buildParserTable(PARSERS.map(timed));
  const receivedAt = Date.UTC(2026, 2, 7, 12);
  for (const input of inputs) recogniseParser(normalise(input, receivedAt), table);
  const ranked = [...costs].sort(([, a], [, b]) => b.ms - a.ms).filter(([, cost]) => cost.ms > 0);
  console.log(`  time by parser over one pass (detect + parse; the timing adds about 0.1 µs a call):`);
  for (const [name, cost] of ranked.slice(0, 8)) {
    console.log(`    ${name.padEnd(18)} ${((cost.ms / inputs.length) * 1000).toFixed(2)} µs a line, ${cost.calls} parse calls, ${cost.claimed} claimed`);
  }
}

async function count(server: BenchServer, token: string, query: string): Promise<number> {
  const response = await fetch(`${server.http}/api/v1/count?q=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { count: number }).count;
}

/** One server run: every line over one octet-counted TCP connection, until all are searchable. */
async function endToEndRun(frames: readonly Buffer[], parsers: boolean): Promise<{ eventsPerSecond: number; recognised: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-bench-parsers-'));
  const server = await startBenchServer(dir, `ingest:\n  parsers: ${parsers}\n`);
  try {
    const token = (await readFile(path.join(dir, 'secrets/initial-admin-token'), 'utf8')).trim();
    const started = performance.now();
    const socket = net.connect(server.tcp.port, server.tcp.host);
    await new Promise((resolve) => socket.once('connect', resolve));
    for (let at = 0; at < frames.length; at += 1000) {
      if (!socket.write(Buffer.concat(frames.slice(at, at + 1000)))) await new Promise((resolve) => socket.once('drain', resolve));
    }
    await new Promise<void>((resolve) => socket.end(resolve));
    while ((await count(server, token, 'logwarden.source.protocol:"syslog-tcp"')) < frames.length) await new Promise((resolve) => setTimeout(resolve, 50));
    const eventsPerSecond = frames.length / ((performance.now() - started) / 1000);
    return { eventsPerSecond, recognised: await count(server, token, 'event.dataset:*') };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const RUN_ORDER = [false, true, true, false, false, true] as const;

async function endToEnd(): Promise<void> {
  const corpus = parserCorpus(EVENTS, true);
  const frames = corpus.inputs.map((input) => {
    const body = (input as { syslog: Buffer }).syslog;
    return Buffer.concat([Buffer.from(`${body.length} `), body]);
  });
  const runs: { parsers: boolean; eventsPerSecond: number; recognised: number }[] = [];
  // ABBA order (off, on, on, off, off, on): a drift of the shared machine over the runs weighs on both sides alike.
  for (const parsers of RUN_ORDER) runs.push({ parsers, ...(await endToEndRun(frames, parsers)) });
  const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const on = mean(runs.filter((run) => run.parsers).map((run) => run.eventsPerSecond));
  const off = mean(runs.filter((run) => !run.parsers).map((run) => run.eventsPerSecond));
  const recognised = runs.map((run) => run.recognised);
  console.log(
    `parsers, end to end (syslog TCP → searchable, ledger on): ${EVENTS} events (${corpus.fixtureInputs} syslog fixture lines repeated, ${(corpus.unknownShare * 100).toFixed(0)}% unknown lines)`,
  );
  console.log(
    `  runs (${RUN_ORDER.map((on) => (on ? 'on' : 'off')).join(', ')}): ${runs.map((run) => Math.round(run.eventsPerSecond).toLocaleString('en')).join(', ')} events/s; events with event.dataset: ${recognised.join(', ')}`,
  );
  console.log(`  ingest.parsers true  : ${Math.round(on).toLocaleString('en')} events/s (mean of ${RUN_ORDER.length / 2})`);
  console.log(`  ingest.parsers false : ${Math.round(off).toLocaleString('en')} events/s (mean of ${RUN_ORDER.length / 2})`);
  console.log(`  parsers on / off     : ${(on / off).toFixed(3)} (${((1 - on / off) * 100).toFixed(1)}% cost; target at most 10%)`);
}

export async function benchParsers(): Promise<void> {
  const corpus = parserCorpus(LINES);
  const detecting = PARSERS.filter((parser) => parser.detect).length;
  console.log(
    `parsers bench: ${PARSERS.length} parsers (${detecting} detected by content), ${corpus.fixtureInputs} fixture inputs repeated, ${(corpus.unknownShare * 100).toFixed(0)}% unknown lines, ${os.cpus().length} cores, node ${process.version}`,
  );
  inProcess();
  await endToEnd();
}

if (import.meta.filename === process.argv[1]) await benchParsers();
